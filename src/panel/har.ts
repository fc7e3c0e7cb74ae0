// HAR 1.2 export and import of a tab's WebSockets.
//
// Export writes the shape Chrome DevTools writes for WebSockets (one entry per
// socket, `_resourceType: "websocket"`, `_webSocketMessages` with `time` in seconds
// since the epoch, opcode 1/2, text or base64), so Chrome, HAR viewers and other
// tools read it. WS Doctor's own facts ride along in `_wsd`-prefixed fields, which
// other tools ignore:
//   entry:   _wsdCreatedAt, _wsdOpenedAt, _wsdErrorAt, _wsdPageHiddenAt (ms since the epoch, fractional),
//            _wsdRequestedProtocols, _wsdProtocol, _wsdExtensions, _wsdFrameUrl,
//            _wsdClose {code, reason, wasClean, time}, _wsdCloseCalls, _wsdSendErrors,
//            _wsdCreateError {name, message}, _wsdCounters, _wsdSimulatedClose,
//            _wsdInitiator {initiator, inferred, summary} (informational: recomputed on import),
//            _wsdDiscardedMessages (send() after close(): never on the wire, so not in _webSocketMessages)
//   message: _wsdSeq (frame order in its document), _wsdSize (true size in bytes),
//            _wsdTruncated (data is a preview), _wsdIllFormed, _wsdBlob, _wsdConverted,
//            _wsdNoPayload (WS Doctor held no payload: data is "")
//   page:    _wsdDocId, _wsdUrl, _wsdIsTop, _wsdFrameId, _wsdNotKept, _wsdDroppedEvents
// Text keeps lone surrogates: JSON.stringify writes them as \ud800 escapes and
// JSON.parse reads them back (well-formed JSON.stringify, ES2019).
//
// Import reads WS Doctor's HAR and Chrome's, and produces the bridge messages the
// store already understands: per document (HAR page) BridgeRecords snapshots with
// the sockets' create/open/close/close-call/... events and frames merged in time
// order, exactly what live capture would have delivered. Payloads are capped to the
// same previews live capture keeps. Apply them to a store of their own, with
// Preserve log on when `needsPreserveLog` (a later top document replaces an earlier
// one, as a navigation does). The input is user-supplied: sizes are capped, every
// field is type-checked, and problems come back as Msgs; import never throws.
import { utf8Length } from '../diagnosis/outgoing-text';
import { inferInitiator } from '../diagnosis/close-initiator';
import type { CloseCallFact, SendErrorFact } from '../diagnosis/facts';
import { msg, type Msg } from '../diagnosis/message';
import { cleanHandshakeText, type BridgeRecords, type DocInfo, type HandshakeRecord } from '../protocol/extension-messages';
import { cleanHeaders, isWireRequest, type HeaderPair } from '../protocol/handshake-headers';
import { BINARY_PREVIEW_BYTES, MAX_BATCH_FRAMES, MAX_PROTOCOLS, MAX_REASON_CHARS, MAX_SHORT_STRING, MAX_URL_CHARS, TEXT_PREVIEW_UNITS } from '../protocol/limits';
import { FrameFlag, type HookEvent, type SocketCounters } from '../protocol/records';
import { PROTOCOL_VERSION } from '../protocol/version';
import type { Conn, Doc, HandshakeShown, PanelFrame } from './store';
import { lowerBound, upperBound } from './bounds';

// ───────────────────────────── HAR types (what we write and read) ─────────────────────────────

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarWsMessage {
  type: 'send' | 'receive';
  /** Seconds since the epoch, fractional (Chrome's unit). */
  time: number;
  opcode: 1 | 2;
  /** Text, or base64 for binary. */
  data: string;
  _wsdSeq?: number;
  _wsdSize?: number;
  _wsdTruncated?: true;
  _wsdIllFormed?: true;
  _wsdBlob?: true;
  _wsdConverted?: true;
  _wsdNoPayload?: true;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: {
    method: 'GET';
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    queryString: HarHeader[];
    cookies: never[];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: never[];
    content: { size: number; mimeType: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; ssl: number; connect: number; send: number; wait: number; receive: number };
  _resourceType: 'websocket';
  _webSocketMessages: HarWsMessage[];
  _wsdCreatedAt: number;
  _wsdOpenedAt?: number;
  _wsdErrorAt?: number;
  _wsdPageHiddenAt?: number;
  /** Null: the page passed a list and no handshake record told its items. */
  _wsdRequestedProtocols: string[] | null;
  _wsdProtocol?: string;
  _wsdExtensions?: string;
  _wsdFrameUrl: string;
  _wsdClose?: { code: number; reason: string; wasClean: boolean; time: number };
  _wsdCloseCalls: CloseCallFact[];
  _wsdSendErrors: SendErrorFact[];
  _wsdCreateError?: { name: string; message: string };
  _wsdCounters?: Omit<SocketCounters, 'sock'>;
  _wsdSimulatedClose?: true;
  _wsdInitiator?: { initiator: string; inferred: boolean; summary: Msg };
  _wsdDiscardedMessages?: HarWsMessage[];
}

export interface HarPage {
  id: string;
  startedDateTime: string;
  title: string;
  pageTimings: Record<string, never>;
  _wsdDocId: string;
  _wsdUrl: string;
  _wsdIsTop: boolean;
  _wsdFrameId: number;
  _wsdNotKept: number;
  _wsdDroppedEvents: number;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: HarPage[];
    entries: HarEntry[];
  };
}

