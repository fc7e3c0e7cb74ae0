// The panel's reconnect chains are cached: recomputed when the connections' facts,
// their first frames or the clock change, and not for frames that cannot change them.
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/panel/store';
import { chainsOf } from '../../src/panel/chains';
import type { BridgeRecords, DocInfo } from '../../src/protocol/extension-messages';
import { FrameFlag, type HookEvent } from '../../src/protocol/records';
import { PROTOCOL_VERSION } from '../../src/protocol/version';

const d: DocInfo = { id: 'doc', url: 'http://127.0.0.1/', isTop: true, startedAt: 1000 };
let eseq = 0;
const ev = (x: Record<string, unknown>) => ({ eseq: eseq++, at: 0, ...x }) as unknown as HookEvent;

function records(fseq0: number, texts: string[], events: HookEvent[] = []): BridgeRecords {
  return {
    v: PROTOCOL_VERSION,
    t: 'batch',
    doc: d,
    frames: { fseq0, sock: texts.map(() => 1), flags: texts.map(() => FrameFlag.Out), size: texts.map((t) => t.length), time: texts.map((_, i) => 2000 + fseq0 + i), data: texts },
    events: events.map((e) => ({ ...e, at: fseq0 })),
    counters: [],
    nextFseq: fseq0 + texts.length,
    nextEseq: eseq,
    droppedEvents: 0,
  };
}

describe('chainsOf', () => {
  it('is recomputed for new facts, first frames and clock ticks only', () => {
    eseq = 0;
    const s = createStore();
    s.setScheduler((fn) => fn());
    s.apply(0, records(0, ['hello'], [ev({ k: 'create', time: 1000, sock: 1, url: 'ws://h/p', protocols: null }), ev({ k: 'open', time: 1001, sock: 1, protocol: '', extensions: '' })]));
    const a = chainsOf(s, 5000);
    expect(a.chains[0]!.attempts[0]!.firstOutgoing.map((f) => f.text)).toEqual(['hello']);
    // Another of the first frames: the resend comparison reads it.
    s.apply(0, records(1, ['second']));
    const b = chainsOf(s, 5000);
    expect(b).not.toBe(a);
    expect(b.chains[0]!.attempts[0]!.firstOutgoing.map((f) => f.text)).toEqual(['hello', 'second']);
    // Frames past the first 256 change nothing the chains read.
    s.apply(0, records(2, Array.from({ length: 300 }, (_, i) => `m${i}`)));
    const c = chainsOf(s, 5000);
    s.apply(0, records(302, ['late']));
    expect(chainsOf(s, 5000)).toBe(c);
    // A tick of the clock, or an event, does.
    expect(chainsOf(s, 6000)).not.toBe(c);
    const e = chainsOf(s, 6000);
    s.apply(0, records(303, [], [ev({ k: 'close', time: 7000, sock: 1, code: 1001, reason: '', wasClean: true })]));
    const f = chainsOf(s, 6000);
    expect(f).not.toBe(e);
    expect(f.chains[0]!.attempts[0]!.outcome).not.toBe(e.chains[0]!.attempts[0]!.outcome);
  });
});
