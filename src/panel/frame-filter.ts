// Frame filters for the panel's frame list: direction, type, flagged only,
// connection, and a search over payloads (plain text or a regular expression).
// Pure logic: no browser API, no store import beyond types, so unit tests and the
// benchmark drive it with plain PanelFrame objects.
//
// What a search looks at:
// - text frames: the full text when the store kept it whole, otherwise its preview
//   (PanelFrame.truncated); the filter counts such previews so the panel can say
//   "searched previews only" next to the result;
// - binary frames: their bytes as latin1 text (each byte one character) and as
//   lowercase hex, one space between bytes ("89 50 4e 47"). A regex sees both; a
//   plain query that reads as hex bytes ("504E47", "50 4e 47", "50:4e:47") matches
//   whole bytes of the hex, any other plain query only the latin1 text. A binary
//   preview (4 KiB) is also only a preview;
// - frames with no payload at all (a Blob, or a payload dropped for size) are
//   counted as unsearchable and never match a search.
//
// Catastrophic regular expressions: a JavaScript RegExp runs synchronously and
// cannot be interrupted, so a pattern such as (a+)+$ on a long input can block the
// panel for seconds or minutes. Three things bound the damage here, none of them
// a proof: (1) patterns with a quantified group that itself contains a quantifier
// or an alternation (the shape of nearly every exponential pattern) compile with a
// `warning` Msg the panel shows next to the search box; (2) text is searched only
// in what the store holds (previews are at most TEXT_PREVIEW_UNITS code units);
// (3) countMatches takes a time budget and stops between frames when it is spent,
// reporting how far it got. A pattern that is exponential on one 16 K frame still
// blocks; the real fix is to run the search in a Worker the panel can terminate.
import { msg, type Msg } from '../diagnosis/message';
import type { PanelFrame } from './store';

export type DirFilter = 'out' | 'in' | 'both';
export type TypeFilter = 'text' | 'binary' | 'both';

export interface SearchSpec {
  mode: 'text' | 'regex';
  /** Plain text (case-insensitive substring) or the RegExp source. Empty: no search. */
  query: string;
  /** Regex mode only: RegExp flags (d, i, m, s, u, v; g and y are ignored since a filter tests each frame from its start). */
  flags?: string;
}

export interface FilterSpec {
  dir?: DirFilter;
  type?: TypeFilter;
  /** Keep only flagged frames (as judged by `isFlagged`). */
  flaggedOnly?: boolean;
  /** Required when flaggedOnly is set; the panel passes analysis-cache's isFlagged. */
  isFlagged?: (f: PanelFrame) => boolean;
  /** Connection keys to keep; null or undefined: all connections. */
  connections?: ReadonlySet<string> | null;
  search?: SearchSpec | null;
}

export interface SearchStats {
  /** Frames whose payload the search looked at. */
  searched: number;
  /** Of those, frames where only a preview was held (the whole payload was longer). */
  previews: number;
  /** Frames the search could not look at: no payload held (Blob, dropped). They never match. */
  unsearchable: number;
}

export interface CompiledFilter {
  ok: true;
  /** Direction, type, flagged and search. The connection is tested separately: PanelFrame does not know its connection. */
  test(f: PanelFrame): boolean;
  /** The connection part of the filter. */
  acceptsConnection(key: string): boolean;
  /** True when at least one frame the search looked at (since the last resetStats) was only a preview. */
  searchedPreviewsOnly(): boolean;
  stats(): SearchStats;
  resetStats(): void;
  /** True when a search is part of the filter. */
  searching: boolean;
  /** Set when the pattern has a shape that can take exponential time (see the top of this file). */
  warning?: Msg;
}

export type FilterResult = CompiledFilter | { ok: false; error: Msg };

const ALLOWED_FLAGS = /^[dgimsuvy]*$/;
/** A regex source longer than this is refused: no useful search needs it, and it bounds compile time. */
export const MAX_PATTERN_CHARS = 2000;
/** Decoded binary representations kept across searches (hex + latin1 characters); past it the cache starts over. */
const BINARY_CACHE_CHARS = 32 * 1024 * 1024;