export const HAR_CREATOR = 'WS Doctor';

// ───────────────────────────────────────── export ─────────────────────────────────────────

export interface ExportInput {
  /** The store's connections, in creation order. */
  connections: readonly Conn[];
  framesOf: (c: Conn) => readonly PanelFrame[];
  /** What is known of a socket's handshake (the browser's record, or an imported entry): its real headers go in. */
  handshakeOf?: (c: Conn) => HandshakeShown | undefined;
  /** The subprotocols a socket asked for, when the page passed a list (see store.requestedOf). */
  requestedOf?: (c: Conn) => string[] | null;
  /** The extension's version for log.creator. */
  version?: string;
}

const iso = (ms: number) => {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : new Date(0).toISOString();
};

function messageOf(f: PanelFrame): HarWsMessage {
  const m: HarWsMessage = { type: f.dir === 'out' ? 'send' : 'receive', time: f.time / 1000, opcode: f.binary ? 2 : 1, data: '' };
  const payload = f.binary ? f.b64 : f.text;
  if (payload !== undefined) m.data = payload;
  else m._wsdNoPayload = true;
  m._wsdSeq = f.seq;
  m._wsdSize = f.size;
  if (f.truncated) m._wsdTruncated = true;
  if (f.illFormed) m._wsdIllFormed = true;
  if (f.blob) m._wsdBlob = true;
  if (f.converted) m._wsdConverted = true;
  return m;
}

/** As Chrome writes it: name=value pairs of the query, not percent-decoded. */
function queryString(url: string): HarHeader[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const end = url.indexOf('#', q);
  return url
    .slice(q + 1, end < 0 ? undefined : end)
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? { name: p, value: '' } : { name: p.slice(0, eq), value: p.slice(eq + 1) };
    });
}

