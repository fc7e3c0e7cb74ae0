// The panel store, driven with the messages the bridge sends: de-duplication of
// resent snapshots, exact gap accounting, the memory cap, navigation.
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/panel/store';
import type { BridgeRecords, DocInfo } from '../../src/protocol/extension-messages';
import { FrameFlag, type HookEvent } from '../../src/protocol/records';
import { PROTOCOL_VERSION } from '../../src/protocol/version';
import { findMisuse } from '../../src/diagnosis/page-misuse';

const doc = (id: string, isTop = true): DocInfo => ({ id, url: `http://127.0.0.1/${id}`, isTop, startedAt: 1000 });

function records(d: DocInfo, fseq0: number, frames: Array<[sock: number, flags: number, text: string]>, events: HookEvent[] = [], t: 'snapshot' | 'batch' = 'batch'): BridgeRecords {
  return {
    v: PROTOCOL_VERSION,
    t,
    doc: d,
    frames: {
      fseq0,
      sock: frames.map((f) => f[0]),
      flags: frames.map((f) => f[1]),
      size: frames.map((f) => f[2].length),
      time: frames.map((_, i) => 2000 + fseq0 + i),
      data: frames.map((f) => f[2]),
    },
    events,
    counters: [],
    nextFseq: fseq0 + frames.length,
    nextEseq: events.length ? Math.max(...events.map((e) => e.eseq)) + 1 : 0,
    droppedEvents: 0,
  };
}

const create = (eseq: number, sock: number, at = 0): HookEvent => ({ k: 'create', eseq, at, time: 1500, sock, url: `ws://x/${sock}`, protocols: null });
const close = (eseq: number, sock: number, at: number, code = 1000): HookEvent => ({ k: 'close', eseq, at, time: 3000, sock, code, reason: 'r', wasClean: true });

function sync() {
  const s = createStore({ maxFrames: 5, maxBytes: 1e9 });
  s.setScheduler((fn) => fn());
  return s;
}

