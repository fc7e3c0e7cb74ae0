// How many UTF-8 bytes the browser puts on the wire for a string: a lone surrogate
// becomes U+FFFD (3 bytes), as the browser's own encoder does.
// Short strings are walked in JS (no call out, nothing allocated). Long ones go
// through TextEncoder.encodeInto into a scratch buffer, a slice at a time: measured
// in Chromium, 3× faster on ASCII (a 1 MiB frame: 1.35 ms instead of 4). Its result
// is a fresh object with own data properties only, so reading `written` runs no page
// code. A slice never ends between the two halves of a surrogate pair, which the
// encoder would count as two U+FFFD.
import type { Natives } from './natives';

/** Strings shorter than this are walked in JS. */
const NATIVE_FROM = 512;
/** UTF-16 units encoded per call; the scratch buffer holds their worst case (3 bytes each). */
const SLICE = 16 * 1024;

/** Most UTF-16 units `allAscii` takes at once. */
export const ASCII_CHECK_UNITS = SLICE;

export function createUtf8Length(N: Natives) {
  const enc = N.TextEncoder !== null ? new N.TextEncoder() : null;
  let scratch: Uint8Array | null = null;
  /** UTF-8 bytes of `s` (at most SLICE units), by the native encoder into the scratch buffer. */
  const encodeLength = (e: TextEncoder, s: string) => {
    if (scratch === null) scratch = new N.Uint8Array(3 * SLICE);
    return N.encodeInto(e, s, scratch).written;
  };

  function walk(s: string): number {
    const n = s.length;
    let bytes = n;
    for (let i = 0; i < n; i++) {
      const c = N.charCodeAt(s, i);
      if (c < 0x80) continue;
      if (c < 0x800) bytes += 1;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = N.charCodeAt(s, i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          bytes += 2; // 4 bytes for 2 code units
          i++;
        } else bytes += 2;
      } else bytes += 2;
    }
    return bytes;
  }

  /**
   * Whether `s` is known to be all ASCII, so that its UTF-8 is as long as it is. One
   * native encode of many frames' texts joined costs the page a tenth of walking each
   * (measured in Chromium: ~40 against ~400 ns per 50-unit text). False when it is not,
   * when `s` is longer than ASCII_CHECK_UNITS, or when the page's world has no encoder.
   */
  function allAscii(s: string): boolean {
    return enc !== null && s.length <= ASCII_CHECK_UNITS && encodeLength(enc, s) === s.length;
  }

  function utf8Length(s: string): number {
    const n = s.length;
    if (n < NATIVE_FROM || enc === null) return walk(s);
    let bytes = 0;
    for (let at = 0; at < n; ) {
      let end = at + SLICE < n ? at + SLICE : n;
      if (end < n) {
        const c = N.charCodeAt(s, end - 1);
        if (c >= 0xd800 && c <= 0xdbff) end--;
      }
      bytes += encodeLength(enc, at === 0 && end === n ? s : N.strSlice(s, at, end));
      at = end;
    }
    return bytes;
  }

  return { utf8Length, allAscii };
}