/** The HAR of these connections. Pure: the panel serialises it with harToJson and saves it. */
export function exportHar(input: ExportInput): Har {
  const pages: HarPage[] = [];
  const pageOf = new Map<Doc, string>();
  const entries: HarEntry[] = [];
  for (const c of input.connections) {
    let pageref = pageOf.get(c.doc);
    if (pageref === undefined) {
      pageref = `page_${pages.length + 1}`;
      pageOf.set(c.doc, pageref);
      const d = c.doc;
      pages.push({
        id: pageref,
        startedDateTime: iso(d.info.startedAt),
        title: d.info.url,
        pageTimings: {},
        _wsdDocId: d.info.id,
        _wsdUrl: d.info.url,
        _wsdIsTop: d.info.isTop,
        _wsdFrameId: d.frameId,
        _wsdNotKept: d.notKept,
        _wsdDroppedEvents: d.droppedEvents,
      });
    }
    const f = c.facts;
    const frames = input.framesOf(c);
    const facts = { ...f, frames: frames.slice() };
    const opened = f.openedAt !== undefined;
    // As Chrome: `wait` is the handshake, `receive` the socket's open life (to its close, or its last
    // message while still open), and `time` their sum.
    const handshake = opened ? Math.max(0, f.openedAt! - f.createdAt) : 0;
    const lastFrame = frames.length ? frames[frames.length - 1]!.time : undefined;
    const end = f.close?.time ?? lastFrame ?? f.openedAt;
    const life = opened && end !== undefined ? Math.max(0, end - f.openedAt!) : 0;
    const rec = input.handshakeOf?.(c);
    const requested = input.requestedOf ? input.requestedOf(c) : f.requestedProtocols;
    // The headers the browser really sent and got, when webRequest reported them (hidden
    // credentials left out, as Chrome's sanitised HAR does); else what the page's side knows.
    const asHar = (list: readonly HeaderPair[]) => list.flatMap(([name, value]) => (value === null ? [] : [{ name, value }]));
    const reqHeaders: HarHeader[] = isWireRequest(rec?.requestHeaders)
      ? asHar(rec!.requestHeaders!)
      : requested?.length
        ? [{ name: 'Sec-WebSocket-Protocol', value: requested.join(', ') }]
        : [];
    const resHeaders: HarHeader[] = rec?.responseHeaders ? asHar(rec.responseHeaders) : [];
    if (!rec?.responseHeaders) {
      if (f.protocol) resHeaders.push({ name: 'Sec-WebSocket-Protocol', value: f.protocol });
      if (f.extensions) resHeaders.push({ name: 'Sec-WebSocket-Extensions', value: f.extensions });
    }
    const e: HarEntry = {
      pageref,
      startedDateTime: iso(f.createdAt),
      time: handshake + life,
      request: { method: 'GET', url: f.url, httpVersion: 'HTTP/1.1', headers: reqHeaders, queryString: queryString(f.url), cookies: [], headersSize: -1, bodySize: 0 },
      response: {
        status: opened ? 101 : 0,
        statusText: opened ? 'Switching Protocols' : '',
        httpVersion: opened ? 'HTTP/1.1' : '',
        headers: resHeaders,
        cookies: [],
        content: { size: 0, mimeType: 'x-unknown' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: handshake, receive: life },
      _resourceType: 'websocket',
      _webSocketMessages: frames.filter((x) => !x.discarded).map(messageOf),
      _wsdCreatedAt: f.createdAt,
      _wsdRequestedProtocols: requested ? requested.slice() : null,
      _wsdFrameUrl: c.doc.info.url,
      _wsdCloseCalls: f.closeCalls.map((k) => ({ ...k })),
      _wsdSendErrors: f.sendErrors.map((k) => ({ ...k })),
    };
    if (f.openedAt !== undefined) e._wsdOpenedAt = f.openedAt;
    if (f.errorAt !== undefined) e._wsdErrorAt = f.errorAt;
    if (f.pageHiddenAt !== undefined) e._wsdPageHiddenAt = f.pageHiddenAt;
    if (f.protocol !== undefined) e._wsdProtocol = f.protocol;
    if (f.extensions !== undefined) e._wsdExtensions = f.extensions;
    if (f.close) e._wsdClose = { code: f.close.code, reason: f.close.reason, wasClean: f.close.wasClean, time: f.close.time };
    if (c.createError) e._wsdCreateError = { ...c.createError };
    if (c.counters) e._wsdCounters = { framesOut: c.counters.framesOut, framesIn: c.counters.framesIn, bytesOut: c.counters.bytesOut, bytesIn: c.counters.bytesIn };
    if (c.simulatedClose) e._wsdSimulatedClose = true;
    const found = inferInitiator(facts);
    if (found) e._wsdInitiator = { initiator: found.initiator, inferred: found.inferred, summary: found.summary };
    const discarded = frames.filter((x) => x.discarded);
    if (discarded.length) e._wsdDiscardedMessages = discarded.map(messageOf);
    entries.push(e);
  }
  return { log: { version: '1.2', creator: { name: HAR_CREATOR, version: input.version ?? '' }, pages, entries } };
}

/** The file's text. Lone surrogates become \udXXX escapes (JSON.stringify is well-formed since ES2019). */
export function harToJson(har: Har, indent?: number): string {
  return JSON.stringify(har, null, indent);
}

// ───────────────────────────────────────── import ─────────────────────────────────────────

export interface ImportLimits {
  /** Characters of HAR text accepted (the file is JSON-parsed whole). */
  maxChars: number;
  /** Entries in log.entries (of any type). */
  maxEntries: number;
  /** WebSocket entries imported. */
  maxSockets: number;
  /** Messages imported over all sockets; the rest is left out with a note. */
  maxMessages: number;
  maxPages: number;
  /** Close calls and send errors kept per socket. */
  maxCallsPerSocket: number;
}

export const IMPORT_LIMITS: ImportLimits = {
  maxChars: 512 * 1024 * 1024,
  maxEntries: 200_000,
  maxSockets: 20_000,
  maxMessages: 1_000_000,
  maxPages: 10_000,
  maxCallsPerSocket: 1000,
};

export interface ImportedMessage {
  frameId: number;
  msg: BridgeRecords;
}

/** A socket's handshake as a HAR entry records it, in the live record's terms; keyed like the store's connections. */
export interface ImportedHandshake extends Pick<HandshakeRecord, 'statusCode' | 'statusLine' | 'requestHeaders' | 'responseHeaders'> {
  key: string;
}

export interface ImportOk {
  ok: true;
  /** Whose HAR it was: WS Doctor's (any _wsd fields) or another tool's (Chrome DevTools). */
  source: 'wsdoctor' | 'chrome';
  /** Feed these, in order, to store.apply(frameId, msg). */
  messages: ImportedMessage[];
  /**
   * True when a document replaces another on import (two top documents, or two in one frame), as a
   * navigation or an iframe reload did live: apply with Preserve log on, or the earlier ones are dropped.
   */
  needsPreserveLog: boolean;
  sockets: number;
  frames: number;
  /** File-level notes (facts the format lacks, what was left out). */
  notes: Msg[];
  /** Per connection (the store's key: doc id + ':' + socket id), facts the file lacked. */
  connNotes: Array<{ key: string; notes: Msg[] }>;
  /** What each socket's entry says of its handshake (credentials dropped), for the Handshake tab. */
  handshakes: ImportedHandshake[];
}

export type ImportResult = ImportOk | { ok: false; error: Msg };

export interface ImportOptions {
  limits?: Partial<ImportLimits>;
  /** Prefix of the synthetic document ids; make it unique per import (default: from the clock). */
  idPrefix?: string;
  /** Names the document of entries that have no HAR page (default "HAR"). */
  fileName?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const int = (v: unknown, min: number, max: number): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined);
const str = (v: unknown, max: number): string | undefined => (typeof v === 'string' ? (v.length > max ? v.slice(0, max) : v) : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
/** Plausible wall-clock ms: 1990..2200. */
const wallMs = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n > 631152000000 && n < 7258118400000 ? n : undefined;
};

function headerValue(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  for (let i = 0; i < headers.length && i < 500; i++) {
    const h: unknown = headers[i];
    if (isObj(h) && typeof h.name === 'string' && h.name.toLowerCase() === name) return str(h.value, MAX_SHORT_STRING);
  }
  return undefined;
}


const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decoded length of valid base64, or undefined. */
function b64Length(s: string): number | undefined {
  if (!B64.test(s)) return undefined;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return (s.length / 4) * 3 - pad;
}

/** The first `bytes` bytes of valid base64, as base64. */
function b64Prefix(s: string, bytes: number): string {
  const chars = Math.ceil(bytes / 3) * 4;
  return btoa(atob(s.slice(0, chars)).slice(0, bytes));
}

interface ImpFrame {
  time: number;
  seq: number;
  order: number;
  sock: number;
  flags: number;
  size: number;
  data: string | null;
}

interface ImpEvent {
  time: number;
  /**
   * Order among equal times: 0 goes before frames of that time (create, open), the rest after,
   * in rank order (1 error/close-call/send-threw, 2 close, 2.5 page-hide, 3 the close of a socket
   * the page-hide reached first).
   */
  rank: number;
  order: number;
  /** Frame seq this event came after, when the file says (close calls, send errors). */
  afterSeq?: number;
  ev: DistributiveOmit<HookEvent, 'eseq' | 'at'>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface ImpDoc {
  info: DocInfo;
  frameId: number;
  notKept: number;
  droppedEvents: number;
  frames: ImpFrame[];
  events: ImpEvent[];
  counters: SocketCounters[];
  nextSock: number;
  hiddenTimes: Set<number>;
}

interface Tally {
  frames: number;
  capped: number;
  truncated: number;
  invalid: number;
  unknownType: number;
  noClose: number;
}

/** Reads a HAR file's text. Never throws: every problem is an error Msg or a note. */
export function importHar(text: unknown, opts: ImportOptions = {}): ImportResult {
  const limits = { ...IMPORT_LIMITS, ...opts.limits };
  if (typeof text !== 'string') return { ok: false, error: msg('daily_har_error_not_text') };
  if (text.length > limits.maxChars) return { ok: false, error: msg('daily_har_error_too_large', mib(text.length), mib(limits.maxChars)) };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: msg('daily_har_error_json', (e instanceof Error ? e.message : String(e)).slice(0, 200)) };
  }
  return importHarObject(root, opts);
}

