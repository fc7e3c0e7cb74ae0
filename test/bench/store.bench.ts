// Micro-benchmark of the panel store's ingest, without a browser: regressions in
// the per-frame cost of apply() show up here first. Run: npx vitest bench --run
import { bench, describe } from 'vitest';
import { createStore } from '../../src/panel/store';
import type { BridgeRecords } from '../../src/protocol/extension-messages';
import { PROTOCOL_VERSION } from '../../src/protocol/version';

const N = 100_000;
function batch(docId: string): BridgeRecords {
  const now = Date.now();
  const f = { fseq0: 0, sock: [] as number[], flags: [] as number[], size: [] as number[], time: [] as number[], data: [] as string[] };
  for (let i = 0; i < N; i++) {
    const t = `{"type":"tick","seq":${i},"px":1234.5}`;
    f.sock.push(1);
    f.flags.push(i & 1);
    f.size.push(t.length);
    f.time.push(now + i);
    f.data.push(t);
  }
  return {
    v: PROTOCOL_VERSION,
    t: 'snapshot',
    doc: { id: docId, url: 'http://bench/', isTop: true, startedAt: now },
    frames: f,
    events: [{ k: 'create', eseq: 0, at: 0, time: now, sock: 1, url: 'ws://bench/', protocols: null }],
    counters: [],
    nextFseq: N,
    nextEseq: 1,
    droppedEvents: 0,
  };
}

describe('panel store ingest', () => {
  const msg = batch('bench');
  bench(`apply ${N / 1000}k frames`, () => {
    const s = createStore();
    s.setScheduler(() => {});
    s.apply(0, msg);
  });
  bench(`apply ${N / 1000}k frames over a 50k cap (evicting)`, () => {
    const s = createStore({ maxFrames: 50_000, maxBytes: 1e9 });
    s.setScheduler(() => {});
    s.apply(0, msg);
  });
});
