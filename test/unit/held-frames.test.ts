// A connection's held frames in columns: what comes out is what went in, through
// any mix of pushes, evictions and regrowth, and payload strings are freed with
// their last frame.
import { describe, expect, it } from 'vitest';
import { FrameCursor, HeldFrames, PayloadStrings, frameCost, heldSeq } from '../../src/panel/held-frames';
import { listOf } from '../fixtures/frame-seq';
import { FrameFlag } from '../../src/protocol/records';
import { prng } from '../fixtures/prng';

interface Ref {
  seq: number;
  flags: number;
  size: number;
  time: number;
  data: string | null;
}

describe('HeldFrames', () => {
  it('gives back every held frame exactly through pushes, evictions and regrowth', () => {
    const rand = prng(7);
    const payloads = new PayloadStrings();
    const h = new HeldFrames(payloads);
    const ref: Ref[] = [];
    let seq = 0;
    let evicted = 0;
    for (let round = 0; round < 300; round++) {
      // One batch: its texts and its base64 in one string each, as the wire brings them.
      const n = 1 + Math.floor(rand() * 60);
      const batch: Ref[] = [];
      for (let i = 0; i < n; i++) {
        const binary = rand() < 0.3;
        const none = rand() < 0.05;
        const data = none ? null : binary ? 'QUJD'.repeat(Math.floor(rand() * 3)) : 'x'.repeat(Math.floor(rand() * 5)) + seq;
        batch.push({ seq: seq++, flags: (binary ? FrameFlag.Binary : 0) | (rand() < 0.5 ? FrameFlag.Out : 0), size: Math.floor(rand() * 1e6), time: 1.7e12 + seq / 3, data });
      }
      const text = payloads.add(batch.filter((f) => !(f.flags & FrameFlag.Binary) && f.data).map((f) => f.data).join(''));
      const bin = payloads.add(batch.filter((f) => f.flags & FrameFlag.Binary && f.data).map((f) => f.data).join(''));
      let t = 0;
      let b = 0;
      let tRefs = 0;
      let bRefs = 0;
      for (const f of batch) {
        const l = f.data === null ? -1 : f.data.length;
        const isBin = (f.flags & FrameFlag.Binary) !== 0;
        if (l > 0) isBin ? bRefs++ : tRefs++;
        h.push(f.seq, f.flags, f.size, f.time, f.seq, isBin ? bin : text, isBin ? b : t, l);
        if (l > 0) isBin ? (b += l) : (t += l);
      }
      payloads.retain(text, tRefs);
      payloads.retain(bin, bRefs);
      ref.push(...batch);
      const drop = Math.floor(rand() * 70);
      for (let k = 0; k < drop && ref.length; k++) {
        const f = ref.shift()!;
        expect(h.evictFirst()).toBe(frameCost(f.flags, f.data === null ? -1 : f.data.length));
        evicted++;
      }
      const got = h.toArray().map((f) => ({ seq: f.seq, flags: f.flags, size: f.size, time: f.time, data: f.binary ? (f.b64 ?? null) : (f.text ?? null) }));
      expect(got).toEqual(ref);
      expect(listOf(heldSeq(h)).map((f) => [f.seq, f.text, f.b64])).toEqual(got.map((f) => [f.seq, f.flags & FrameFlag.Binary ? undefined : (f.data ?? undefined), f.flags & FrameFlag.Binary ? (f.data ?? undefined) : undefined]));
    }
    expect(evicted).toBeGreaterThan(1000);
    // A cursor over the columns reads every field as the frame object does.
    const cur = new FrameCursor(h);
    const fields = ['seq', 'dir', 'binary', 'size', 'time', 'order', 'text', 'b64', 'textComplete', 'truncated', 'shortened', 'blob', 'converted', 'discarded', 'illFormed'] as const;
    for (let i = h.start; i < h.length; i++) {
      cur.i = i;
      const f = h.at(i);
      expect(fields.map((k) => cur[k])).toEqual(fields.map((k) => f[k]));
    }
    // Lookups by sequence number, held and not.
    const mid = ref[Math.floor(ref.length / 2)]!;
    expect(h.at(h.indexOfSeq(mid.seq)).seq).toBe(mid.seq);
    expect(h.indexOfSeq(ref[0]!.seq - 1)).toBe(-1);
    expect(h.indexOfSeq(seq)).toBe(-1);
  });

  it('frees a payload string when the last frame in it goes, and only then', () => {
    const payloads = new PayloadStrings();
    const h = new HeldFrames(payloads);
    const id = payloads.add('aabbcc');
    for (let i = 0; i < 3; i++) h.push(i, 0, 2, i, i, id, 2 * i, 2);
    payloads.retain(id, 3);
    h.evictFirst();
    h.evictFirst();
    expect(payloads.size).toBe(1);
    expect(h.at(h.start).text).toBe('cc');
    h.evictFirst();
    expect(payloads.size).toBe(0);
    expect(h.held).toBe(0);
    expect(h.evictFirst()).toBe(-1);
  });

  it('holds many chunks, drops them whole as the cap passes them, and finds frames across them', () => {
    const payloads = new PayloadStrings();
    const h = new HeldFrames(payloads);
    const N = 20_000;
    const text = payloads.add(Array.from({ length: N }, (_, i) => String(i % 10)).join(''));
    for (let i = 0; i < N; i++) h.push(3 * i, FrameFlag.Out, i, 1e12 + i, i, text, i, 1);
    payloads.retain(text, N);
    for (let i = 0; i < 9_000; i++) h.evictFirst();
    expect([h.start, h.length, h.held]).toEqual([9_000, N, N - 9_000]);
    for (const i of [9_000, 12_287, 12_288, 16_383, 16_384, N - 1]) {
      const f = h.at(i);
      expect([f.seq, f.size, f.time, f.order, f.text]).toEqual([3 * i, i, 1e12 + i, i, String(i % 10)]);
      expect(h.indexOfSeq(3 * i)).toBe(i);
      expect(h.indexOfSeq(3 * i + 1)).toBe(-1);
    }
    expect(h.indexOfSeq(3 * 8_999)).toBe(-1);
    // A view made before an eviction still answers (a placeholder), it does not throw.
    const stale = heldSeq(h);
    h.evictFirst();
    expect(stale.at(0).seq).toBe(-1);
    expect(stale.at(1).seq).toBe(3 * 9_001);
    h.evictFirst();
    h.push(3 * N, FrameFlag.Out, 0, 0, N, -1, 0, -1);
    h.push(3 * N + 3, FrameFlag.Out, 0, 0, N, -1, 0, -1);
    h.evictFirst();
    expect(h.toArray().map((f) => f.seq)).toEqual([...Array.from({ length: N - 9_003 }, (_, k) => 3 * (k + 9_003)), 3 * N, 3 * N + 3]);
    expect(h.clear()).toBe((N - 9_003) * frameCost(FrameFlag.Out, 1) + 2 * frameCost(FrameFlag.Out, -1));
    expect(payloads.size).toBe(0);
    // Indices go on after a clear.
    h.push(1, 0, 1, 1, 1, -1, 0, 0);
    expect([h.start, h.length, h.at(N + 2).seq]).toEqual([N + 2, N + 3, 1]);
  });

  it('keeps "" and nothing apart', () => {
    const payloads = new PayloadStrings();
    const h = new HeldFrames(payloads);
    h.push(0, 0, 0, 0, 0, -1, 0, 0);
    h.push(1, FrameFlag.Converted, 5, 0, 1, -1, 0, -1);
    h.push(2, FrameFlag.Binary | FrameFlag.Blob, 9, 0, 2, -1, 0, -1);
    expect([h.at(0).text, h.at(1).text, h.at(2).b64, h.at(2).binary]).toEqual(['', undefined, undefined, true]);
  });
});