describe('panel store', () => {
  it('builds connections from events and frames in order', () => {
    const s = sync();
    const d = doc('a');
    s.apply(0, records(d, 0, [[1, FrameFlag.Out, 'hi'], [1, 0, 'yo']], [create(0, 1), close(1, 1, 2, 1001)], 'snapshot'));
    const [c] = s.connections();
    expect(c!.facts.url).toBe('ws://x/1');
    expect(s.frameArray(c!).map((f) => [f.dir, f.text])).toEqual([
      ['out', 'hi'],
      ['in', 'yo'],
    ]);
    expect(c!.facts.close?.code).toBe(1001);
  });

  it('ignores what it already has when a snapshot is resent (panel reconnect)', () => {
    const s = sync();
    const d = doc('a');
    const snap = records(d, 0, [[1, FrameFlag.Out, 'a'], [1, FrameFlag.Out, 'b']], [create(0, 1)], 'snapshot');
    s.apply(0, snap);
    s.apply(0, snap);
    s.apply(0, records(d, 2, [[1, 0, 'c']]));
    const c = s.connections()[0]!;
    expect(s.frameArray(c).map((f) => f.text)).toEqual(['a', 'b', 'c']);
    expect(s.connections()).toHaveLength(1);
    expect(s.stats().notKept).toBe(0);
  });

  it('counts frames the page-side ring no longer held, exactly', () => {
    const s = sync();
    const d = doc('a');
    s.apply(0, records(d, 7, [[1, 0, 'x']], [create(0, 1)], 'snapshot'));
    expect(s.stats().notKept).toBe(7);
    s.apply(0, records(d, 10, [[1, 0, 'y']]));
    expect(s.stats().notKept).toBe(9);
  });

  it('drops the oldest frames beyond the cap and says how many', () => {
    const s = sync();
    const d = doc('a');
    s.apply(0, records(d, 0, [[1, 0, '0'], [2, 0, '1'], [1, 0, '2'], [2, 0, '3'], [1, 0, '4'], [2, 0, '5'], [1, 0, '6']], [create(0, 1), create(1, 2)], 'snapshot'));
    expect(s.stats()).toMatchObject({ heldFrames: 5, evictedByCap: 2 });
    const [c1, c2] = s.connections();
    expect(s.frameArray(c1!).map((f) => f.text)).toEqual(['2', '4', '6']);
    expect(s.frameArray(c2!).map((f) => f.text)).toEqual(['3', '5']);
  });

  it('evicts in arrival order across runs of frames of several sockets, after a replaced page is removed too', () => {
    const s = createStore({ maxFrames: 6, maxBytes: 1e9 });
    s.setScheduler((fn) => fn());
    s.apply(0, records(doc('a'), 0, [[1, 0, 'a0'], [1, 0, 'a1'], [1, 0, 'a2']], [create(0, 1)], 'snapshot'));
    // The top page is replaced: doc a's frames go (Preserve log is off) and must not hold slots in the eviction order.
    s.apply(0, records(doc('b'), 0, [[1, 0, 'b0'], [1, 0, 'b1'], [2, 0, 'c0'], [1, 0, 'b2'], [2, 0, 'c1'], [2, 0, 'c2']], [create(0, 1), create(1, 2)], 'snapshot'));
    expect(s.stats()).toMatchObject({ heldFrames: 6, evictedByCap: 0 });
    s.apply(0, records(doc('b'), 6, [[2, 0, 'c3'], [2, 0, 'c4'], [2, 0, 'c5']]));
    expect(s.stats()).toMatchObject({ heldFrames: 6, evictedByCap: 3 });
    const [b1, b2] = s.connections();
    expect(s.frameArray(b1!).map((f) => f.text)).toEqual(['b2']);
    expect(s.frameArray(b2!).map((f) => f.text)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
  });

  it('removes a replaced page holding 300,000 frames of two interleaved sockets, then evicts from the new page', () => {
    const s = createStore({ maxFrames: 1_000_000, maxBytes: 1e12 });
    s.setScheduler((fn) => fn());
    s.apply(0, records(doc('a'), 0, [], [create(0, 1), create(1, 2)], 'snapshot'));
    // Alternating sockets: one run per frame, the worst case for the eviction order.
    for (let b = 0; b < 150; b++) s.apply(0, records(doc('a'), b * 2000, Array.from({ length: 2000 }, (_, i) => [1 + (i % 2), 0, 'x'] as [number, number, string])));
    expect(s.stats().heldFrames).toBe(300_000);
    s.apply(0, records(doc('b'), 0, [[1, 0, 'new']], [create(0, 1)], 'snapshot'));
    expect(s.stats()).toMatchObject({ heldFrames: 1, evictedByCap: 0 });
    s.setLimits({ maxFrames: 1, maxBytes: 1e12 });
    s.apply(0, records(doc('b'), 1, [[1, 0, 'newer']]));
    expect(s.frameArray(s.connections()[0]!).map((f) => f.text)).toEqual(['newer']);
  });

  it('marks sockets of a replaced page as gone and removes them unless Preserve log is on', () => {
    const s = sync();
    s.apply(0, records(doc('a'), 0, [], [create(0, 1)], 'snapshot'));
    s.apply(0, records(doc('b'), 0, [], [create(0, 1)], 'snapshot'));
    expect(s.connections().map((c) => c.facts.url)).toEqual(['ws://x/1']);
    expect(s.connections()[0]!.doc.info.id).toBe('b');

    s.preserveLog.value = true;
    s.apply(0, records(doc('c'), 0, [], [create(0, 1)], 'snapshot'));
    const [old, cur] = s.connections();
    expect(old!.previous).toBe(true);
    // The browser closes a leaving page's open sockets with 1001: recorded as an inferred page-hide.
    expect(old!.facts.pageHiddenAt).toBeDefined();
    expect(cur!.previous).toBe(false);
  });

  it('keeps an iframe reload separate from the top page', () => {
    const s = sync();
    s.apply(0, records(doc('top'), 0, [], [create(0, 1)], 'snapshot'));
    s.apply(5, records(doc('f1', false), 0, [], [create(0, 1)], 'snapshot'));
    s.apply(5, records(doc('f2', false), 0, [], [create(0, 1)], 'snapshot'));
    expect(s.connections().map((c) => [c.doc.info.id, c.doc.gone])).toEqual([
      ['top', false],
      ['f1', true],
      ['f2', false],
    ]);
  });

  it('restores the exact ill-formed text the page sent (the bridge carried it well-formed)', () => {
    const s = sync();
    const sent = 'a\uD800b\uDC00😀\uFFFD';
    s.apply(0, records(doc('a'), 0, [[1, FrameFlag.Out | FrameFlag.IllFormed, sent]], [create(0, 1)], 'snapshot'));
    const f = s.frameArray(s.connections()[0]!)[0]!;
    expect(f.text).toBe(sent);
    expect(f.illFormed).toBe(true);
  });

  it('clears everything on Clear', () => {
    const s = sync();
    s.apply(0, records(doc('a'), 0, [[1, 0, 'x']], [create(0, 1)], 'snapshot'));
    s.clear();
    expect(s.connections()).toHaveLength(0);
    expect(s.stats().heldFrames).toBe(0);
  });

  it('shows a rejected message from the page as a notice', () => {
    const s = sync();
    s.apply(0, { v: PROTOCOL_VERSION, t: 'notice', doc: doc('a'), code: 'rejected', detail: 'bad url', count: 1 });
    expect(s.notices()[0]!.msg.key).toBe('panel_notice_rejected');
    expect(s.notices()[0]!.msg.subs).toContain('bad url');
  });
});

describe('changing the memory cap (setLimits)', () => {
  const frames = (n: number, from = 0): Array<[number, number, string]> => Array.from({ length: n }, (_, i) => [1 + ((from + i) % 2), 0, String(from + i)]);
  const texts = (s: ReturnType<typeof createStore>) => s.connections().flatMap((c) => s.frameArray(c).map((f) => f.text));

  function loaded(n: number) {
    const s = createStore({ maxFrames: 1000, maxBytes: 1e9 });
    s.setScheduler((fn) => fn());
    s.apply(0, records(doc('a'), 0, frames(n), [create(0, 1), create(1, 2)], 'snapshot'));
    return s;
  }

  it('lowering the frame cap drops the oldest frames at once and counts each one', () => {
    const s = loaded(10);
    const rev = s.revision.value;
    s.setLimits({ maxFrames: 4, maxBytes: 1e9 });
    expect(s.stats()).toMatchObject({ heldFrames: 4, evictedByCap: 6 });
    expect(texts(s).sort()).toEqual(['6', '7', '8', '9']);
    expect(s.limits.value).toEqual({ maxFrames: 4, maxBytes: 1e9 });
    expect(s.revision.value).toBeGreaterThan(rev);
    // Later frames go through the same cap, and the counter keeps adding up.
    s.apply(0, records(doc('a'), 10, frames(3, 10)));
    expect(s.stats()).toMatchObject({ heldFrames: 4, evictedByCap: 9 });
    expect(texts(s).sort()).toEqual(['10', '11', '12', '9']);
  });

  it('lowering the byte cap evicts until the held bytes fit, oldest first', () => {
    const s = loaded(10);
    const perFrame = s.stats().heldBytes / 10;
    s.setLimits({ maxFrames: 1000, maxBytes: Math.floor(perFrame * 3.5) });
    expect(s.stats()).toMatchObject({ heldFrames: 3, evictedByCap: 7 });
    expect(s.stats().heldBytes).toBeLessThanOrEqual(perFrame * 3.5);
    expect(texts(s).sort()).toEqual(['7', '8', '9']);
  });

  it('raising the cap evicts nothing, brings nothing back, and lets more in', () => {
    const s = loaded(10);
    s.setLimits({ maxFrames: 5, maxBytes: 1e9 });
    s.setLimits({ maxFrames: 20, maxBytes: 1e9 });
    expect(s.stats()).toMatchObject({ heldFrames: 5, evictedByCap: 5 });
    s.apply(0, records(doc('a'), 10, frames(12, 10)));
    // 5 held + 12 new = 17 ≤ 20: none of the new ones dropped.
    expect(s.stats()).toMatchObject({ heldFrames: 17, evictedByCap: 5 });
  });

  it('keeps every frame accounted for: held + evicted = received, per connection too', () => {
    const s = loaded(101);
    for (const maxFrames of [60, 90, 7, 7, 1, 300]) {
      s.setLimits({ maxFrames, maxBytes: 1e9 });
      const st = s.stats();
      expect(st.heldFrames + st.evictedByCap).toBe(101);
      expect(s.connections().reduce((n, c) => n + s.frameArray(c).length, 0)).toBe(st.heldFrames);
    }
    expect(s.stats()).toMatchObject({ heldFrames: 1, evictedByCap: 100 });
    expect(texts(s)).toEqual(['100']);
  });

  it('a cap equal to what is held drops nothing', () => {
    const s = loaded(10);
    s.setLimits({ maxFrames: 10, maxBytes: s.stats().heldBytes });
    expect(s.stats()).toMatchObject({ heldFrames: 10, evictedByCap: 0 });
  });

  it('refuses a cap that is not whole positive numbers and keeps the one in force', () => {
    const s = loaded(10);
    for (const bad of [{ maxFrames: 0, maxBytes: 1e9 }, { maxFrames: 5, maxBytes: NaN }, { maxFrames: 2.5, maxBytes: 1e9 }, { maxFrames: -1, maxBytes: 1e9 }])
      expect(() => s.setLimits(bad)).toThrow(RangeError);
    expect(s.limits.value).toEqual({ maxFrames: 1000, maxBytes: 1e9 });
    expect(s.stats()).toMatchObject({ heldFrames: 10, evictedByCap: 0 });
  });

  it('Clear resets the drop counter but keeps the chosen cap', () => {
    const s = loaded(10);
    s.setLimits({ maxFrames: 3, maxBytes: 1e9 });
    s.clear();
    expect(s.stats()).toMatchObject({ heldFrames: 0, evictedByCap: 0 });
    s.apply(0, records(doc('a'), 10, frames(5, 10)));
    expect(s.stats()).toMatchObject({ heldFrames: 3, evictedByCap: 2 });
  });
});

describe('panel store: columns', () => {
  it('frees each batch string once the cap evicts its last frame', () => {
    const s = createStore({ maxFrames: 10, maxBytes: 1e9 });
    s.setScheduler((fn) => fn());
    const d = doc('a');
    s.apply(0, records(d, 0, [], [create(0, 1)], 'snapshot'));
    for (let k = 0; k < 20; k++) s.apply(0, records(d, k * 5, Array.from({ length: 5 }, (_, i) => [1, 0, `m${k * 5 + i}`] as [number, number, string])));
    // 10 frames held: the last two batches, one string each.
    expect(s.stats()).toMatchObject({ heldFrames: 10, evictedByCap: 90, payloadStrings: 2 });
    s.apply(0, records(d, 100, [[1, 0, 'x']]));
    expect(s.stats()).toMatchObject({ heldFrames: 10, payloadStrings: 3 });
    expect(s.connections().flatMap((x) => s.frameArray(x).map((f) => f.text))).toEqual(['m91', 'm92', 'm93', 'm94', 'm95', 'm96', 'm97', 'm98', 'm99', 'x']);
    s.clear();
    expect(s.stats().payloadStrings).toBe(0);
  });

  it('gives the diagnosis the frames sent after close, and the last frame the browser carried', () => {
    const s = createStore();
    s.setScheduler((fn) => fn());
    const d = doc('a');
    const lost = FrameFlag.Out | FrameFlag.Discarded;
    const callAt = { k: 'close-call', eseq: 1, at: 3, time: 2002.5, sock: 1, code: 1000, reason: null, threwName: null, threwMessage: null, readyState: 1 } as HookEvent;
    s.apply(0, records(d, 0, [[1, FrameFlag.Out, 'a'], [1, 0, 'b'], [1, FrameFlag.Out, 'c'], [1, lost, 'late1'], [1, 0, 'echo'], [1, lost, 'late2']], [create(0, 1), callAt], 'snapshot'));
    const c = s.connections()[0]!;
    // Sizes and times, not payloads: a payload would keep its whole batch's string alive.
    expect(c.facts.frames.map((f) => [f.seq, f.size, f.text])).toEqual([[3, 5, undefined], [4, 4, 'echo'], [5, 5, undefined]]);
    const misuse = findMisuse(c.facts);
    expect(misuse.map((m) => [m.kind, m.frames])).toEqual([['send-after-close', [3, 5]]]);
    // Without frames sent after close, the last frame alone.
    s.apply(0, records(d, 6, [[2, FrameFlag.Out, 'p'], [2, 0, 'q']], [create(2, 2, 6)]));
    expect(s.connections()[1]!.facts.frames.map((f) => f.text)).toEqual(['q']);
  });
});

describe('the subprotocols a page asked for', () => {
  const wire = (url: string, protocols: string | null) => ({
    url,
    frameId: 0,
    time: 1500,
    endTime: 1510,
    stages: ['request' as const, 'completed' as const],
    requestHeaders: [['Sec-WebSocket-Key', 'k=='], ...(protocols === null ? [] : [['Sec-WebSocket-Protocol', protocols]])] as Array<[string, string]>,
  });

  it("come from the page's own string, else from the request as sent, else DevTools' log; unknown until one tells", () => {
    const s = sync();
    const d = doc('a');
    const own: HookEvent = { k: 'create', eseq: 2, at: 0, time: 1500, sock: 3, url: 'ws://x/3', protocols: ['chat'] };
    s.apply(0, records(d, 0, [], [create(0, 1), create(1, 2), own], 'snapshot'));
    const [a, b, c] = s.connections();
    // A list the hook did not read: not known, and DevTools' log is asked (it has the
    // request as sent) once a person opens the Handshake tab, not before.
    expect(s.requestedOf(a!)).toBeNull();
    expect(s.harWanted()).toEqual([]);
    s.showingHandshake(a!);
    s.showingHandshake(b!);
    s.showingHandshake(c!);
    expect(s.harWanted()).toEqual([a!.key, b!.key]);
    expect(s.requestedOf(c!)).toEqual(['chat']);
    s.addHandshake(wire('ws://x/1', 'mqtt, mqttv3.1'));
    expect(s.requestedOf(a!)).toEqual(['mqtt', 'mqttv3.1']);
    expect(s.harWanted()).toEqual([b!.key]);
    // Chromium's early request (no Sec-WebSocket-Key): says nothing about it.
    s.addHandshake({ ...wire('ws://x/2', null), requestHeaders: [['Origin', 'http://h']] });
    expect(s.requestedOf(b!)).toBeNull();
    s.setHarEntries([{ url: 'ws://x/2', startedAt: 1501, requestSent: true, requestedProtocols: ['v2'] }]);
    expect(s.requestedOf(b!)).toEqual(['v2']);
    expect(s.harWanted()).toEqual([]);
  });
});

describe('a document back from the back/forward cache', () => {
  it('is current again when it sends a snapshot (Preserve log kept it); a late batch from a leaving document is not', () => {
    const s = sync();
    s.preserveLog.value = true;
    const first = doc('first');
    const second = doc('second');
    s.apply(0, records(first, 0, [[1, FrameFlag.Out, 'a']], [create(0, 1)], 'snapshot'));
    s.apply(0, records(second, 0, [[1, FrameFlag.Out, 'b']], [create(0, 1)], 'snapshot'));
    const prev = () => Object.fromEntries(s.connections().map((c) => [c.doc.info.id, c.previous]));
    expect(prev()).toEqual({ first: true, second: false });
    // A straggler from the document that left changes nothing.
    s.apply(0, records(first, 1, [[1, 0, 'late']]));
    expect(prev()).toEqual({ first: true, second: false });
    // Restored: the hook's snapshot on the new attach.
    s.apply(0, records(first, 0, [[1, FrameFlag.Out, 'a'], [1, 0, 'late'], [1, FrameFlag.Out, 'c']], [create(0, 1)], 'snapshot'));
    expect(prev()).toEqual({ first: false, second: true });
    const c = s.connections().find((x) => x.doc.info.id === 'first')!;
    expect(s.frameArray(c).map((f) => f.text)).toEqual(['a', 'late', 'c']);
  });
});
