// The hook's recorder, driven in node with node's own built-ins standing in for the
// page's cached natives: the byte ring for binary previews (growth, wrap, eviction of
// the oldest frames in order), and what a batch carries.
import { describe, expect, it } from 'vitest';
import { createRecorder } from '../../src/hook/recorder';
import type { Natives } from '../../src/hook/natives';
import type { HookBatch } from '../../src/protocol/page-messages';
import { BINARY_PREVIEW_BYTES, HOOK_FLUSH_BUSY_MS, HOOK_FLUSH_MS, HOOK_RING_BYTES, HOOK_RING_FRAMES, TEXT_PREVIEW_UNITS } from '../../src/protocol/limits';
import { FrameFlag } from '../../src/protocol/records';

/** Node has no FileReader: this one reads the way the page's does, ending with `loadend`. */
class StandInReader extends EventTarget {
  result: ArrayBuffer | null = null;
  readAsArrayBuffer(b: Blob) {
    void b.arrayBuffer().then((buf) => {
      this.result = buf;
      this.dispatchEvent(new Event('loadend'));
    });
  }
}

function natives(withEncoder = true): Natives {
  const n = {
    Uint8Array,
    Uint32Array,
    Float64Array,
    defineProperty: Object.defineProperty,
    now: () => performance.timeOrigin + performance.now(),
    addListener: (t: EventTarget, type: string, fn: EventListener, o?: AddEventListenerOptions) => t.addEventListener(type, fn, o),
    timeout: (ms: number) => AbortSignal.timeout(ms),
    arraySlice: <T>(a: T[], from: number) => a.slice(from),
    f64Set: (t: Float64Array, s: Float64Array) => t.set(s),
    u8Set: (t: Uint8Array, s: ArrayLike<number>, o?: number) => t.set(s, o),
    viewBuffer: (v: ArrayBufferView) => v.buffer,
    strSlice: (s: string, a: number, b?: number) => s.slice(a, b),
    charCodeAt: (s: string, i: number) => s.charCodeAt(i),
    TextEncoder: withEncoder ? TextEncoder : null,
    encodeInto: (e: TextEncoder, s: string, into: Uint8Array) => e.encodeInto(s, into),
    Map,
    mapGet: <K, V>(m: Map<K, V>, k: K) => m.get(k),
    mapSet: <K, V>(m: Map<K, V>, k: K, v: V) => m.set(k, v),
    mapDelete: <K, V>(m: Map<K, V>, k: K) => m.delete(k),
    abByteLength: (b: ArrayBuffer) => b.byteLength,
    blobSlice: (b: Blob, start: number, end: number) => b.slice(start, end),
    FileReader: StandInReader,
    readAsArrayBuffer: (r: StandInReader, b: Blob) => r.readAsArrayBuffer(b),
    readerResult: (r: StandInReader) => r.result,
  };
  return n as unknown as Natives;
}

/** Frames of a snapshot as [flags, size, preview bytes or text]. */
function frames(b: HookBatch) {
  const f = b.frames;
  const bin = new Uint8Array(f.bin);
  const out: Array<{ flags: number; size: number; bytes?: number[]; text?: string }> = [];
  for (let i = 0, t = 0, at = 0; i < f.sock.length; i++) {
    const l = f.len[i]!;
    if (f.flags[i]! & FrameFlag.Binary) {
      out.push({ flags: f.flags[i]!, size: f.size[i]!, bytes: [...bin.subarray(at, at + l)] });
      at += l;
    } else {
      out.push({ flags: f.flags[i]!, size: f.size[i]!, text: f.text.slice(t, t + l) });
      t += l;
    }
  }
  return { fseq0: f.fseq0, list: out };
}

function snapshotOf(fill: (rec: ReturnType<typeof createRecorder>) => void) {
  const sent: HookBatch[] = [];
  const rec = createRecorder(natives(), (b) => sent.push(b));
  fill(rec);
  rec.attach();
  rec.detach();
  return frames(sent[0]!);
}

const bytes = (len: number, tag: number) => new Uint8Array(len).map((_, i) => (tag * 31 + i) & 255);

