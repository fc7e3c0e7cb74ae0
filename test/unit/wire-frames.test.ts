// The packed wire between the bridge and the panel: what goes in comes out, frame
// for frame, lone surrogates included; anything malformed is refused, not half-read.
import { describe, expect, it } from 'vitest';
import { splitPayloads } from '../fixtures/split-payloads';
import { packColumns, unpackFrames, type PackedFrames } from '../../src/protocol/wire-frames';
import { FrameFlag } from '../../src/protocol/records';
import type { PageFrameColumns } from '../../src/protocol/page-messages';
import { bytesToBase64 } from '../../src/protocol/base64';

function columns(frames: Array<[sock: number, flags: number, size: number, data: string | Uint8Array | null]>): PageFrameColumns {
  let text = '';
  const bins: number[] = [];
  const len = new Uint32Array(frames.length);
  frames.forEach(([, , , d], i) => {
    if (typeof d === 'string') {
      text += d;
      len[i] = d.length;
    } else if (d) {
      bins.push(...d);
      len[i] = d.length;
    }
  });
  return {
    fseq0: 7,
    sock: Uint32Array.from(frames.map((f) => f[0])),
    flags: Uint8Array.from(frames.map((f) => f[1])),
    size: Float64Array.from(frames.map((f) => f[2])),
    time: Float64Array.from(frames.map((_, i) => 1.7e12 + i + 0.25)),
    len,
    text,
    bin: Uint8Array.from(bins).buffer,
  };
}

const SAMPLE: Array<[number, number, number, string | Uint8Array | null]> = [
  [1, FrameFlag.Out, 5, 'hello'],
  [1, 0, 0, ''],
  [2, FrameFlag.Out | FrameFlag.IllFormed, 5, 'a\uD83Db'],
  [2, FrameFlag.Binary, 3, new Uint8Array([0, 255, 7])],
  // Lengths that need base64 padding ("==" and "="), each its own segment.
  [2, FrameFlag.Binary, 1, new Uint8Array([9])],
  [2, FrameFlag.Out | FrameFlag.Binary, 2, new Uint8Array([1, 2])],
  // A Blob nobody read (an empty preview, so no payload), then one read while a panel listened.
  [1, FrameFlag.Out | FrameFlag.Binary | FrameFlag.Blob, 1000, null],
  [1, FrameFlag.Binary | FrameFlag.Blob, 2, new Uint8Array([4, 5])],
  [3, FrameFlag.Out | FrameFlag.Converted, 15, null],
  // A pair split across two frames: each frame alone is ill-formed, the joined text is not.
  [3, FrameFlag.Out | FrameFlag.IllFormed, 4, 'x\uD83D'],
  [3, FrameFlag.Out | FrameFlag.IllFormed, 4, '\uDE00y'],
  [1, 0, 12, 'привет 😀'],
];

/** What extension messaging does to a message on the way (both browsers clone it). */
const viaMessaging = <T>(x: T): T => structuredClone(x);

describe('packColumns / unpackFrames', () => {
  it('gives back every frame exactly, payloads included', () => {
    const r = unpackFrames(viaMessaging(packColumns(columns(SAMPLE))));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value;
    expect(v.fseq0).toBe(7);
    expect(Array.from(v.sock)).toEqual(SAMPLE.map((f) => f[0]));
    expect(Array.from(v.flags)).toEqual(SAMPLE.map((f) => f[1]));
    expect(Array.from(v.size)).toEqual(SAMPLE.map((f) => f[2]));
    expect(Array.from(v.time)).toEqual(SAMPLE.map((_, i) => 1.7e12 + i + 0.25));
    expect(splitPayloads(v)).toEqual(SAMPLE.map(([, , , d]) => (d instanceof Uint8Array ? bytesToBase64(d) : d)));
  });

  it('carries lone surrogates exactly', () => {
    const r = unpackFrames(viaMessaging(packColumns(columns([[1, FrameFlag.Out | FrameFlag.IllFormed, 9, 'ab\uD800c\uDFFF']]))));
    expect(r.ok && splitPayloads(r.value)[0]).toBe('ab\uD800c\uDFFF');
  });

  it('takes the columns at any offset of their buffer (as inflated from a zipped batch)', () => {
    const p = packColumns(columns(SAMPLE));
    // Three bytes in: a Float64Array cannot view that, so unpacking must copy.
    const shifted = new Uint8Array(p.cols.length + 3);
    shifted.set(p.cols, 3);
    const r = unpackFrames({ ...p, cols: shifted.subarray(3) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Array.from(r.value.size)).toEqual(SAMPLE.map((f) => f[2]));
    expect(Array.from(r.value.time)).toEqual(SAMPLE.map((_, i) => 1.7e12 + i + 0.25));
    expect(splitPayloads(r.value)).toEqual(SAMPLE.map(([, , , d]) => (d instanceof Uint8Array ? bytesToBase64(d) : d)));
  });

  it('packs a batch with no frames', () => {
    const r = unpackFrames(viaMessaging(packColumns(columns([]))));
    expect(r.ok).toBe(true);
    expect(r.ok && [r.value.sock.length, splitPayloads(r.value).length]).toEqual([0, 0]);
  });

  const good = () => packColumns(columns(SAMPLE));
  it.each([
    // What a browser still on JSON messaging (Chromium before 148) makes of the columns.
    ['columns that are not bytes', { cols: { 0: 1, 1: 2 } }, /bad frame payloads/],
    ['columns as base64 text', { cols: 'AAAA' }, /bad frame payloads/],
    ['columns of the wrong size', { n: SAMPLE.length + 1 }, /wrong size/],
    ['more text than the frames claim', { text: good().text + 'x' }, /do not add up/],
    ['less text than the frames claim', { text: 'hi' }, /out of range/],
    ['binary previews that are too short', { bin: '' }, /out of range/],
    ['binary previews outside the base64 alphabet', { bin: good().bin.replace(/.$/, '!') }, /not base64/],
    ['padding in the middle of a binary preview', { bin: '=' + good().bin.slice(1) }, /not base64/],
    ['half the padding a 1-byte preview needs', { bin: good().bin.replace('CQ==', 'CQA=') }, /not base64/],
    ['a frame count that is not a count', { n: -1 }, /count/],
  ])('refuses %s', (_, over, error) => {
    const r = unpackFrames({ ...good(), ...over } as PackedFrames);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});
