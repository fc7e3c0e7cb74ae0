// Checks a string the page passed to ws.send() for the two ways text frames go
// wrong. (1) Lone surrogates: send() converts the string to a USVString, so each
// unpaired UTF-16 code unit silently becomes U+FFFD (EF BF BD) and the server gets
// other data than the page meant. (2) Binary data pushed through a text frame:
// bytes turned into a string (readAsBinaryString, String.fromCharCode, a lossy
// TextDecoder, Latin-1 decoding of UTF-8) leave traces that ordinary text in any
// script never has. The first is certain; the second is a judgement, so every
// binary sign carries a confidence and only medium or high ones flag a frame.

import { msg, type Msg } from './message';

/**
 * Analyse at most this many UTF-16 code units of one frame. A full pass over
 * 1 Mi units of mixed-script text costs a few milliseconds (under 1 ms for plain
 * ASCII), so even a page that sends many large frames keeps the panel responsive,
 * and binary traces show in the first MiB if they show at all. Frames larger
 * than that are rare; their well-formedness is still checked to the end with the
 * native String.prototype.isWellFormed, fast enough for any frame size.
 */
export const ANALYSIS_CAP_UNITS = 1 << 20;
/** Enough positions to point at every problem of an ordinary frame; the counts stay exact. */
export const LONE_SURROGATE_LIST_CAP = 256;
export const REPLACEMENT_LIST_CAP = 256;
/** Context kept on each side of a lone surrogate, in code units. */
export const CONTEXT_UNITS = 8;

export interface LoneSurrogate {
  index: number;
  unit: number;
  kind: 'high' | 'low';
  /** Up to 8 code units before and after, lone surrogates in them replaced by U+FFFD. */
  before: string;
  after: string;
}

export type SignalKind =
  | 'lone-surrogate'
  | 'replacement-char'
  | 'nul'
  | 'control-chars'
  | 'binary-string'
  | 'magic-number'
  | 'mojibake';

export type Confidence = 'high' | 'medium' | 'low';

export interface BinarySignal {
  kind: SignalKind;
  reason: Msg;
  confidence: Confidence;
  firstIndex?: number;
  count?: number;
}

export interface TextAnalysis {
  /**
   * The whole string is well-formed UTF-16 (checked past the cap with the native
   * isWellFormed; without it, only the analysed part is checked).
   */
  wellFormed: boolean;
  /** UTF-16 code units of the whole string. */
  length: number;
  /** Code units analysed: length, or the cap (one less when the cap would split a surrogate pair). */
  analysedUnits: number;
  truncated: boolean;
  /** The lone surrogates of the analysed part, in order, at most LONE_SURROGATE_LIST_CAP. */
  loneSurrogates: LoneSurrogate[];
  /** Exact count within the analysed part. */
  loneSurrogateCount: number;
  /** UTF-8 bytes the browser sends; when truncated, of the analysed part only. */
  wireLength: number;
  /** Indices of U+FFFD present before send(), at most REPLACEMENT_LIST_CAP. */
  replacementChars: number[];
  /** Exact count of U+FFFD within the analysed part. */
  replacementCharCount: number;
  /** Every sign found, low-confidence hints included. */
  signals: BinarySignal[];
  /** Lone surrogates anywhere, or a binary-in-text signal of medium or high confidence. Low hints never flag. */
  flagged: boolean;
  /** A binary-in-text signal (any kind but lone-surrogate) of medium or high confidence. */
  binaryInText: boolean;
  /** Remarks about the analysis itself (truncation). */
  notes: Msg[];
}

