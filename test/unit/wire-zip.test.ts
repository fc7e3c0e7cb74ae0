// Deflated batches: what the bridge zips, the panel unzips to the very same packed
// frames (so unpackFrames sees no difference); what is not a zipped batch, or
// inflates to more than it declares, is refused with a reason.
import { describe, expect, it } from 'vitest';
import { splitPayloads } from '../fixtures/split-payloads';
import { isZipped, unzipFrames, worthZipping, zipFrames, ZIP_MIN_CHARS, type ZippedFrames } from '../../src/protocol/wire-zip';
import { packColumns, unpackFrames, type PackedFrames } from '../../src/protocol/wire-frames';
import { FrameFlag } from '../../src/protocol/records';

/** A batch like a busy page's: ticks with moving numbers, non-ASCII, astral, binary; a lone surrogate if asked. */
function busyBatch(n: number, lone = false): PackedFrames {
  const texts: string[] = [];
  const bins: number[] = [];
  const flags = new Uint8Array(n);
  const len = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (i % 50 === 49) {
      const b = Array.from({ length: 33 }, (_, k) => (i * 31 + k * 7) & 255);
      bins.push(...b);
      flags[i] = FrameFlag.Binary;
      len[i] = b.length;
    } else {
      const t = lone && i === 10 ? 'lone \uDC00 here' : `{"seq":${1000 + i},"px":${(1234.5 + Math.sin(i)).toFixed(2)},"s":"${'é😀'.repeat(i % 3)}"}`;
      texts.push(t);
      flags[i] = (i % 2 ? FrameFlag.Out : 0) | (lone && i === 10 ? FrameFlag.IllFormed : 0);
      len[i] = t.length;
    }
  }
  return packColumns({
    fseq0: 40,
    sock: new Uint32Array(n).fill(3),
    flags,
    size: Float64Array.from(len, (l) => l + 1),
    time: Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 0.37),
    len,
    text: texts.join(''),
    bin: Uint8Array.from(bins).buffer,
  });
}

/** What extension messaging does to a message on the way (both browsers clone it). */
const viaMessaging = <T>(x: T): T => structuredClone(x);

describe('zipFrames / unzipFrames', () => {
  for (const viaBlob of [false, true]) {
    it(`gives back the packed frames exactly, and much smaller${viaBlob ? ' (fed from a Blob, as in Firefox)' : ''}`, async () => {
      const w = busyBatch(1000);
      expect(worthZipping(w)).toBe(true);
      const z = await zipFrames(w, viaBlob);
      expect(isZipped(z)).toBe(true);
      const r = unzipFrames(viaMessaging(z));
      expect(r).toEqual({ ok: true, value: w });
      const plainBytes = w.cols.length + 2 * w.text.length;
      expect(z.z.length).toBeLessThan(plainBytes / 5);
      // And the frames unpack as they would have unzipped.
      const u = unpackFrames(r.ok ? r.value : w);
      const direct = unpackFrames(viaMessaging(w));
      expect(u.ok && direct.ok && splitPayloads(u.value)).toEqual(direct.ok && splitPayloads(direct.value));
    });
  }

  it('batches unzipped one after another keep their own columns (the inflate buffer is reused)', async () => {
    const big = busyBatch(1500);
    const small = { ...busyBatch(700), fseq0: 9000 };
    const first = unzipFrames(viaMessaging(await zipFrames(big)));
    const second = unzipFrames(viaMessaging(await zipFrames(small)));
    expect(second).toEqual({ ok: true, value: small });
    expect(first).toEqual({ ok: true, value: big });
  });

  it('binary previews cross as the base64 they are, outside the deflate', async () => {
    const w = busyBatch(1000);
    expect(w.bin.length).toBeGreaterThan(0);
    const z = await zipFrames(w);
    expect(z.bin).toBe(w.bin);
    const textOnly = await zipFrames({ ...w, bin: '' });
    expect(z.z).toEqual(textOnly.z);
  });

  it('leaves small batches alone', () => {
    expect(ZIP_MIN_CHARS).toBeGreaterThan(1000);
    expect(worthZipping(busyBatch(3))).toBe(false);
    expect(isZipped(busyBatch(3))).toBe(false);
  });

  it('refuses text with a lone surrogate (UTF-8 cannot hold it); the clone carries it exactly', async () => {
    const w = busyBatch(1000, true);
    await expect(zipFrames(w)).rejects.toThrow(/lone surrogates/);
    const u = unpackFrames(viaMessaging(w));
    expect(u.ok && splitPayloads(u.value)[10]).toBe('lone \uDC00 here');
  });

  it('refuses what does not inflate, inflates to more than it declares, or does not add up', async () => {
    const z = await zipFrames(busyBatch(500));
    const [c, t] = z.parts;
    const cases: Array<[string, ZippedFrames, RegExp]> = [
      ['not deflate', { ...z, z: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) }, /do not inflate/],
      ['not bytes (a browser sending JSON makes an object of them)', { ...z, z: { 0: 1 } } as unknown as ZippedFrames, /bad zipped frames/],
      // A deflate bomb: declared small, inflates large. Refused before it is all read.
      ['declares less than it holds', { ...z, parts: [c, 1] }, /more than they say/],
      ['columns that do not fit the frame count', { ...z, parts: [c - 25, t] }, /bad zipped frames/],
      ['declares more than it holds', { ...z, parts: [c, t + 5] }, /do not add up/],
      ['bad parts', { ...z, parts: [c, -1] }, /bad zipped frames/],
      ['parts missing', { ...z, parts: undefined } as unknown as ZippedFrames, /bad zipped frames/],
      ['the old three parts', { ...z, parts: [c, t, 0] } as unknown as ZippedFrames, /bad zipped frames/],
      ['binary previews missing', { ...z, bin: undefined } as unknown as ZippedFrames, /bad zipped frames/],
    ];
    for (const [name, bad, why] of cases) {
      const r = unzipFrames(bad);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error, name).toMatch(why);
    }
  });
});