describe('recorder byte ring', () => {
  it('keeps every binary preview exact, interleaved with text, across growth of the ring', () => {
    const snap = snapshotOf((rec) => {
      for (let i = 0; i < 200; i++) {
        if (i % 3 === 0) rec.text(1, FrameFlag.Out, `t${i}`);
        else {
          const b = bytes(3000, i);
          rec.binaryFrame(1, 0, b.buffer, 0, b.length);
        }
      }
    });
    expect(snap.list).toHaveLength(200);
    snap.list.forEach((f, i) => {
      if (i % 3 === 0) expect(f.text).toBe(`t${i}`);
      else expect(f.bytes).toEqual([...bytes(3000, i)]);
    });
  });

  it('copies only the preview of a large frame, from the view the page passed, and flags it', () => {
    const big = bytes(10_000, 7);
    const snap = snapshotOf((rec) => rec.binaryFrame(2, FrameFlag.Out, big.buffer, 100, 9000));
    expect(snap.list[0]!.size).toBe(9000);
    expect(snap.list[0]!.flags & FrameFlag.Truncated).toBeTruthy();
    expect(snap.list[0]!.bytes).toEqual([...big.subarray(100, 100 + BINARY_PREVIEW_BYTES)]);
  });

  it('when full, drops the oldest frames in order, and what it keeps is intact', () => {
    const n = (2 * HOOK_RING_BYTES) / BINARY_PREVIEW_BYTES; // four times the byte ring's 4 MiB
    const snap = snapshotOf((rec) => {
      for (let i = 0; i < n; i++) {
        const b = bytes(BINARY_PREVIEW_BYTES, i);
        rec.binaryFrame(1, 0, b.buffer, 0, b.length);
      }
    });
    // The oldest went first: what is left is the newest, contiguous, each one exact.
    expect(snap.fseq0 + snap.list.length).toBe(n);
    expect(snap.list.length * BINARY_PREVIEW_BYTES).toBeLessThanOrEqual(HOOK_RING_BYTES / 2);
    expect(snap.list.length).toBeGreaterThan(HOOK_RING_BYTES / 2 / BINARY_PREVIEW_BYTES - 2);
    snap.list.forEach((f, i) => expect(f.bytes).toEqual([...bytes(BINARY_PREVIEW_BYTES, snap.fseq0 + i)]));
  });

  it('a document being discarded sends what it holds at once, then each frame and event as it is recorded', () => {
    const sent: HookBatch[] = [];
    const rec = createRecorder(natives(), (b) => sent.push(b));
    rec.attach();
    rec.text(1, FrameFlag.Out, 'held');
    const before = sent.length;
    rec.sendEachRecord();
    expect(sent.length).toBe(before + 1);
    expect(frames(sent.at(-1)!).list.map((f) => f.text)).toEqual(['held']);
    // No timer will run again: every record leaves synchronously, in order.
    rec.text(1, FrameFlag.Out, 'bye');
    expect(sent.length).toBe(before + 2);
    expect(frames(sent.at(-1)!).list.map((f) => f.text)).toEqual(['bye']);
    rec.event(1, { k: 'close', code: 1000, reason: '', wasClean: true });
    expect(sent.length).toBe(before + 3);
    expect(sent.at(-1)!.events.map((e) => e.k)).toEqual(['close']);
    rec.detach();
  });

  it('a live Blob: batches stop before it until its first bytes are read, then carry them in order', async () => {
    const sent: HookBatch[] = [];
    const rec = createRecorder(natives(), (b) => sent.push(b));
    rec.attach();
    rec.text(1, FrameFlag.Out, 'before');
    rec.blobFrame(1, 0, new Blob([bytes(5000, 3)]), 5000);
    rec.text(1, FrameFlag.Out, 'after');
    rec.event(1, { k: 'close', code: 1000, reason: '', wasClean: true });
    rec.flushNow();
    // Up to the Blob only; the event after it waits too.
    const first = sent.at(-1)!;
    expect(frames(first).list.map((f) => f.text)).toEqual(['before']);
    expect(first.events.map((e) => e.k)).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    rec.flushNow();
    const second = sent.at(-1)!;
    const got = frames(second);
    expect(got.fseq0).toBe(1);
    expect(got.list[0]!.flags & (FrameFlag.Blob | FrameFlag.Truncated)).toBe(FrameFlag.Blob | FrameFlag.Truncated);
    expect(got.list[0]!.size).toBe(5000);
    expect(got.list[0]!.bytes).toEqual([...bytes(BINARY_PREVIEW_BYTES, 3)]);
    expect(got.list[1]!.text).toBe('after');
    expect(second.events.map((e) => e.k)).toEqual(['close']);
    rec.detach();
  });

  it('a live Blob into a full ring: the slot it takes keeps its read mark', async () => {
    const sent: HookBatch[] = [];
    const rec = createRecorder(natives(), (b) => sent.push(b));
    rec.attach();
    for (let i = 0; i < HOOK_RING_FRAMES; i++) rec.text(1, FrameFlag.Out, 'x');
    rec.blobFrame(1, 0, new Blob([bytes(10, 5)]), 10);
    rec.flushNow();
    await new Promise((r) => setTimeout(r, 50));
    rec.flushNow();
    const blob = sent.flatMap((b) => frames(b).list).find((f) => f.flags & FrameFlag.Blob)!;
    expect(blob.bytes).toEqual([...bytes(10, 5)]);
    rec.detach();
  });

  it('a Blob recorded while no panel listens is not read: an empty preview, exact size', () => {
    const snap = snapshotOf((rec) => rec.blobFrame(1, FrameFlag.Out, new Blob([bytes(10, 1)]), 10));
    expect(snap.list).toEqual([{ flags: FrameFlag.Out | FrameFlag.Binary | FrameFlag.Blob, size: 10, bytes: [] }]);
  });

  it('empty binary frames and odd sizes wrap without corrupting neighbours', () => {
    const sizes = [0, 1, 4095, 4096, 17, 0, 2048, 3333];
    const snap = snapshotOf((rec) => {
      for (let i = 0; i < 3000; i++) {
        const len = sizes[i % sizes.length]!;
        const b = bytes(len, i);
        rec.binaryFrame(1, 0, b.buffer, 0, len);
      }
    });
    snap.list.forEach((f, i) => {
      const k = snap.fseq0 + i;
      expect(f.bytes).toEqual([...bytes(sizes[k % sizes.length]!, k)]);
    });
  });
});