// ---------------------------------------------------------------------------
// Thresholds. All judgement calls live here. "density" is count / analysed
// units. Random bytes are ~11% C0 controls, ~12.5% C1 controls and 50% high-bit
// characters, so every binary threshold below is met by a few dozen random bytes
// while real text in any script stays at zero (C1 controls, NUL runs) or far
// below (stray controls pasted from elsewhere).
// ---------------------------------------------------------------------------
interface Level {
  count: number;
  density: number;
}
const THRESHOLDS = {
  /**
   * C0 controls other than TAB, LF, VT, FF, CR and ESC, plus DEL. ESC is skipped
   * because web terminals send ANSI sequences (arrows, colours) as text; VT/FF are
   * whitespace in pasted documents. One stray control is a hint only; a few in a
   * short frame or a steady share in a long one is what bytes look like.
   */
  control: {
    medium: { count: 3, density: 1 / 64 },
    high: { count: 8, density: 1 / 32 },
  },
  /**
   * NUL not used as a delimiter (see isFramingSeparator). Text never carries two
   * of them; packed binary structures are full of them.
   */
  nul: {
    medium: { count: 2, density: 0 },
    high: { count: 4, density: 1 / 64 },
  },
  /**
   * U+FFFD present before send(): data was already lost, usually by a lossy
   * TextDecoder. One in a long text may be a quoted glyph (hint); one in a short
   * frame, or several, means a decoder replaced bytes.
   */
  replacement: {
    medium: { count: 1, density: 1 / 100 },
    mediumByCount: 3,
    high: { count: 8, density: 1 / 32 },
  },
  /**
   * A string with every unit <= 0xFF ("binary string"). It needs C1 controls
   * (0x80-0x9F), which Latin-1 text never has; C0 controls and NULs add to the
   * evidence. Runs of accented letters alone prove nothing ("ÄÖÜäöüß", "ÆØÅ"),
   * and 32 random bytes lack C1 with only ~1% probability.
   */
  binaryString: {
    high: { count: 8, density: 1 / 32 },
    medium: { count: 3, density: 1 / 64 },
    mediumC1: { count: 2, density: 1 / 128 },
  },
  /**
   * UTF-8 read as Latin-1/windows-1252: a lead byte shown as a letter followed by
   * continuation bytes shown as symbols ("Ã©", "â€™", "Ð¿"). The strong leads
   * (Â, Ã, Ð, Ñ, and â€) before such symbols are next to unheard of in real text.
   * Other capitals end words before quotes and spaces («PERÚ», »GROß«, "ÉTÉ !"
   * with a no-break space, ANDRÉ’S), so they count only before other Latin-1
   * symbols (° © ± …, see isLatin1Continuation) and need three to flag.
   */
  mojibake: {
    mediumWeak: 3,
    high: 4,
  },
  /** A text-only magic number ("%PDF-") at index 0 counts only with binary evidence within this many units; else it is a hint. */
  textMagicWindow: 1024,
} as const;

function meets(count: number, units: number, level: Level): boolean {
  return count >= level.count && count >= level.density * units;
}

// ---------------------------------------------------------------------------
// Native fast paths (ES2024). Present in every browser the extension supports;
// the fallbacks keep the pure core working in older test runtimes.
// ---------------------------------------------------------------------------
type WellFormedFn = (this: string) => boolean;
const nativeIsWellFormed: WellFormedFn | undefined = (
  String.prototype as { isWellFormed?: WellFormedFn }
).isWellFormed;

function isWellFormedString(s: string): boolean {
  if (nativeIsWellFormed) return nativeIsWellFormed.call(s);
  return findLoneSurrogates(s, 1).length === 0;
}

// A plain charCodeAt loop. A regex that stops at every surrogate was faster on
// text without emoji (1.15 G units/s in Node) but fell to 85 MB/s in Chromium on
// text with an emoji every few words, since it stops at both halves of each pair;
// the loop keeps ~300 MB/s whatever the text (npm run bench measures it in Chromium),
// and a well-formed string never gets here (native isWellFormed first).
/**
 * Indices of lone surrogates, in order, at most `limit`, scanning from `from`.
 * A low surrogate exactly at `from` counts as lone when `from` > 0 only if its
 * predecessor is not a high surrogate.
 */
export function findLoneSurrogates(s: string, limit = Infinity, from = 0, to = s.length): number[] {
  const out: number[] = [];
  if (limit <= 0 || from >= to) return out;
  if (from === 0 && to === s.length && nativeIsWellFormed && nativeIsWellFormed.call(s)) return out;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if ((c & 0xf800) !== 0xd800) continue; // not a surrogate: the hot path is this one test
    if (c <= 0xdbff) {
      if (i + 1 < to && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        i++;
        continue;
      }
    } else if (i === from && i > 0 && (s.charCodeAt(i - 1) & 0xfc00) === 0xd800) {
      // The other half of a pair that starts before the scanned range.
      continue;
    }
    // A low surrogate met here is lone: a high before it would have been met first.
    out.push(i);
    if (out.length >= limit) break;
  }
  return out;
}