const mib = (n: number) => (n / 1024 / 1024).toFixed(1);

/** Same as importHar, for an already-parsed value. */
export function importHarObject(root: unknown, opts: ImportOptions = {}): ImportResult {
  try {
    return importUnsafe(root, { ...IMPORT_LIMITS, ...opts.limits }, opts.idPrefix ?? `har-${Date.now().toString(36)}`, (opts.fileName ?? 'HAR').slice(0, MAX_URL_CHARS));
  } catch (e) {
    return { ok: false, error: msg('daily_har_error_internal', (e instanceof Error ? e.message : String(e)).slice(0, 200)) };
  }
}

function importUnsafe(root: unknown, limits: ImportLimits, idPrefix: string, fileName: string): ImportResult {
  if (!isObj(root) || !isObj(root.log)) return { ok: false, error: msg('daily_har_error_shape', 'log') };
  const log = root.log;
  if (!Array.isArray(log.entries)) return { ok: false, error: msg('daily_har_error_shape', 'log.entries') };
  const entries: unknown[] = log.entries;
  if (entries.length > limits.maxEntries) return { ok: false, error: msg('daily_har_error_too_many', entries.length, limits.maxEntries) };
  const pagesIn: unknown[] = Array.isArray(log.pages) ? log.pages.slice(0, limits.maxPages) : [];
  const creator = isObj(log.creator) ? str(log.creator.name, 200) : undefined;

  const docs = new Map<string, ImpDoc>();
  const docList: ImpDoc[] = [];
  const notes: Msg[] = [];
  const connNotes: Array<{ key: string; notes: Msg[] }> = [];
  const handshakes: ImportedHandshake[] = [];
  const tally: Tally = { frames: 0, capped: 0, truncated: 0, invalid: 0, unknownType: 0, noClose: 0 };
  let sawWsd = creator === HAR_CREATOR;
  let sockets = 0;
  let otherEntries = 0;
  let socketCap = false;

  function docFor(pageref: string | undefined, firstTime: number): ImpDoc {
    const ref = pageref ?? '';
    let d = docs.get(ref);
    if (d) return d;
    const page = pagesIn.find((p): p is Obj => isObj(p) && p.id === ref);
    const n = docList.length;
    const info: DocInfo = {
      id: `${idPrefix}-${n + 1}`,
      url: (page && (str(page._wsdUrl, MAX_URL_CHARS) ?? str(page.title, MAX_URL_CHARS))) || (pageref ?? fileName),
      isTop: (page && bool(page._wsdIsTop)) ?? true,
      startedAt: (page && wallMs(Date.parse(typeof page.startedDateTime === 'string' ? page.startedDateTime : ''))) ?? firstTime,
    };
    d = {
      info,
      frameId: (page && int(page._wsdFrameId, 0, 2 ** 31)) ?? 0,
      notKept: (page && int(page._wsdNotKept, 0, 2 ** 40)) ?? 0,
      droppedEvents: (page && int(page._wsdDroppedEvents, 0, 2 ** 40)) ?? 0,
      frames: [],
      events: [],
      counters: [],
      nextSock: 1,
      hiddenTimes: new Set(),
    };
    docs.set(ref, d);
    docList.push(d);
    return d;
  }

  for (const raw of entries) {
    if (!isObj(raw) || !isObj(raw.request)) {
      otherEntries++;
      continue;
    }
    const url = str(raw.request.url, MAX_URL_CHARS);
    const isWs = raw._resourceType === 'websocket' || (url !== undefined && /^wss?:/i.test(url) && Array.isArray(raw._webSocketMessages));
    if (!isWs || url === undefined) {
      otherEntries++;
      continue;
    }
    if (sockets >= limits.maxSockets) {
      socketCap = true;
      continue;
    }
    const wsd = Object.keys(raw).some((k) => k.startsWith('_wsd'));
    sawWsd ||= wsd;
    const started = wallMs(raw._wsdCreatedAt) ?? wallMs(Date.parse(typeof raw.startedDateTime === 'string' ? raw.startedDateTime : ''));
    if (started === undefined) {
      tally.invalid++;
      continue;
    }
    sockets++;
    const d = docFor(typeof raw.pageref === 'string' ? raw.pageref : undefined, started);
    const sock = d.nextSock++;
    const key = `${d.info.id}:${sock}`;
    const cnotes = wsd ? importWsdEntry(raw, d, sock, url, started, limits, tally) : importChromeEntry(raw, d, sock, url, started, limits, tally);
    if (cnotes.length) connNotes.push({ key, notes: cnotes });
    const hs = importedHandshake(key, raw);
    if (hs) handshakes.push(hs);
  }

  if (sockets === 0) return { ok: false, error: tally.invalid ? msg('daily_har_error_invalid_sockets', tally.invalid) : msg('daily_har_error_no_sockets') };

  const source = sawWsd ? 'wsdoctor' : 'chrome';
  if (source === 'chrome') notes.push(msg('daily_har_note_chrome', creator ?? '?'));
  if (tally.noClose) notes.push(msg('daily_har_note_no_close', tally.noClose));
  if (tally.truncated) notes.push(msg('daily_har_note_truncated', tally.truncated));
  if (tally.capped) notes.push(msg('daily_har_note_message_cap', tally.capped, limits.maxMessages));
  if (socketCap) notes.push(msg('daily_har_note_socket_cap', limits.maxSockets));
  if (tally.invalid) notes.push(msg('daily_har_note_invalid', tally.invalid));
  if (tally.unknownType) notes.push(msg('daily_har_note_unknown_messages', tally.unknownType));
  if (otherEntries) notes.push(msg('daily_har_note_other_entries', otherEntries));

  const messages: ImportedMessage[] = [];
  docList.sort((a, b) => a.info.startedAt - b.info.startedAt);
  for (const d of docList) messages.push(...recordsOf(d));
  const tops = docList.filter((d) => d.info.isTop).length;
  const replaced = tops > 1 || new Set(docList.map((d) => d.frameId)).size < docList.length;
  return { ok: true, source, messages, needsPreserveLog: replaced, sockets, frames: tally.frames, notes, connNotes, handshakes };
}