describe('recorder text sizes', () => {
  /** What the browser puts on the wire: lone surrogates become U+FFFD. */
  const wire = (s: string) => Buffer.byteLength(s.toWellFormed(), 'utf8');
  const kinds = ['{"a":1}', 'caf\u00e9', '\u20ac5', '\ud83d\ude00!', 'a\ud800b', '\udc00', '', 'x'.repeat(TEXT_PREVIEW_UNITS), '\u00e9'.repeat(TEXT_PREVIEW_UNITS + 5)];
  const textAt = (i: number) => kinds[i % kinds.length]! + (i % 7 === 0 ? '\u00ff' : String(i));

  function record(count: number, withEncoder = true) {
    const sent: HookBatch[] = [];
    const rec = createRecorder(natives(withEncoder), (b) => sent.push(b));
    rec.growCounters(1);
    let bytesOut = 0;
    let bytesIn = 0;
    for (let i = 0; i < count; i++) {
      const s = textAt(i);
      rec.text(1, i % 2 ? FrameFlag.Out : 0, s);
      if (i % 2) bytesOut += wire(s);
      else bytesIn += wire(s);
    }
    rec.attach();
    rec.detach();
    return { b: sent[0]!, bytesOut, bytesIn };
  }

  it.each([true, false])('each frame gets the UTF-8 length the browser sends, ASCII or not, before and past the sizing threshold (encoder: %s)', (withEncoder) => {
    for (const count of [1, 5, 63, 64, 65, 1023, 1024, 1025, 3000]) {
      const { b } = record(count, withEncoder);
      // The ring's byte budget may have let the oldest go (the long texts are 32 KiB each).
      const got = frames(b);
      expect(got.fseq0 + got.list.length).toBe(count);
      expect(got.list.length).toBeGreaterThan(Math.min(count, 1000) - 1);
      got.list.forEach((f, k) => {
        const i = got.fseq0 + k;
        const s = textAt(i);
        expect(f.size).toBe(wire(s));
        expect(f.text).toBe(s.length <= TEXT_PREVIEW_UNITS ? s : s.slice(0, TEXT_PREVIEW_UNITS));
        expect(!!(f.flags & FrameFlag.Truncated)).toBe(s.length > TEXT_PREVIEW_UNITS);
      });
    }
  });

  it('byte counters stay exact, frames evicted from the ring included', () => {
    const count = HOOK_RING_FRAMES + 2500;
    const { b, bytesOut, bytesIn } = record(count);
    expect(b.frames.fseq0).toBeGreaterThan(0);
    expect(b.counters).toEqual([{ sock: 1, framesOut: Math.floor(count / 2), framesIn: Math.ceil(count / 2), bytesOut, bytesIn }]);
  });

  it('a frame after a quiet spell goes out after the short delay; a stream that keeps coming, in fewer, larger batches', () => {
    // The page's clock and timers, driven by hand: each flush timer is an AbortSignal that fires when told.
    let clock = 1000;
    const timers: Array<{ ms: number; fire: () => void }> = [];
    const n = {
      ...natives(),
      now: () => clock,
      timeout: (ms: number) => {
        const c = new AbortController();
        timers.push({ ms, fire: () => c.abort() });
        return c.signal;
      },
    } as unknown as Natives;
    const sent: HookBatch[] = [];
    const rec = createRecorder(n, (b) => sent.push(b));
    rec.attach();
    const fire = () => {
      const t = timers.shift()!;
      clock += t.ms;
      t.fire();
      return t.ms;
    };

    rec.text(1, FrameFlag.Out, 'first');
    rec.text(1, FrameFlag.Out, 'second');
    // One timer for both frames, the short one: nothing went out lately.
    expect(timers.map((t) => t.ms)).toEqual([HOOK_FLUSH_MS]);
    fire();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.frames.text).toBe('firstsecond');

    // Traffic goes on: the next batch waits the longer delay.
    clock += 10;
    rec.text(1, 0, 'third');
    expect(fire()).toBe(HOOK_FLUSH_BUSY_MS);
    expect(sent[2]!.frames.text).toBe('third');
    clock += 30;
    rec.text(1, 0, 'fourth');
    expect(fire()).toBe(HOOK_FLUSH_BUSY_MS);

    // A quiet spell: the next lone frame shows after the short delay again.
    clock += 2 * HOOK_FLUSH_BUSY_MS;
    rec.text(1, 0, 'fifth');
    expect(fire()).toBe(HOOK_FLUSH_MS);
    expect(sent.map((b) => b.frames.text)).toEqual(['', 'firstsecond', 'third', 'fourth', 'fifth']);
    expect(timers).toHaveLength(0);
  });
});