// ---------------------------------------------------------------------------
// UTF-8 as the browser sends it
// ---------------------------------------------------------------------------

function clampSlice(len: number, start: number | undefined, end: number | undefined): [number, number] {
  let a = start === undefined ? 0 : Math.trunc(start);
  let b = end === undefined ? len : Math.trunc(end);
  if (Number.isNaN(a)) a = 0;
  if (Number.isNaN(b)) b = 0;
  if (a < 0) a = Math.max(0, len + a);
  if (b < 0) b = Math.max(0, len + b);
  a = Math.min(a, len);
  b = Math.min(b, len);
  return [a, Math.max(a, b)];
}

/** UTF-8 length of s[start, end), pairing surrogates only inside the range. */
function utf8LengthRange(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // BMP, or a lone surrogate sent as U+FFFD
  }
  return n;
}

/** UTF-8 bytes the browser sends for s; each lone surrogate counts 3 (U+FFFD). */
export function utf8Length(s: string): number {
  return utf8LengthRange(s, 0, s.length);
}

/**
 * The exact bytes the browser sends for s.slice(start, end): lone surrogates
 * become EF BF BD, and so does half a pair cut by start or end.
 */
export function wireBytes(s: string, start?: number, end?: number): Uint8Array {
  const [a, b] = clampSlice(s.length, start, end);
  const out = new Uint8Array(utf8LengthRange(s, a, b));
  let o = 0;
  for (let i = a; i < b; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
      continue;
    }
    if ((c & 0xf800) === 0xd800) {
      const d = i + 1 < b ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && (d & 0xfc00) === 0xdc00) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out[o++] = 0xf0 | (cp >> 18);
        out[o++] = 0x80 | ((cp >> 12) & 0x3f);
        out[o++] = 0x80 | ((cp >> 6) & 0x3f);
        out[o++] = 0x80 | (cp & 0x3f);
        i++;
        continue;
      }
      c = 0xfffd;
    }
    out[o++] = 0xe0 | (c >> 12);
    out[o++] = 0x80 | ((c >> 6) & 0x3f);
    out[o++] = 0x80 | (c & 0x3f);
  }
  return out;
}

const HEX = '0123456789abcdef';
function hex2(b: number): string {
  return HEX.charAt(b >> 4) + HEX.charAt(b & 15);
}

/**
 * `hexdump -C` style lines, 16 bytes each: "00000000  61 ef bf bd 62 …  |a...b|".
 * `offset` is the address of the first byte (the window's place in the message).
 */