/** A message of `_webSocketMessages`, checked; undefined when unusable (counted). */
function frameOf(raw: unknown, sock: number, order: number, ownFile: boolean, tally: Tally, limits: ImportLimits, discarded: boolean): ImpFrame | undefined {
  if (!isObj(raw)) {
    tally.invalid++;
    return undefined;
  }
  const type = raw.type;
  const opcode = raw.opcode;
  if ((type !== 'send' && type !== 'receive') || (opcode !== 1 && opcode !== 2)) {
    tally.unknownType++;
    return undefined;
  }
  const secs = num(raw.time);
  const time = secs === undefined ? undefined : wallMs(secs * 1000);
  if (time === undefined || typeof raw.data !== 'string') {
    tally.invalid++;
    return undefined;
  }
  if (tally.frames >= limits.maxMessages) {
    tally.capped++;
    return undefined;
  }
  const binary = opcode === 2;
  let flags = (type === 'send' ? FrameFlag.Out : 0) | (binary ? FrameFlag.Binary : 0);
  let data: string | null = raw.data;
  const noPayload = ownFile && raw._wsdNoPayload === true;
  let size: number;
  if (noPayload) data = null;
  if (binary) {
    const len = data === null ? 0 : b64Length(data);
    if (len === undefined) {
      tally.invalid++;
      return undefined;
    }
    size = len;
    if (data !== null && len > BINARY_PREVIEW_BYTES) {
      data = b64Prefix(data, BINARY_PREVIEW_BYTES);
      flags |= FrameFlag.Truncated;
      tally.truncated++;
    }
    if (ownFile && raw._wsdBlob === true) flags |= FrameFlag.Blob;
  } else {
    size = data === null ? 0 : utf8Length(data);
    if (data !== null && data.length > TEXT_PREVIEW_UNITS) {
      data = data.slice(0, TEXT_PREVIEW_UNITS);
      flags |= FrameFlag.Truncated;
      tally.truncated++;
    }
    if (ownFile && raw._wsdIllFormed === true) flags |= FrameFlag.IllFormed;
  }
  if (ownFile) {
    const trueSize = int(raw._wsdSize, 0, Number.MAX_SAFE_INTEGER);
    if (trueSize !== undefined) size = Math.max(size, trueSize);
    if (raw._wsdTruncated === true) flags |= FrameFlag.Truncated;
    if (raw._wsdConverted === true) flags |= FrameFlag.Converted;
  }
  if (discarded) flags |= FrameFlag.Discarded;
  tally.frames++;
  const seq = ownFile ? int(raw._wsdSeq, 0, Number.MAX_SAFE_INTEGER) : undefined;
  return { time, seq: seq ?? -1, order, sock, flags, size, data };
}

