// The pure half of the JSON tree in the frame detail: parsing a frame into a
// tree (or saying why not), paths a person can paste into a console, one-line
// summaries of values, and how many children to draw. No DOM here, so the
// rules are unit-tested; the component only draws what these functions say.

import { unframe, type Framing } from './message-framing';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}
export type PathSeg = string | number;

/** Children drawn at a time: a 1 MB array must not become 50 000 DOM rows at once. */
export const CHUNK = 100;
/** Past this many characters a string is cut in the tree (copy value still gives all of it). */
export const MAX_STRING_SHOWN = 2000;

export type ParseResult =
  /** `framing`: the JSON was found inside a library's framing (src/panel/message-framing.ts). */
  | { kind: 'tree'; value: Json[] | JsonObject; framing?: Framing }
  /** Valid JSON, but a bare string, number, boolean or null: nothing to unfold. */
  | { kind: 'scalar' }
  /** Looks like JSON but the preview was cut, so it no longer parses. */
  | { kind: 'cut'; units: number }
  | { kind: 'not-json' };

const looksLikeJson = (s: string) => /^\s*[[{]/.test(s);

/** `complete` is false when `text` is only the first part of a longer payload. */
export function parseForTree(text: string, complete: boolean): ParseResult {
  const jsonLike = looksLikeJson(text);
  if (jsonLike) {
    try {
      const value = JSON.parse(text) as Json;
      if (value !== null && typeof value === 'object') return { kind: 'tree', value };
      return { kind: 'scalar' };
    } catch {}
  }
  if (complete) {
    const framing = unframe(text);
    if (framing) {
      const parse = (s: string) => JSON.parse(s) as Json;
      const value = framing.kind === 'socket.io' ? parse(framing.body) : framing.records.length === 1 ? parse(framing.records[0]!) : framing.records.map(parse);
      if (value !== null && typeof value === 'object') return { kind: 'tree', value, framing };
    }
  }
  if (jsonLike) return complete ? { kind: 'not-json' } : { kind: 'cut', units: text.length };
  if (!complete) return { kind: 'not-json' };
  try {
    JSON.parse(text);
    return { kind: 'scalar' };
  } catch {
    return { kind: 'not-json' };
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `.key` when it is a plain identifier, else `["key"]` with JSON (= JS) string escaping. */
export function pathSegment(seg: PathSeg): string {
  if (typeof seg === 'number') return `[${seg}]`;
  return IDENTIFIER.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
}

/** A JS-style path from the root, `$.data.items[3]["weird key"]`. */
export function formatPath(path: readonly PathSeg[]): string {
  return '$' + path.map(pathSegment).join('');
}

/** A key as the tree shows it: bare when it is an identifier or an array index, quoted otherwise. */
export function displayKey(seg: PathSeg): string {
  if (typeof seg === 'number') return String(seg);
  return IDENTIFIER.test(seg) ? seg : JSON.stringify(seg);
}

const isContainer = (v: Json): v is Json[] | JsonObject => v !== null && typeof v === 'object';

/** Key lists of big objects are asked for on every render; an object parsed once never changes. */
const keyCache = new WeakMap<JsonObject, string[]>();
function keysOf(o: JsonObject): string[] {
  let k = keyCache.get(o);
  if (!k) keyCache.set(o, (k = Object.keys(o)));
  return k;
}

export function childCount(v: Json): number {
  if (Array.isArray(v)) return v.length;
  return isContainer(v) ? keysOf(v).length : 0;
}

/** Children [from, to) of a container as [key or index, value]. */
export function childrenOf(v: Json, from = 0, to = Infinity): Array<[PathSeg, Json]> {
  if (Array.isArray(v)) {
    const end = Math.min(to, v.length);
    const out: Array<[PathSeg, Json]> = [];
    for (let i = from; i < end; i++) out.push([i, v[i]!]);
    return out;
  }
  if (!isContainer(v)) return [];
  const keys = keysOf(v);
  const end = Math.min(to, keys.length);
  const out: Array<[PathSeg, Json]> = [];
  for (let i = from; i < end; i++) out.push([keys[i]!, v[keys[i]!]!]);
  return out;
}

/** How many children to draw after the person asked for `more` extra chunks. */
export function shownChildren(total: number, chunks: number): number {
  return Math.min(total, CHUNK * Math.max(1, chunks));
}

/** A scalar as JSON writes it, strings quoted and escaped (so control characters stay visible), long ones cut. */
export function formatScalar(v: null | boolean | number | string, max = MAX_STRING_SHOWN): string {
  if (typeof v !== 'string') return String(v);
  const quoted = JSON.stringify(v.length > max ? v.slice(0, max) : v);
  return v.length > max ? quoted.slice(0, -1) + '…"' : quoted;
}

/** One line for a collapsed value: `(3) [1, 2, 3]`, `(2) {a: 1, b: {…}}`; the count is always there. */
export function summarize(v: Json, max = 80): string {
  if (!isContainer(v)) return formatScalar(v, max);
  const arr = Array.isArray(v);
  const n = childCount(v);
  let body = '';
  let cut = false;
  for (const [k, c] of childrenOf(v, 0, 20)) {
    const inner = isContainer(c) ? (Array.isArray(c) ? '[…]' : '{…}') : formatScalar(c, 24);
    const part = arr ? inner : `${displayKey(k)}: ${inner}`;
    if (body.length + part.length > max) {
      cut = true;
      break;
    }
    body += (body ? ', ' : '') + part;
  }
  if (cut || n > 20) body += body ? ', …' : '…';
  return `(${n}) ` + (arr ? `[${body}]` : `{${body}}`);
}

/** The kind of a value, for styling. */
export function kindOf(v: Json): 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as 'string' | 'number' | 'boolean' | 'object';
}

/**
 * Open at first: the root and its direct children, unless a child is itself big
 * (a hundred open objects of a hundred children each would be 10 000 rows).
 */
export function initiallyOpen(depth: number, children: number): boolean {
  return depth === 0 || (depth === 1 && children <= 25);
}

/** What "copy value" gives: the subtree as JSON (a string stays quoted), indented like a person would paste it. */
export function copyValue(v: Json): string {
  return JSON.stringify(v, null, 2);
}