export function hexDump(bytes: Uint8Array, offset = 0): string[] {
  const lines: string[] = [];
  for (let p = 0; p < bytes.length; p += 16) {
    const row = bytes.subarray(p, Math.min(p + 16, bytes.length));
    const hexes: string[] = [];
    let ascii = '';
    for (const b of row) {
      hexes.push(hex2(b));
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    const left = hexes.slice(0, 8).join(' ').padEnd(23);
    const right = hexes.slice(8).join(' ').padEnd(23);
    const addr = (offset + p).toString(16).padStart(8, '0');
    lines.push(`${addr}  ${left}  ${right}  |${ascii}|`);
  }
  return lines;
}

export interface WireWindow {
  /** Wire bytes of the code units around index (never cutting a surrogate pair). */
  bytes: Uint8Array;
  /** Where bytes[0] sits in the whole message on the wire. */
  byteOffset: number;
  /** [start, end) within `bytes` of what the unit at index became (the whole pair if it is half of one). */
  highlight: [number, number];
}

/** Wire bytes around code unit `index`, `radius` code units each side. */
export function wireWindow(s: string, index: number, radius = 16): WireWindow {
  const len = s.length;
  if (!Number.isInteger(index) || index < 0 || index >= len) {
    return { bytes: new Uint8Array(0), byteOffset: 0, highlight: [0, 0] };
  }
  const r = Math.max(0, Math.trunc(radius));
  let spanStart = index;
  let spanEnd = index + 1;
  const c = s.charCodeAt(index);
  if (c >= 0xd800 && c <= 0xdbff && index + 1 < len && (s.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
    spanEnd = index + 2;
  } else if (c >= 0xdc00 && c <= 0xdfff && index > 0 && (s.charCodeAt(index - 1) & 0xfc00) === 0xd800) {
    spanStart = index - 1;
  }
  let start = Math.max(0, spanStart - r);
  let end = Math.min(len, spanEnd + r);
  // Cutting a pair at the window edge would show EF BF BD where the wire has a 4-byte sequence.
  if (start > 0 && (s.charCodeAt(start) & 0xfc00) === 0xdc00 && (s.charCodeAt(start - 1) & 0xfc00) === 0xd800) start--;
  if (end < len && (s.charCodeAt(end - 1) & 0xfc00) === 0xd800 && (s.charCodeAt(end) & 0xfc00) === 0xdc00) end++;
  const hlStart = utf8LengthRange(s, start, spanStart);
  const hlLen = utf8LengthRange(s, spanStart, spanEnd);
  return {
    bytes: wireBytes(s, start, end),
    byteOffset: utf8LengthRange(s, 0, start),
    highlight: [hlStart, hlStart + hlLen],
  };
}

// ---------------------------------------------------------------------------
// The analysis
// ---------------------------------------------------------------------------

/** Replaces lone surrogates by U+FFFD so context strings are safe to render and serialise. */
function makeSafe(s: string): string {
  const lone = findLoneSurrogates(s);
  if (lone.length === 0) return s;
  let out = '';
  let last = 0;
  for (const i of lone) {
    out += s.slice(last, i) + '\uFFFD';
    last = i + 1;
  }
  return out + s.slice(last);
}

function contextAround(s: string, index: number): { before: string; after: string } {
  let b = Math.max(0, index - CONTEXT_UNITS);
  // Do not start on the second half of a pair: that would invent a lone surrogate.
  if (b > 0 && b < index && (s.charCodeAt(b) & 0xfc00) === 0xdc00 && (s.charCodeAt(b - 1) & 0xfc00) === 0xd800) b++;
  let e = Math.min(s.length, index + 1 + CONTEXT_UNITS);
  if (e < s.length && e > index + 1 && (s.charCodeAt(e - 1) & 0xfc00) === 0xd800 && (s.charCodeAt(e) & 0xfc00) === 0xdc00) e--;
  return { before: makeSafe(s.slice(b, index)), after: makeSafe(s.slice(index + 1, e)) };
}

/** Characters windows-1252 shows for bytes 0x80-0x9F, i.e. UTF-8 continuation bytes in mojibake. */
const CP1252_HIGH = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e,
  0x0178,
]);

function isContinuationLike(x: number): boolean {
  return (x >= 0x80 && x <= 0xbf) || CP1252_HIGH.has(x);
}

/**
 * A Latin-1 symbol that can follow a weak lead in mojibake. Not the ones real
 * text puts right after a word: no-break space, soft hyphen and « » quotes.
 */
function isLatin1Continuation(x: number): boolean {
  return x >= 0x80 && x <= 0xbf && x !== 0xa0 && x !== 0xab && x !== 0xad && x !== 0xbb;
}

/**
 * Mojibake starting at i with lead c (0xC2-0xEF): its length, positive when the
 * lead is a strong one, negative when weak, 0 when none (see THRESHOLDS.mojibake).
 */
function mojibakeAt(s: string, i: number, end: number, c: number): number {
  const d = s.charCodeAt(i + 1);
  if (c <= 0xdf) {
    if (c === 0xc2 || c === 0xc3 || c === 0xd0 || c === 0xd1) return isContinuationLike(d) ? 2 : 0;
    return isLatin1Continuation(d) ? -2 : 0;
  }
  if (i + 2 >= end) return 0;
  const e = s.charCodeAt(i + 2);
  if (c === 0xe2 && (d === 0x20ac || d === 0x80)) return isContinuationLike(e) ? 3 : 0;
  return isLatin1Continuation(d) && isLatin1Continuation(e) ? -3 : 0;
}

/** TAB, LF, VT, FF, CR: whitespace in text. ESC: ANSI sequences from web terminals. */
function isTextControl(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x1b;
}