let orderCounter = 0;

function pushFrames(list: unknown, d: ImpDoc, sock: number, ownFile: boolean, tally: Tally, limits: ImportLimits, discarded: boolean) {
  if (!Array.isArray(list)) return;
  for (const raw of list as unknown[]) {
    const f = frameOf(raw, sock, orderCounter++, ownFile, tally, limits, discarded);
    if (f) d.frames.push(f);
  }
}

function pushEvent(d: ImpDoc, time: number, rank: number, ev: ImpEvent['ev'], afterSeq?: number) {
  const e: ImpEvent = { time, rank, order: orderCounter++, ev };
  if (afterSeq !== undefined) e.afterSeq = afterSeq;
  d.events.push(e);
}

function importChromeEntry(raw: Obj, d: ImpDoc, sock: number, url: string, started: number, limits: ImportLimits, tally: Tally): Msg[] {
  const req = raw.request as Obj;
  const res = isObj(raw.response) ? raw.response : {};
  const requested = headerValue(req.headers, 'sec-websocket-protocol');
  const protocols = requested ? requested.split(',').map((p) => p.trim()).filter(Boolean).slice(0, MAX_PROTOCOLS) : null;
  pushEvent(d, started, 0, { k: 'create', time: started, sock, url, protocols });
  const before = d.frames.length;
  pushFrames(raw._webSocketMessages, d, sock, false, tally, limits, false);
  // The close is what Chrome's HAR never has; say so first.
  const notes: Msg[] = [msg('daily_har_conn_note_no_close')];
  tally.noClose++;
  if (res.status === 101) {
    // Chrome's HAR has no open time. The handshake's phases (timings up to `wait`, the time to
    // the 101 response) give it; entry.time does not: it runs until the socket closed. Chrome
    // takes startedDateTime and message times from different clocks, so never after the first message.
    const t = isObj(raw.timings) ? raw.timings : {};
    let handshake = 0;
    for (const k of ['blocked', 'dns', 'connect', 'send', 'wait']) handshake += Math.max(0, num(t[k]) ?? 0);
    let openedAt = started + handshake;
    for (let i = before; i < d.frames.length; i++) openedAt = Math.min(openedAt, d.frames[i]!.time);
    pushEvent(d, openedAt, 0, {
      k: 'open',
      time: openedAt,
      sock,
      protocol: headerValue(res.headers, 'sec-websocket-protocol') ?? '',
      extensions: headerValue(res.headers, 'sec-websocket-extensions') ?? '',
    });
    notes.push(msg('daily_har_conn_note_open_time'));
  }
  return notes;
}

