// The incremental filter the frames list uses: after any mix of new frames and
// evictions, it holds exactly what a full pass over the held frames would.
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/panel/store';
import { compileFilter, type CompiledFilter } from '../../src/panel/frame-filter';
import { createFilteredFrames, frameBySeq } from '../../src/panel/filtered-frames';
import { listOf } from '../fixtures/frame-seq';
import type { BridgeRecords, DocInfo } from '../../src/protocol/extension-messages';
import { FrameFlag } from '../../src/protocol/records';
import { PROTOCOL_VERSION } from '../../src/protocol/version';

const DOC: DocInfo = { id: 'd', url: 'http://127.0.0.1/', isTop: true, startedAt: 1 };

function batch(fseq0: number, texts: string[]): BridgeRecords {
  return {
    v: PROTOCOL_VERSION,
    t: 'batch',
    doc: DOC,
    frames: {
      fseq0,
      sock: texts.map(() => 1),
      flags: texts.map((_, i) => ((fseq0 + i) % 2 ? FrameFlag.Out : 0)),
      size: texts.map((x) => x.length),
      time: texts.map((_, i) => 1000 + fseq0 + i),
      data: texts,
    },
    events: fseq0 === 0 ? [{ k: 'create', eseq: 0, at: 0, time: 999, sock: 1, url: 'ws://x/', protocols: null }] : [],
    counters: [],
    nextFseq: fseq0 + texts.length,
    nextEseq: 1,
    droppedEvents: 0,
  };
}

describe('createFilteredFrames', () => {
  it('matches a full pass after appends and evictions', () => {
    const s = createStore({ maxFrames: 50, maxBytes: 1e9 });
    s.setScheduler((fn) => fn());
    const f = compileFilter({ search: { mode: 'regex', query: '^tick [0-9]*7$', flags: '' } }) as CompiledFilter;
    expect(f.ok).toBe(true);
    const filtered = createFilteredFrames();
    let seq = 0;
    for (let round = 0; round < 12; round++) {
      const n = 3 + ((round * 7) % 11);
      s.apply(0, batch(seq, Array.from({ length: n }, (_, i) => `tick ${seq + i}`)));
      seq += n;
      const c = s.connections()[0]!;
      const full = s.frameArray(c).filter((x) => f.test(x));
      expect(listOf(filtered(c, f)).map((x) => x.seq)).toEqual(full.map((x) => x.seq));
    }
    // The cap evicted the oldest: what is left starts after them.
    const c = s.connections()[0]!;
    expect(listOf(filtered(c, f)).every((x) => x.seq >= seq - 50)).toBe(true);
    expect(filtered(c, f).length).toBe(5);
  });

  it('starts over for another filter or connection', () => {
    const s = createStore();
    s.setScheduler((fn) => fn());
    s.apply(0, batch(0, ['a', 'b', 'ab']));
    const c = s.connections()[0]!;
    const filtered = createFilteredFrames();
    const a = compileFilter({ search: { mode: 'text', query: 'a' } }) as CompiledFilter;
    const b = compileFilter({ search: { mode: 'text', query: 'b' } }) as CompiledFilter;
    expect(listOf(filtered(c, a)).map((x) => x.text)).toEqual(['a', 'ab']);
    expect(listOf(filtered(c, b)).map((x) => x.text)).toEqual(['b', 'ab']);
  });

  it('finds a held frame by sequence number', () => {
    const s = createStore({ maxFrames: 3, maxBytes: 1e9 });
    s.setScheduler((fn) => fn());
    s.apply(0, batch(0, ['a', 'b', 'c', 'd', 'e']));
    const c = s.connections()[0]!;
    expect(frameBySeq(c, 4)?.text).toBe('e');
    expect(frameBySeq(c, 2)?.text).toBe('c');
    expect(frameBySeq(c, 1)).toBeUndefined(); // evicted
    expect(frameBySeq(c, 9)).toBeUndefined();
  });
});