function isTextish(c: number): boolean {
  return (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c <= 0x9f)) || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * NUL and the information separators 0x1C-0x1F used as delimiters between text:
 * STOMP ends every frame with NUL, SignalR ends every JSON message with 0x1E.
 * Such a unit follows text and is followed by text or the end.
 */
function isFramingSeparator(s: string, i: number, c: number): boolean {
  if (c !== 0 && (c < 0x1c || c > 0x1f)) return false;
  if (i === 0 || !isTextish(s.charCodeAt(i - 1))) return false;
  return i + 1 >= s.length || isTextish(s.charCodeAt(i + 1));
}

interface Magic {
  name: string;
  bytes: string;
  /** Only at index 0 (the pattern is too text-like elsewhere). */
  atStart: boolean;
  /** Pure printable ASCII: needs binary evidence nearby to count. */
  textual: boolean;
}
// Strings as readAsBinaryString/fromCharCode make them, and as a lossy UTF-8
// TextDecoder leaves them (bytes >= 0x80 become U+FFFD, the ASCII part survives).
const MAGICS: Magic[] = [
  { name: 'PNG', bytes: '\x89PNG\r\n\x1a\n', atStart: false, textual: false },
  { name: 'PNG', bytes: '\uFFFDPNG\r\n\x1a\n', atStart: false, textual: false },
  { name: 'JPEG', bytes: '\xff\xd8\xff', atStart: false, textual: false },
  { name: 'JPEG', bytes: '\x00\x10JFIF\x00', atStart: false, textual: false },
  { name: 'GZIP', bytes: '\x1f\x8b\x08', atStart: false, textual: false },
  { name: 'GZIP', bytes: '\x1f\x8b', atStart: true, textual: false },
  { name: 'GZIP', bytes: '\x1f\uFFFD\x08', atStart: true, textual: false },
  { name: 'ZIP', bytes: 'PK\x03\x04', atStart: false, textual: false },
  { name: 'ZIP', bytes: 'PK\x05\x06', atStart: false, textual: false },
  { name: 'WASM', bytes: '\x00asm\x01\x00\x00\x00', atStart: false, textual: false },
  { name: 'ELF', bytes: '\x7fELF', atStart: true, textual: false },
  { name: '7z', bytes: "7z\xbc\xaf'\x1c", atStart: false, textual: false },
  { name: 'PDF', bytes: '%PDF-', atStart: true, textual: true },
  { name: 'GIF', bytes: 'GIF87a', atStart: true, textual: true },
  { name: 'GIF', bytes: 'GIF89a', atStart: true, textual: true },
  { name: 'RIFF', bytes: 'RIFF', atStart: true, textual: true },
];

/**
 * Bytes rather than text: a control that text does not use, U+FFFD, or four
 * high-bit Latin-1 units in a row (a PDF's second line is such a run by design;
 * "café" after a quoted "%PDF-" is not).
 */
function hasBinaryEvidence(s: string, from: number, to: number): boolean {
  let run = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && !isTextControl(c)) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) return true;
    run = c >= 0xa0 && c <= 0xff ? run + 1 : 0;
    if (run >= 4) return true;
  }
  return false;
}

function findMagic(part: string, anyNonText: boolean): { magic: Magic; index: number; confidence: Confidence } | undefined {
  for (const m of MAGICS) {
    if (m.textual) {
      if (!part.startsWith(m.bytes)) continue;
      const strong = hasBinaryEvidence(part, m.bytes.length, Math.min(part.length, THRESHOLDS.textMagicWindow));
      return { magic: m, index: 0, confidence: strong ? 'high' : 'low' };
    }
    // Every binary magic has a control or high-bit unit: skip the search for plain text.
    if (!anyNonText) continue;
    if (m.atStart) {
      if (part.startsWith(m.bytes)) return { magic: m, index: 0, confidence: 'high' };
      continue;
    }
    const at = part.indexOf(m.bytes);
    if (at >= 0) return { magic: m, index: at, confidence: 'high' };
  }
  return undefined;
}

function level(count: number, units: number, medium: Level, high: Level): Confidence {
  if (meets(count, units, high)) return 'high';
  if (meets(count, units, medium)) return 'medium';
  return 'low';
}

