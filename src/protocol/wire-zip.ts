// A busy page's batches cross extension messaging deflated. Measured in the
// bench's echo with the panel open, what slows the page is the bytes every batch
// carries through the browser (cloned, copied through the browser process to the
// panel, read again), not the number of messages. It still is with structured
// clone: batches of small text frames crossing as they are cost the whole browser
// ×1.29 of its CPU per echo, deflated ×1.22 (one run each of the bench's open-panel
// row). A batch of small JSON frames deflates to about a tenth, and the browser's
// own deflate (CompressionStream) costs less than the bytes it saves. Small batches
// cross as they are: nothing to win, and they keep the quiet path synchronous.
// Binary previews stay out of the deflate and cross as the base64 they already are:
// previews of compressed or random bytes do not shrink (a batch of 64 KiB frames'
// previews deflated to 105% of its base64), and deflating them in the page and
// inflating them in the panel was most of what such a batch cost.
import { inflateSync } from 'fflate';
import { BYTES_PER_FRAME, type PackedFrames } from './wire-frames';

export interface ZippedFrames {
  fseq0: number;
  n: number;
  /** Bytes of the raw columns, then UTF-16 units of `text`, back to back in what `z` holds. */
  parts: [number, number];
  /** deflate-raw of the raw columns + the UTF-8 of the text (well-formed: see zipFrames). */
  z: Uint8Array;
  /** The binary previews, as in PackedFrames: not deflated. */
  bin: string;
}

/** Below this many characters (column bytes counted as characters) a batch crosses unzipped. */
export const ZIP_MIN_CHARS = 4096;

export const worthZipping = (p: PackedFrames) => p.cols.length + p.text.length >= ZIP_MIN_CHARS;

export const isZipped = (f: PackedFrames | ZippedFrames): f is ZippedFrames => 'z' in f;

/**
 * Deflates through the browser's CompressionStream (as fast as a JS deflate in the
 * page, measured, and nothing to ship). `viaBlob` feeds the stream from a Blob: in a
 * Firefox content script the stream classes are the page's, seen through Xray
 * wrappers, and will not take this script's own Uint8Array as a chunk, but a Blob made
 * from it is the page's kind of object. Elsewhere a Blob would only add a copy.
 */
async function deflate(bytes: Uint8Array<ArrayBuffer>, viaBlob: boolean): Promise<Uint8Array> {
  const t = new CompressionStream('deflate-raw');
  let readable: ReadableStream<Uint8Array>;
  if (viaBlob) readable = new Blob([bytes]).stream().pipeThrough(t);
  else {
    const writer = t.writable.getWriter();
    // Errors surface on the readable side; these promises must not be left unhandled.
    writer.write(bytes).catch(() => {});
    writer.close().catch(() => {});
    readable = t.readable;
  }
  const reader = readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Scratch buffers, kept for the next batch: the bridge encodes each batch into one
 * before deflating it, the panel inflates each into one. A fresh one per batch cost
 * more than the work done in it (in the page: page faults, then returning the memory;
 * in the panel: garbage for the collector's worker threads, ~150 bytes per frame).
 * A few are kept because zips overlap (each holds its buffer until its deflate is
 * read); one bigger than a batch (a snapshot) is used once and let go.
 */
const spare: Uint8Array<ArrayBuffer>[] = [];
const KEEP_SPARE_BYTES = 1024 * 1024;
function takeBuffer(size: number): Uint8Array<ArrayBuffer> {
  const b = spare.pop();
  return b && b.length >= size ? b : new Uint8Array(Math.max(size, 256 * 1024));
}
function giveBack(b: Uint8Array<ArrayBuffer>) {
  if (spare.length < 2 && b.length <= KEEP_SPARE_BYTES) spare.push(b);
}
const encoder = new TextEncoder();

/**
 * Rejects text with a lone surrogate: UTF-8 cannot hold one (the deflate's input would
 * carry U+FFFD instead). The bridge then sends that batch as it is, and the structured
 * clone carries it exactly.
 */
export async function zipFrames(p: PackedFrames, viaBlob = false): Promise<ZippedFrames> {
  if (!p.text.isWellFormed()) throw new Error('text with lone surrogates is not zipped');
  const c = p.cols.length;
  const buf = takeBuffer(c + 3 * p.text.length);
  try {
    buf.set(p.cols);
    // The text encoded right after the columns: no joined string is built.
    const t = encoder.encodeInto(p.text, buf.subarray(c)).written;
    const z = await deflate(buf.subarray(0, c + t), viaBlob);
    return { fseq0: p.fseq0, n: p.n, parts: [c, p.text.length], z, bin: p.bin };
  } finally {
    giveBack(buf);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const isLength = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The packed frames again (columns as raw bytes), or why not. Never throws.
 * Synchronous: fflate's inflate, into a buffer of the most bytes the parts can take
 * (one more would mean a deflate bomb, or parts that lie). In the panel of a busy
 * echo, DecompressionStream and its promise per chunk cost ~2 µs per frame of the
 * panel's main thread in a profile; this is a plain loop, and batches need no
 * reordering after it.
 */
export function unzipFrames(f: ZippedFrames): { ok: true; value: PackedFrames } | { ok: false; error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  const parts: unknown = f.parts;
  if (!Array.isArray(parts) || parts.length !== 2 || !parts.every(isLength) || !(f.z instanceof Uint8Array) || typeof f.bin !== 'string')
    return fail('bad zipped frames');
  const [c, t] = parts as [number, number];
  if (!isLength(f.n) || c !== f.n * BYTES_PER_FRAME) return fail('bad zipped frames: columns do not fit the frame count');
  // The column bytes, then at most 3 UTF-8 bytes per UTF-16 unit; one byte more is room
  // to see that it inflates to more (inflateSync writes nothing past the view it is given).
  const max = c + 3 * t;
  const buf = takeBuffer(max + 1);
  let cols: Uint8Array<ArrayBuffer>;
  let s: string;
  try {
    const bytes = inflateSync(f.z, { out: buf.subarray(0, max + 1) });
    if (bytes.length > max) return fail('zipped frames inflate to more than they say');
    if (bytes.length < c) return fail('zipped frames do not add up');
    s = strictUtf8.decode(bytes.subarray(c));
    // A copy of just the columns, at offset 0 of its own buffer (unpackFrames views it as f64/u32).
    cols = bytes.slice(0, c);
  } catch (e) {
    return fail('zipped frames do not inflate: ' + String(e).slice(0, 120));
  } finally {
    giveBack(buf);
  }
  if (s.length !== t) return fail('zipped frames do not add up');
  return { ok: true, value: { fseq0: f.fseq0, n: f.n, cols, text: s, bin: f.bin } };
}