function importWsdEntry(raw: Obj, d: ImpDoc, sock: number, url: string, started: number, limits: ImportLimits, tally: Tally): Msg[] {
  const createError = isObj(raw._wsdCreateError) ? raw._wsdCreateError : undefined;
  if (createError) {
    pushEvent(d, started, 0, {
      k: 'create-failed',
      time: started,
      sock: 0,
      name: str(createError.name, MAX_SHORT_STRING) ?? 'Error',
      message: str(createError.message, MAX_SHORT_STRING) ?? '',
    });
    return [];
  }
  const protocols = Array.isArray(raw._wsdRequestedProtocols)
    ? (raw._wsdRequestedProtocols as unknown[]).slice(0, MAX_PROTOCOLS).flatMap((p) => (typeof p === 'string' ? [p.slice(0, MAX_SHORT_STRING)] : []))
    : null;
  pushEvent(d, started, 0, { k: 'create', time: started, sock, url, protocols });
  const openedAt = wallMs(raw._wsdOpenedAt);
  if (openedAt !== undefined) {
    pushEvent(d, openedAt, 0, { k: 'open', time: openedAt, sock, protocol: str(raw._wsdProtocol, MAX_SHORT_STRING) ?? '', extensions: str(raw._wsdExtensions, MAX_SHORT_STRING) ?? '' });
  }
  pushFrames(raw._webSocketMessages, d, sock, true, tally, limits, false);
  pushFrames(raw._wsdDiscardedMessages, d, sock, true, tally, limits, true);
  const errorAt = wallMs(raw._wsdErrorAt);
  if (errorAt !== undefined) pushEvent(d, errorAt, 1, { k: 'error', time: errorAt, sock });
  const hidden = wallMs(raw._wsdPageHiddenAt);
  if (hidden !== undefined) d.hiddenTimes.add(hidden);

  const calls = Array.isArray(raw._wsdCloseCalls) ? (raw._wsdCloseCalls as unknown[]).slice(0, limits.maxCallsPerSocket) : [];
  for (const c of calls) {
    const time = isObj(c) ? wallMs(c.time) : undefined;
    const readyState = isObj(c) ? int(c.readyState, 0, 3) : undefined;
    if (!isObj(c) || time === undefined || readyState === undefined) {
      tally.invalid++;
      continue;
    }
    const threw = isObj(c.threw) ? c.threw : undefined;
    pushEvent(
      d,
      time,
      1,
      {
        k: 'close-call',
        time,
        sock,
        code: num(c.code) ?? null,
        reason: str(c.reason, MAX_REASON_CHARS) ?? null,
        readyState,
        threwName: threw ? (str(threw.name, MAX_SHORT_STRING) ?? 'Error') : null,
        threwMessage: threw ? (str(threw.message, MAX_SHORT_STRING) ?? '') : null,
      },
      int(c.seq, 0, Number.MAX_SAFE_INTEGER),
    );
  }
  const errors = Array.isArray(raw._wsdSendErrors) ? (raw._wsdSendErrors as unknown[]).slice(0, limits.maxCallsPerSocket) : [];
  for (const c of errors) {
    const time = isObj(c) ? wallMs(c.time) : undefined;
    const readyState = isObj(c) ? int(c.readyState, 0, 3) : undefined;
    if (!isObj(c) || time === undefined || readyState === undefined) {
      tally.invalid++;
      continue;
    }
    pushEvent(
      d,
      time,
      1,
      { k: 'send-threw', time, sock, readyState, name: str(c.name, MAX_SHORT_STRING) ?? 'Error', message: str(c.message, MAX_SHORT_STRING) ?? '' },
      int(c.seq, 0, Number.MAX_SAFE_INTEGER),
    );
  }
  const close = isObj(raw._wsdClose) ? raw._wsdClose : undefined;
  if (close) {
    const time = wallMs(close.time);
    const code = int(close.code, 0, 65535);
    if (time === undefined || code === undefined) tally.invalid++;
    else {
      if (raw._wsdSimulatedClose === true) pushEvent(d, time, 2, { k: 'simulated', time, sock, what: 'close' });
      // At a tie with a page-hide, a socket that was marked hidden saw the hide first.
      pushEvent(d, time, hidden !== undefined && hidden === time ? 3 : 2, { k: 'close', time, sock, code, reason: str(close.reason, MAX_REASON_CHARS) ?? '', wasClean: close.wasClean === true });
    }
  }
  const cnt = isObj(raw._wsdCounters) ? raw._wsdCounters : undefined;
  if (cnt) {
    const v = (k: string) => int(cnt[k], 0, Number.MAX_SAFE_INTEGER) ?? 0;
    d.counters.push({ sock, framesOut: v('framesOut'), framesIn: v('framesIn'), bytesOut: v('bytesOut'), bytesIn: v('bytesIn') });
  }
  return [];
}