/** Anything but printable ASCII, TAB, LF and CR. */
const NON_PLAIN = /[^\x20-\x7e\t\n\r]/;

/** Printable ASCII, tabs and newlines only: such text can raise no signal at all. */
export function isPlainText(s: string): boolean {
  return !NON_PLAIN.test(s);
}

export function analyzeOutgoingText(s: string, cap: number = ANALYSIS_CAP_UNITS): TextAnalysis {
  const length = s.length;
  let end = Math.min(length, Math.max(0, Math.trunc(cap)));
  // Never split a pair at the cap: its halves are not lone on the wire.
  if (end > 0 && end < length && (s.charCodeAt(end - 1) & 0xfc00) === 0xd800 && (s.charCodeAt(end) & 0xfc00) === 0xdc00) end--;
  const truncated = end < length;
  const part = truncated ? s.slice(0, end) : s;

  const loneSurrogates: LoneSurrogate[] = [];
  const replacementChars: number[] = [];
  let loneCount = 0;
  let replCount = 0;
  let wire = 0;
  let ctrlCount = 0;
  let ctrlFirst = -1;
  let nulCount = 0;
  let nulFirst = -1;
  let c1Count = 0;
  let c1First = -1;
  let highBit = 0; // 0x80-0xFF
  let latin1Only = true;
  let mojiStrong = 0;
  let mojiWeak = 0;
  let mojiFirst = -1;
  let mojiSample = '';

  // Printable ASCII needs no attention and costs one byte each: the regex engine
  // skips a leading run of it about three times faster than the loop below.
  const firstNonPlain = NON_PLAIN.exec(part);
  const loopStart = firstNonPlain ? firstNonPlain.index : end;
  wire = loopStart;

  for (let i = loopStart; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      wire += 1;
      if (c >= 0x20 && c !== 0x7f) continue;
      if (isTextControl(c) || isFramingSeparator(s, i, c)) continue;
      if (c === 0) {
        if (nulCount++ === 0) nulFirst = i;
      } else if (ctrlCount++ === 0) ctrlFirst = i;
      continue;
    }
    if (c <= 0xff) {
      wire += 2;
      highBit++;
      if (c <= 0x9f) {
        if (c1Count++ === 0) c1First = i;
      } else if (c >= 0xc2 && c <= 0xef && i + 1 < end) {
        const size = mojibakeAt(s, i, end, c);
        if (size !== 0) {
          if (size > 0) mojiStrong++;
          else mojiWeak++;
          if (mojiFirst < 0) {
            mojiFirst = i;
            mojiSample = s.slice(i, i + Math.abs(size));
          }
        }
      }
      continue;
    }
    latin1Only = false;
    if (c < 0x800) {
      wire += 2;
      continue;
    }
    if ((c & 0xf800) === 0xd800) {
      if (c <= 0xdbff && i + 1 < end && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        wire += 4;
        i++;
        continue;
      }
      wire += 3;
      if (loneCount++ < LONE_SURROGATE_LIST_CAP) {
        loneSurrogates.push({ index: i, unit: c, kind: c <= 0xdbff ? 'high' : 'low', ...contextAround(s, i) });
      }
      continue;
    }
    wire += 3;
    if (c === 0xfffd && replCount++ < REPLACEMENT_LIST_CAP) replacementChars.push(i);
  }

  const signals: BinarySignal[] = [];
  const notes: Msg[] = truncated ? [msg('utf8_note_truncated', end, length)] : [];

  let wellFormed = loneCount === 0;
  if (loneCount > 0) {
    const first = loneSurrogates[0]?.index ?? 0;
    signals.push({
      kind: 'lone-surrogate',
      confidence: 'high',
      reason: msg('utf8_signal_lone_surrogate', loneCount, first),
      firstIndex: first,
      count: loneCount,
    });
  } else if (truncated && !isWellFormedString(s)) {
    wellFormed = false;
    const beyond = findLoneSurrogates(s, 1, end)[0] ?? end;
    signals.push({
      kind: 'lone-surrogate',
      confidence: 'high',
      reason: msg('utf8_signal_lone_surrogate_beyond_cap', beyond),
      firstIndex: beyond,
    });
  }

  const units = Math.max(1, end);
  if (replCount > 0) {
    const t = THRESHOLDS.replacement;
    let conf = level(replCount, units, t.medium, t.high);
    if (conf === 'low' && replCount >= t.mediumByCount) conf = 'medium';
    const first = replacementChars[0] ?? 0;
    signals.push({
      kind: 'replacement-char',
      confidence: conf,
      reason: msg('utf8_signal_replacement_char', replCount, first),
      firstIndex: first,
      count: replCount,
    });
  }
  if (nulCount > 0) {
    const t = THRESHOLDS.nul;
    signals.push({
      kind: 'nul',
      confidence: level(nulCount, units, t.medium, t.high),
      reason: msg('utf8_signal_nul', nulCount, nulFirst),
      firstIndex: nulFirst,
      count: nulCount,
    });
  }
  if (ctrlCount > 0) {
    const t = THRESHOLDS.control;
    signals.push({
      kind: 'control-chars',
      confidence: level(ctrlCount, units, t.medium, t.high),
      reason: msg('utf8_signal_control_chars', ctrlCount, ctrlFirst),
      firstIndex: ctrlFirst,
      count: ctrlCount,
    });
  }
  if (latin1Only && c1Count > 0) {
    const t = THRESHOLDS.binaryString;
    const evidence = c1Count + ctrlCount + nulCount;
    const conf: Confidence = meets(evidence, units, t.high)
      ? 'high'
      : meets(evidence, units, t.medium) || meets(c1Count, units, t.mediumC1)
        ? 'medium'
        : 'low';
    signals.push({
      kind: 'binary-string',
      confidence: conf,
      reason: msg('utf8_signal_binary_string', c1Count, highBit),
      firstIndex: c1First,
      count: evidence,
    });
  }

  const anyNonText = ctrlCount + nulCount + highBit + replCount > 0 || !latin1Only;
  const magic = findMagic(part, anyNonText);
  if (magic) {
    signals.push({
      kind: 'magic-number',
      confidence: magic.confidence,
      reason: msg('utf8_signal_magic_number', magic.magic.name, magic.index),
      firstIndex: magic.index,
    });
  }
  if (mojiStrong + mojiWeak > 0) {
    const t = THRESHOLDS.mojibake;
    const total = mojiStrong + mojiWeak;
    const conf: Confidence =
      total >= t.high ? 'high' : mojiStrong > 0 || mojiWeak >= t.mediumWeak ? 'medium' : 'low';
    signals.push({
      kind: 'mojibake',
      confidence: conf,
      reason: msg('utf8_signal_mojibake', total, mojiFirst, mojiSample),
      firstIndex: mojiFirst,
      count: total,
    });
  }

  const binaryInText = signals.some((g) => g.kind !== 'lone-surrogate' && g.confidence !== 'low');
  return {
    wellFormed,
    length,
    analysedUnits: end,
    truncated,
    loneSurrogates,
    loneSurrogateCount: loneCount,
    wireLength: wire,
    replacementChars,
    replacementCharCount: replCount,
    signals,
    flagged: !wellFormed || binaryInText,
    binaryInText,
    notes,
  };
}

/** Short fixes by cause, most relevant first; nothing for a clean analysis or hints only. */
export function fixAdvice(a: TextAnalysis): Msg[] {
  const keys = new Set<string>();
  if (!a.wellFormed || a.loneSurrogateCount > 0) {
    keys.add('utf8_fix_cut_code_points');
    keys.add('utf8_fix_well_formed');
  }
  for (const g of a.signals) {
    if (g.confidence === 'low') continue;
    switch (g.kind) {
      case 'lone-surrogate':
        break;
      case 'replacement-char':
        keys.add('utf8_fix_lossy_decoder');
        keys.add('utf8_fix_binary_frames');
        break;
      case 'mojibake':
        keys.add('utf8_fix_decode_utf8');
        break;
      case 'nul':
      case 'control-chars':
      case 'binary-string':
      case 'magic-number':
        keys.add('utf8_fix_binary_frames');
        keys.add('utf8_fix_no_binary_strings');
        break;
    }
  }
  return [...keys].map((k) => msg(k));
}