/** "/abc/i" → { query: 'abc', flags: 'i' }; anything else is the pattern itself, with no flags. */
export function parseRegexInput(input: string): { query: string; flags: string } {
  const m = /^\/([\s\S]*)\/([a-z]*)$/.exec(input);
  return m ? { query: m[1]!, flags: m[2]! } : { query: input, flags: '' };
}

/**
 * Heuristic for patterns that can backtrack exponentially: a quantified group
 * ((...)+, (...)*, (...){n,}) whose body holds a quantifier or an alternation,
 * e.g. (a+)+, (a|aa)*, (\w+\s?)*$. Misses some (overlapping adjacent quantifiers
 * such as \d+\d+$ are polynomial, not exponential) and flags some harmless ones.
 */
export function riskyPattern(source: string): boolean {
  // Group bodies: track, for each open group, whether it contains a quantifier or '|'.
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') stack.push(false);
    else if (ch === ')') {
      const inner = stack.pop() ?? false;
      const next = source[i + 1];
      const unbounded = next === '+' || next === '*' || (next === '{' && /^\{\d+,\d*\}/.test(source.slice(i + 1)) && !/^\{\d+,\d+\}/.test(source.slice(i + 1)));
      if (inner && unbounded) return true;
      // A group that held a quantifier makes its parent hold one too.
      if (stack.length && (inner || unbounded)) stack[stack.length - 1] = true;
    } else if (ch === '+' || ch === '*' || ch === '|' || (ch === '{' && /^\{\d+,/.test(source.slice(i)))) {
      if (stack.length) stack[stack.length - 1] = true;
    }
  }
  return false;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const SPACED_HEX = HEX.map((h) => ' ' + h);

/** A binary frame's bytes as latin1 text (each byte one character), and as hex when a search needs it. */
interface BinaryView {
  latin1: string;
  /** "89 50 4e 47": lowercase, one space between bytes; built on first use. */
  hex?: string;
}

/** By base64 text: the store makes a new frame object each time one is asked for, so objects are no key. */
let binaryCache = new Map<string, BinaryView | null>();
let binaryCacheChars = 0;

function hexOf(v: BinaryView): string {
  if (v.hex !== undefined) return v.hex;
  const l = v.latin1;
  let s = l.length ? HEX[l.charCodeAt(0)]! : '';
  for (let i = 1; i < l.length; i++) s += SPACED_HEX[l.charCodeAt(i)]!;
  v.hex = s;
  binaryCacheChars += s.length;
  return s;
}

function binaryView(f: PanelFrame): BinaryView | null {
  if (f.b64 === undefined) return null;
  const hit = binaryCache.get(f.b64);
  if (hit !== undefined) return hit;
  let v: BinaryView | null;
  try {
    v = { latin1: atob(f.b64) };
  } catch {
    v = null;
  }
  // Past the budget, start a new cache: the old one's entries become garbage.
  if (binaryCacheChars > BINARY_CACHE_CHARS) {
    binaryCache = new Map();
    binaryCacheChars = 0;
  }
  binaryCache.set(f.b64, v);
  binaryCacheChars += v ? v.latin1.length : 0;
  return v;
}

/** Hex query for a binary search in text mode: "89 50 4E", "89504e", "89:50:4e" → "89 50 4e"; null if not hex bytes. */
function hexQuery(q: string): string | null {
  const compact = q.trim().replace(/[\s:-]/g, '');
  if (compact.length === 0 || compact.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(compact)) return null;
  return compact.toLowerCase().replace(/(..)(?!$)/g, '$1 ');
}

export function compileFilter(spec: FilterSpec): FilterResult {
  const dir = spec.dir ?? 'both';
  const type = spec.type ?? 'both';
  const flaggedOnly = spec.flaggedOnly === true;
  const isFlagged = spec.isFlagged;
  if (flaggedOnly && typeof isFlagged !== 'function') return { ok: false, error: msg('daily_filter_error_no_flag_check') };
  const conns = spec.connections ?? null;

  let textRe: RegExp | null = null;
  let hexQ: string | null = null;
  let latin1Only = false;
  let warning: Msg | undefined;
  const search = spec.search && spec.search.query !== '' ? spec.search : null;
  if (search) {
    if (search.mode === 'regex') {
      const flags = search.flags ?? '';
      if (!ALLOWED_FLAGS.test(flags)) return { ok: false, error: msg('daily_filter_error_regex_flags', flags.slice(0, 40)) };
      if (search.query.length > MAX_PATTERN_CHARS) return { ok: false, error: msg('daily_filter_error_regex_long', MAX_PATTERN_CHARS) };
      try {
        textRe = new RegExp(search.query, flags.replace(/[gy]/g, ''));
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        return { ok: false, error: msg('daily_filter_error_regex', detail.slice(0, 300)) };
      }
      if (riskyPattern(search.query)) warning = msg('daily_filter_warning_slow_regex');
    } else {
      textRe = new RegExp(escapeRegex(search.query), 'i');
      hexQ = hexQuery(search.query);
      // A plain query that is not hex bytes is looked for in the latin1 text only.
      latin1Only = hexQ === null;
    }
  }
  const re = textRe;

  let searched = 0;
  let previews = 0;
  let unsearchable = 0;

  function searchFrame(f: PanelFrame): boolean {
    if (re === null) return true;
    if (!f.binary) {
      const text = f.text;
      if (text === undefined) {
        unsearchable++;
        return false;
      }
      searched++;
      if (f.truncated) previews++;
      return re.test(text);
    }
    const v = binaryView(f);
    if (v === null) {
      unsearchable++;
      return false;
    }
    searched++;
    if (f.truncated) previews++;
    // With one space between bytes, a spaced hex query can only match on byte boundaries.
    if (hexQ !== null) return hexOf(v).includes(hexQ) || re.test(v.latin1);
    if (latin1Only) return re.test(v.latin1);
    return re.test(hexOf(v)) || re.test(v.latin1);
  }

  function test(f: PanelFrame): boolean {
    if (dir !== 'both' && f.dir !== dir) return false;
    if (type !== 'both' && f.binary !== (type === 'binary')) return false;
    if (flaggedOnly && !isFlagged!(f)) return false;
    return searchFrame(f);
  }

  const filter: CompiledFilter = {
    ok: true,
    test,
    acceptsConnection: (key) => conns === null || conns.has(key),
    searchedPreviewsOnly: () => previews > 0,
    stats: () => ({ searched, previews, unsearchable }),
    resetStats() {
      searched = 0;
      previews = 0;
      unsearchable = 0;
    },
    searching: re !== null,
  };
  if (warning) filter.warning = warning;
  return filter;
}

export interface MatchCount {
  matches: number;
  /** Frames tested (all of them unless the time budget ran out). */
  tested: number;
  /** False when the time budget ran out before every frame was tested. */
  complete: boolean;
  stats: SearchStats;
}

export interface CountOptions {
  /** Stop after this many milliseconds (checked every 4,096 frames). Default: no limit. */
  budgetMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Counts the frames that pass the frame part of the filter (resets the filter's
 * search stats first). Holes (frames evicted by the memory cap) are skipped.
 */
export function countMatches(frames: ReadonlyArray<PanelFrame | undefined>, filter: CompiledFilter, opts: CountOptions = {}): MatchCount {
  filter.resetStats();
  const now = opts.now ?? (() => performance.now());
  const budget = opts.budgetMs;
  const deadline = budget === undefined ? Infinity : now() + budget;
  let matches = 0;
  let i = 0;
  const n = frames.length;
  while (i < n) {
    const end = Math.min(n, i + 4096);
    for (; i < end; i++) {
      const f = frames[i];
      if (f !== undefined && filter.test(f)) matches++;
    }
    if (i < n && now() > deadline) return { matches, tested: i, complete: false, stats: filter.stats() };
  }
  return { matches, tested: n, complete: true, stats: filter.stats() };
}

/** The frames of the accepted connections that pass the filter, as [connection key, frame] pairs in connection order. */
export function matchingFrames<C extends { key: string }>(
  conns: Iterable<C>,
  framesOf: (c: C) => ReadonlyArray<PanelFrame | undefined>,
  filter: CompiledFilter,
): Array<[key: string, frame: PanelFrame]> {
  filter.resetStats();
  const out: Array<[string, PanelFrame]> = [];
  for (const c of conns) {
    if (!filter.acceptsConnection(c.key)) continue;
    for (const f of framesOf(c)) if (f !== undefined && filter.test(f)) out.push([c.key, f]);
  }
  return out;
}
