// The frames of one batch as they cross extension messaging: the numeric columns
// packed into one buffer, all text previews in one string, all binary previews in
// one string. Extension messaging is a structured clone (Firefox always; Chromium
// since 148, opted into by the manifest's message_serialization), so a batch is
// three values however many frames it holds: cloning, relaying and reading it cost
// per batch and per byte, never per frame. Strings cross exactly, lone surrogates
// included.
import { BINARY_PREVIEW_BYTES, MAX_BATCH_FRAMES, TEXT_PREVIEW_UNITS } from './limits';
import { bytesToBase64 } from './base64';
import type { PageFrameColumns } from './page-messages';
import { FrameFlag, payloadKind } from './records';
import type { JoinedFrames } from './extension-messages';

export const BYTES_PER_FRAME = 8 + 8 + 4 + 4 + 1;

/** A batch packed: what crosses as it is, or deflated (wire-zip.ts) when it holds many frames. */
export interface PackedFrames {
  fseq0: number;
  n: number;
  /** time f64[n] | size f64[n] | sock u32[n] | len u32[n] | flags u8[n]. */
  cols: Uint8Array<ArrayBuffer>;
  /** The text previews, back to back. */
  text: string;
  /**
   * The binary previews, each base64-encoded on its own, back to back. The panel
   * keeps a preview as base64 (decoded only when a person looks), so it takes each
   * segment as a slice: no decoding and re-encoding of every byte on the way in.
   */
  bin: string;
}

export function packColumns(f: PageFrameColumns): PackedFrames {
  const n = f.sock.length;
  const buf = new ArrayBuffer(n * BYTES_PER_FRAME);
  // Copied into this world's arrays: in Firefox the page's arrays live in another compartment.
  new Float64Array(buf, 0, n).set(f.time);
  new Float64Array(buf, 8 * n, n).set(f.size);
  new Uint32Array(buf, 16 * n, n).set(f.sock);
  new Uint32Array(buf, 20 * n, n).set(f.len);
  new Uint8Array(buf, 24 * n, n).set(f.flags);
  // Copied into this world first: in Firefox the page's buffer lives in another compartment.
  const binSrc = new Uint8Array(f.bin);
  const bytes = new Uint8Array(binSrc.length);
  bytes.set(binSrc);
  let bin = '';
  for (let i = 0, at = 0; i < n; i++) {
    if (payloadKind(f.flags[i]!) !== 'bin') continue;
    const l = f.len[i]!;
    bin += bytesToBase64(bytes.subarray(at, at + l));
    at += l;
  }
  return { fseq0: f.fseq0, n, cols: new Uint8Array(buf), text: f.text, bin };
}

/** Characters of the base64 of `bytes` bytes, padding included. */
const b64Chars = (bytes: number) => 4 * Math.ceil(bytes / 3);
const B64_ALPHABET = /^[A-Za-z0-9+/=]*$/;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The columns the store takes, or why the packed form is malformed. Never throws.
 * The columns are raw bytes, as cloned or as inflated from a zipped batch.
 */
export function unpackFrames(w: PackedFrames): { ok: true; value: JoinedFrames } | { ok: false; error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  if (!w || typeof w !== 'object') return fail('frames missing');
  const { fseq0, n, cols, text, bin } = w;
  if (!isCount(fseq0) || !isCount(n) || n > MAX_BATCH_FRAMES) return fail('bad frame count');
  // A browser that ignored the manifest's message_serialization (one older than
  // Chromium 148) turns the columns into a plain object: refused here, said in the panel.
  if (!(cols instanceof Uint8Array) || typeof text !== 'string' || typeof bin !== 'string') return fail('bad frame payloads');
  if (!B64_ALPHABET.test(bin)) return fail('binary previews are not base64');
  if (cols.length !== n * BYTES_PER_FRAME) return fail('frame columns have the wrong size');
  // Aligned: a cloned buffer holds exactly these bytes, at offset 0; bytes at any
  // other offset are copied first (Float64Array views need a multiple of 8).
  const buf = cols.byteOffset === 0 && cols.buffer.byteLength === cols.length ? cols.buffer : cols.slice().buffer;
  const time = new Float64Array(buf, 0, n);
  const size = new Float64Array(buf, 8 * n, n);
  const sockCol = new Uint32Array(buf, 16 * n, n);
  const len = new Uint32Array(buf, 20 * n, n);
  const flagCol = new Uint8Array(buf, 24 * n, n);
  // The numeric columns go to the store as the views they are, and the payloads stay
  // in their two strings: nothing made per frame.
  const dlen = new Int32Array(n);
  const out: JoinedFrames = { fseq0, sock: sockCol, flags: flagCol, size, time, text, bin, dlen };
  let t = 0;
  let b = 0;
  let nextEq = -1;
  for (let i = 0; i < n; i++) {
    const fl = flagCol[i]!;
    const s = size[i]!;
    if (!(s >= 0 && s <= Number.MAX_SAFE_INTEGER) || !Number.isFinite(time[i]!)) return fail(`bad frame ${i}`);
    const l = len[i]!;
    const kind = payloadKind(fl);
    if (kind === 'text') {
      if (l > TEXT_PREVIEW_UNITS || t + l > text.length) return fail(`frame ${i}: text preview out of range`);
      dlen[i] = l;
      t += l;
    } else if (kind === 'bin') {
      const chars = b64Chars(l);
      if (l > BINARY_PREVIEW_BYTES || b + chars > bin.length) return fail(`frame ${i}: binary preview out of range`);
      // Padding only where this segment's length puts it ("=" or "==" at its end), nowhere else.
      // The next "=" is looked up only once it is behind: one pass over the string per batch.
      const pad = (3 - (l % 3)) % 3;
      if (nextEq < b) {
        const k = bin.indexOf('=', b);
        nextEq = k < 0 ? Infinity : k;
      }
      if (nextEq < b + chars - pad || (pad > 0 && bin.charCodeAt(b + chars - 1) !== 61) || (pad === 2 && bin.charCodeAt(b + chars - 2) !== 61))
        return fail(`frame ${i}: binary preview is not base64`);
      // A Blob nobody read (no panel was listening) has an empty preview: no payload.
      dlen[i] = l === 0 && s > 0 && fl & FrameFlag.Blob ? -1 : chars;
      b += chars;
    } else {
      if (l !== 0) return fail(`frame ${i} has a payload its type cannot have`);
      dlen[i] = -1;
    }
  }
  if (t !== text.length || b !== bin.length) return fail('previews do not add up');
  return { ok: true, value: out };
}