/** A document's sockets merged into the bridge messages live capture would have sent. */
function recordsOf(d: ImpDoc): ImportedMessage[] {
  for (const t of d.hiddenTimes) pushEvent(d, t, 2.5, { k: 'pagehide', time: t, sock: 0, persisted: false });
  // Frames in document order: the file's sequence numbers when every frame has one, else time.
  const bySeq = d.frames.every((f) => f.seq >= 0);
  d.frames.sort((a, b) => (bySeq ? a.seq - b.seq : a.time - b.time || a.order - b.order));
  d.events.sort((a, b) => a.time - b.time || a.rank - b.rank || a.order - b.order);
  const fseq0 = d.notKept;
  const n = d.frames.length;
  // `at` of each event: frames before it. Close calls and send errors carry the frame
  // sequence they followed; the others go by time (ties: rank 0 before frames, others after).
  const seqIndex = bySeq ? d.frames.map((f) => f.seq) : null;
  const events: HookEvent[] = d.events.map((e, eseq) => {
    let at: number;
    if (seqIndex && e.afterSeq !== undefined) at = lowerBound(seqIndex, e.afterSeq, (x) => x);
    else at = e.rank === 0 ? lowerBound(d.frames, e.time, (f) => f.time) : upperBound(d.frames, e.time, (f) => f.time);
    return { ...e.ev, eseq, at: fseq0 + at } as HookEvent;
  });
  // The store applies events in eseq order; keep `at` non-decreasing along it.
  events.sort((a, b) => a.at - b.at || a.eseq - b.eseq);
  events.forEach((e, i) => (e.eseq = i));

  const out: ImportedMessage[] = [];
  let ei = 0;
  for (let start = 0; start < n || out.length === 0; start += MAX_BATCH_FRAMES) {
    const end = Math.min(n, start + MAX_BATCH_FRAMES);
    const last = end >= n;
    const evs: HookEvent[] = [];
    while (ei < events.length && (last || events[ei]!.at <= fseq0 + end)) evs.push(events[ei++]!);
    const fr = d.frames.slice(start, end);
    const data = fr.map((f) => f.data);
    out.push({
      frameId: d.frameId,
      msg: {
        v: PROTOCOL_VERSION,
        t: out.length === 0 ? 'snapshot' : 'batch',
        doc: d.info,
        frames: { fseq0: fseq0 + start, sock: fr.map((f) => f.sock), flags: fr.map((f) => f.flags), size: fr.map((f) => f.size), time: fr.map((f) => f.time), data },
        events: evs,
        counters: last ? d.counters : [],
        nextFseq: fseq0 + end,
        nextEseq: ei,
        droppedEvents: d.droppedEvents,
      },
    });
    if (last) break;
  }
  return out;
}

/** An entry's handshake, cleaned as live headers are (credentials dropped, sizes capped); null when it records none. */
function importedHandshake(key: string, raw: Obj): ImportedHandshake | null {
  const headersOf = (o: unknown) => (isObj(o) && Array.isArray(o.headers) ? cleanHeaders(o.headers as Array<{ name?: unknown; value?: unknown }>) : undefined) ?? [];
  const requestHeaders = headersOf(raw.request);
  const responseHeaders = headersOf(raw.response);
  const res = isObj(raw.response) ? raw.response : {};
  const statusCode = typeof res.status === 'number' && Number.isInteger(res.status) && res.status >= 100 && res.status <= 999 ? res.status : undefined;
  if (!requestHeaders.length && !responseHeaders.length && statusCode === undefined) return null;
  const h: ImportedHandshake = { key, requestHeaders, responseHeaders };
  if (statusCode !== undefined) {
    h.statusCode = statusCode;
    const line = cleanHandshakeText(`${statusCode} ${typeof res.statusText === 'string' ? res.statusText : ''}`);
    if (line) h.statusLine = line;
  }
  return h;
}
