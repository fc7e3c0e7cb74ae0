// Runtime validation of what the page world hands the bridge. The hook is ours,
// but it runs among page code: whatever arrives on its port is checked for
// shape, types and sizes before it goes anywhere near a privileged page.
// Checks run per batch and stay O(n) with no allocation per record.
import {
  BINARY_PREVIEW_BYTES,
  MAX_BATCH_EVENTS,
  MAX_BATCH_FRAMES,
  MAX_PROTOCOLS,
  MAX_REASON_CHARS,
  MAX_SHORT_STRING,
  MAX_URL_CHARS,
  TEXT_PREVIEW_UNITS,
} from './limits';
import type { HookBatch } from './page-messages';
import { payloadKind, type HookEvent } from './records';
import { PROTOCOL_VERSION } from './version';

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

// Tags rather than instanceof: in Firefox the batch comes from another compartment.
const tagOf = (v: unknown) => Object.prototype.toString.call(v);

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isStrOrNull = (v: unknown, max: number) => v === null || isStr(v, max);

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): string | null {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) return `unexpected key "${k.slice(0, 40)}"`;
  return null;
}

const BASE = ['k', 'eseq', 'at', 'time', 'sock'] as const;
const EVENT_KEYS: Record<HookEvent['k'], readonly string[]> = {
  create: [...BASE, 'url', 'protocols'],
  'create-failed': [...BASE, 'name', 'message'],
  open: [...BASE, 'protocol', 'extensions'],
  error: BASE,
  close: [...BASE, 'code', 'reason', 'wasClean'],
  'close-call': [...BASE, 'code', 'reason', 'readyState', 'threwName', 'threwMessage'],
  'send-threw': [...BASE, 'readyState', 'name', 'message'],
  pagehide: [...BASE, 'persisted'],
  simulated: [...BASE, 'what'],
};

export function validateEvent(e: unknown): string | null {
  if (!isObj(e)) return 'event is not an object';
  const k = e.k;
  if (typeof k !== 'string' || !Object.hasOwn(EVENT_KEYS, k)) return 'unknown event kind';
  const extra = onlyKeys(e, EVENT_KEYS[k as HookEvent['k']]);
  if (extra) return extra;
  if (!isCount(e.eseq) || !isCount(e.at) || !isTime(e.time) || !isCount(e.sock)) return `bad ${k} header`;
  switch (k as HookEvent['k']) {
    case 'create': {
      if (!isStr(e.url, MAX_URL_CHARS)) return 'bad url';
      const p = e.protocols;
      if (p !== null && !(Array.isArray(p) && p.length <= MAX_PROTOCOLS && p.every((x) => isStr(x, MAX_SHORT_STRING))))
        return 'bad protocols';
      return null;
    }
    case 'create-failed':
    case 'send-threw':
      if (!isStr(e.name, MAX_SHORT_STRING) || !isStr(e.message, MAX_SHORT_STRING)) return 'bad error';
      if (k === 'send-threw' && !(isCount(e.readyState) && e.readyState <= 3)) return 'bad readyState';
      return null;
    case 'open':
      return isStr(e.protocol, MAX_SHORT_STRING) && isStr(e.extensions, MAX_SHORT_STRING) ? null : 'bad open';
    case 'error':
      return null;
    case 'close':
      return isCount(e.code) && e.code <= 65535 && isStr(e.reason, MAX_REASON_CHARS) && typeof e.wasClean === 'boolean'
        ? null
        : 'bad close';
    case 'close-call':
      return (e.code === null || typeof e.code === 'number') &&
        isStrOrNull(e.reason, MAX_REASON_CHARS) &&
        isCount(e.readyState) &&
        e.readyState <= 3 &&
        isStrOrNull(e.threwName, MAX_SHORT_STRING) &&
        isStrOrNull(e.threwMessage, MAX_SHORT_STRING)
        ? null
        : 'bad close call';
    case 'pagehide':
      return typeof e.persisted === 'boolean' ? null : 'bad pagehide';
    case 'simulated':
      return e.what === 'close' ? null : 'bad simulated';
  }
}

