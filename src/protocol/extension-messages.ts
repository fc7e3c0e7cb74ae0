// Messages between the bridge (content script), the background relay and the panel.
// Extension messaging is a structured clone in both browsers (Chromium since 148,
// by the manifest's message_serialization), so typed arrays and any string cross
// as they are.
import type { FrameColumns, HookEvent, SocketCounters } from './records';
import type { PackedFrames } from './wire-frames';
import type { ZippedFrames } from './wire-zip';
import { validateHeaders, type HeaderPair } from './handshake-headers';

export interface DocInfo {
  /** Random id of this document instance (a reload gets a new one). */
  id: string;
  url: string;
  isTop: boolean;
  /** When the bridge started in this document (ms since epoch). */
  startedAt: number;
}

interface RecordsBase {
  v: number;
  t: 'snapshot' | 'batch';
  doc: DocInfo;
  events: HookEvent[];
  counters: SocketCounters[];
  nextFseq: number;
  nextEseq: number;
  droppedEvents: number;
}

/** Frames, events and counters of one document, a payload per frame (as rebuilt from a HAR, and in tests). */
export interface BridgeRecords extends RecordsBase {
  frames: FrameColumns<string | null>;
}

/**
 * Frames as a batch unpacks: the numeric columns, and every kept payload inside one
 * of two strings, so the store keeps no string per frame (see held-frames.ts).
 */
export interface JoinedFrames {
  fseq0: number;
  sock: ArrayLike<number>;
  flags: ArrayLike<number>;
  size: ArrayLike<number>;
  time: ArrayLike<number>;
  /** The text previews back to back. */
  text: string;
  /** The binary previews back to back, each base64-encoded on its own. */
  bin: string;
  /** Per frame: code units of `text` (text frames) or characters of `bin` (binary frames) it keeps, in frame order; -1: nothing kept. */
  dlen: ArrayLike<number>;
}

/** Unpacked records, as the store takes them from the wire. */
export interface JoinedRecords extends RecordsBase {
  frames: JoinedFrames;
}

/** The same as the bridge sends them: the frames packed (see wire-frames.ts), and deflated when many (wire-zip.ts). */
export interface WireRecords extends RecordsBase {
  frames: PackedFrames | ZippedFrames;
}

/** Something from the page was rejected or lost; the panel shows it. */
export interface BridgeNotice {
  v: number;
  t: 'notice';
  doc: DocInfo;
  code: 'rejected' | 'bridge-dropped';
  detail: string;
  count: number;
}

export interface BridgePageHide {
  v: number;
  t: 'pagehide';
  doc: DocInfo;
  time: number;
  persisted: boolean;
}

/** bridge → background → panel. */
export type BridgeMessage = WireRecords | BridgeNotice | BridgePageHide;
/** What the store applies: a BridgeMessage with its frames unpacked, or records rebuilt from a HAR. */
export type StoreMessage = JoinedRecords | BridgeRecords | BridgeNotice | BridgePageHide;

/**
 * background → bridge, through tabs.sendMessage. simulate-close goes to one frame
 * (tabs.sendMessage with frameId) and names the document it was meant for: a frame
 * that has navigated since ignores it.
 */
export type BackgroundToBridge =
  | { v: number; t: 'attach' }
  | { v: number; t: 'detach' }
  | { v: number; t: 'simulate-close'; doc: string; sock: number };

/** bridge → background, the answer to simulate-close. */
export interface SimulateReply {
  v: number;
  ok: boolean;
  /** Why not: 'other-document' (the frame navigated), 'no-hook' (no private port in this document). */
  error?: string;
}

/**
 * bridge → the tab's panels (Chromium), one-shot: this document is here and a panel
 * watches the tab; each panel not yet connected to it opens a port to it (direct-ports.ts).
 */
export interface BridgeReady {
  v: number;
  t: 'bridge-ready';
  /** DocInfo.id of the document. */
  doc: string;
}

/** bridge → background, one-shot: is a panel watching my tab? */
export interface BridgeHello {
  v: number;
  t: 'bridge-hello';
}
export interface BridgeHelloReply {
  v: number;
  live: boolean;
}

/** Longest outage a person can simulate, in seconds. */
export const MAX_OUTAGE_SECONDS = 300;

/**
 * panel → background, on its port. Simulation commands act only on the tab this
 * port said hello for; any tab id inside them would be ignored, so they carry none.
 * `req` is the panel's own number for the command, echoed in command-result.
 */
export type PanelToBackground =
  | { v: number; t: 'panel-hello'; tabId: number }
  /** Simulate 1001 on one live socket of one document (frameId + doc id) of the tab. */
  | { v: number; t: 'simulate-close'; req: number; frameId: number; doc: string; sock: number }
  /**
   * Simulate an outage: for `seconds`, every new socket from this tab to the endpoint of
   * `url` (origin + path) fails as an unreachable server does. If `sock` names a live
   * socket, it first gets a simulated 1001, after the block is in place.
   */
  | { v: number; t: 'simulate-outage'; req: number; frameId: number; doc: string; sock: number | null; url: string; seconds: number }
  /** End the tab's simulated outage of this endpoint now. */
  | { v: number; t: 'end-outage'; req: number; endpoint: string };