export function validateHookBatch(m: unknown): Validation<HookBatch> {
  const fail = (error: string): Validation<HookBatch> => ({ ok: false, error });
  if (!isObj(m)) return fail('not an object');
  if (m.v !== PROTOCOL_VERSION) return fail(`protocol version ${String(m.v).slice(0, 20)}, expected ${PROTOCOL_VERSION}`);
  if (m.t !== 'snapshot' && m.t !== 'batch') return fail('unknown message type');
  const extra = onlyKeys(m, ['v', 't', 'frames', 'events', 'counters', 'nextFseq', 'nextEseq', 'droppedEvents']);
  if (extra) return fail(extra);
  if (!isCount(m.nextFseq) || !isCount(m.nextEseq) || !isCount(m.droppedEvents)) return fail('bad counters');

  const f = m.frames;
  if (!isObj(f)) return fail('frames missing');
  const fx = onlyKeys(f, ['fseq0', 'sock', 'flags', 'size', 'time', 'len', 'text', 'bin']);
  if (fx) return fail(fx);
  if (!isCount(f.fseq0)) return fail('bad fseq0');
  if (tagOf(f.sock) !== '[object Uint32Array]' || tagOf(f.flags) !== '[object Uint8Array]' || tagOf(f.len) !== '[object Uint32Array]')
    return fail('bad frame columns');
  if (tagOf(f.size) !== '[object Float64Array]' || tagOf(f.time) !== '[object Float64Array]') return fail('bad frame columns');
  if (typeof f.text !== 'string' || tagOf(f.bin) !== '[object ArrayBuffer]') return fail('bad frame payloads');
  const sock = f.sock as Uint32Array;
  const n = sock.length;
  const flags = f.flags as Uint8Array;
  const size = f.size as Float64Array;
  const time = f.time as Float64Array;
  const len = f.len as Uint32Array;
  if (n > MAX_BATCH_FRAMES) return fail(`batch of ${n} frames is over the limit`);
  if (flags.length !== n || size.length !== n || time.length !== n || len.length !== n) return fail('frame columns differ in length');
  if (f.fseq0 + n !== m.nextFseq) return fail('frame sequence does not add up');
  let textUnits = 0;
  let binBytes = 0;
  for (let i = 0; i < n; i++) {
    const s = size[i]!;
    const fl = flags[i]!;
    if (!(s >= 0 && s <= Number.MAX_SAFE_INTEGER) || !Number.isFinite(time[i]!)) return fail(`bad frame ${i}`);
    const l = len[i]!;
    const kind = payloadKind(fl);
    if (kind === 'text') {
      if (l > TEXT_PREVIEW_UNITS) return fail(`frame ${i} preview too long`);
      textUnits += l;
    } else if (kind === 'bin') {
      if (l > BINARY_PREVIEW_BYTES) return fail(`frame ${i} preview too large`);
      binBytes += l;
    } else if (l !== 0) return fail(`frame ${i} has a payload its type cannot have`);
  }
  if (textUnits !== f.text.length) return fail('text previews do not add up');
  if (binBytes !== (f.bin as ArrayBuffer).byteLength) return fail('binary previews do not add up');

  const ev = m.events;
  if (!Array.isArray(ev) || ev.length > MAX_BATCH_EVENTS) return fail('bad events');
  for (let i = 0; i < ev.length; i++) {
    const err = validateEvent(ev[i]);
    if (err) return fail(`event ${i}: ${err}`);
  }
  const c = m.counters;
  if (!Array.isArray(c) || c.length > MAX_BATCH_EVENTS) return fail('bad socket counters');
  for (const x of c) {
    if (!isObj(x) || onlyKeys(x, ['sock', 'framesOut', 'framesIn', 'bytesOut', 'bytesIn'])) return fail('bad socket counter');
    if (!isCount(x.sock) || !isCount(x.framesOut) || !isCount(x.framesIn) || !isCount(x.bytesOut) || !isCount(x.bytesIn))
      return fail('bad socket counter');
  }
  return { ok: true, value: m as unknown as HookBatch };
}