/** A simulated outage in force for the panel's tab. Times are ms since the epoch. */
export interface OutageInfo {
  /** Origin + path, as endpointKey() gives it. */
  endpoint: string;
  from: number;
  until: number;
}

/**
 * panel → background, one-shot: open the detached panel for a tab. Firefox gives
 * DevTools panels no `tabs` API, so the background opens the tab.
 */
export interface OpenDetached {
  v: number;
  t: 'open-detached';
  tabId: number;
}

/**
 * What the browser's webRequest API saw of one WebSocket handshake of the tab, sent
 * once the request ended. URL and status line come from the page and its server:
 * hostile, so the panel takes them only through validateHandshakeRecord().
 * Added in protocol 1 without a version bump: an older panel ignores an unknown `t`,
 * and a newer panel with an older background simply never receives one.
 */
export interface HandshakeRecord {
  url: string;
  /** The frame that opened the socket, as webRequest numbers it (0: top). */
  frameId: number;
  /** When the request started and ended, ms since the epoch (the browser's clock). */
  time: number;
  endTime: number;
  /** The webRequest stages the request reached, in order. */
  stages: HandshakeStage[];
  /** HTTP status of the handshake response, when the browser saw one. */
  statusCode?: number;
  statusLine?: string;
  /** The browser's error string (net::ERR_… in Chromium, NS_ERROR_… in Firefox). */
  error?: string;
  /** The handshake's request and response headers, credentials hidden (see handshake-headers.ts). */
  requestHeaders?: HeaderPair[];
  responseHeaders?: HeaderPair[];
  /** Headers the browser reported that the lists leave out (past the caps, or malformed): said, not hidden. */
  requestHeadersLeftOut?: number;
  responseHeadersLeftOut?: number;
}

export const HANDSHAKE_STAGES = ['request', 'send-headers', 'headers-received', 'response-started', 'completed', 'error'] as const;
export type HandshakeStage = (typeof HANDSHAKE_STAGES)[number];

/** Status lines and error strings longer than this are cut: real ones are a few dozen characters. */
export const MAX_HANDSHAKE_TEXT = 200;

/**
 * A status line or error string made fit to carry: cut, control characters blanked
 * (the server and the browser write these, and a file may hold anything); undefined
 * when nothing is left. What it returns passes the record's validator.
 */
export function cleanHandshakeText(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const out = s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_HANDSHAKE_TEXT);
  return out || undefined;
}

const isStage = (v: unknown): v is HandshakeStage => typeof v === 'string' && (HANDSHAKE_STAGES as readonly string[]).includes(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const shortText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_HANDSHAKE_TEXT && !/[\u0000-\u001f\u007f]/.test(v);

/** A fresh, checked copy of a handshake record, or null if anything is off. */
export function validateHandshakeRecord(raw: unknown, maxUrlChars: number): HandshakeRecord | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.url !== 'string' || r.url.length === 0 || r.url.length > maxUrlChars || !/^(wss?|https?):\/\//i.test(r.url)) return null;
  if (typeof r.frameId !== 'number' || !Number.isSafeInteger(r.frameId) || r.frameId < -1) return null;
  if (!isTime(r.time) || !isTime(r.endTime) || r.endTime < r.time) return null;
  if (!Array.isArray(r.stages) || r.stages.length === 0 || r.stages.length > HANDSHAKE_STAGES.length || !r.stages.every(isStage)) return null;
  if (new Set(r.stages).size !== r.stages.length) return null;
  const out: HandshakeRecord = { url: r.url, frameId: r.frameId, time: r.time, endTime: r.endTime, stages: [...r.stages] };
  if (r.statusCode !== undefined) {
    if (typeof r.statusCode !== 'number' || !Number.isInteger(r.statusCode) || r.statusCode < 100 || r.statusCode > 999) return null;
    out.statusCode = r.statusCode;
  }
  if (r.statusLine !== undefined) {
    if (!shortText(r.statusLine)) return null;
    out.statusLine = r.statusLine;
  }
  if (r.error !== undefined) {
    if (!shortText(r.error)) return null;
    out.error = r.error;
  }
  for (const k of ['requestHeaders', 'responseHeaders'] as const) {
    if (r[k] === undefined) continue;
    const h = validateHeaders(r[k]);
    if (!h) return null;
    out[k] = h;
  }
  for (const k of ['requestHeadersLeftOut', 'responseHeadersLeftOut'] as const) {
    if (r[k] === undefined) continue;
    const n = r[k];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) return null;
    out[k] = n;
  }
  return out;
}

/** background → panel. */
export type BackgroundToPanel =
  | { v: number; t: 'hello-ack'; tabId: number }
  | { v: number; t: 'from-page'; frameId: number; msg: BridgeMessage }
  | { v: number; t: 'tab-navigated'; url: string }
  /** The answer to a simulation command: ok, or why not (a short code the panel words). */
  | { v: number; t: 'command-result'; req: number; ok: boolean; error?: string }
  /** Every simulated outage in force for this tab, sent whenever that changes. */
  | { v: number; t: 'outages'; list: OutageInfo[] }
  /** One WebSocket handshake of the tab ended (webRequest); only while a panel is attached. */
  | { v: number; t: 'handshake'; rec: HandshakeRecord };

export const PORT_PANEL = 'wsdoctor-panel';
export const PORT_BRIDGE = 'wsdoctor-bridge';
