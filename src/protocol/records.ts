// What the hook records, in the compact form it sends to the bridge.
// Frames travel as columns of numbers (cheap to clone, no per-frame objects);
// lifecycle events are rare and travel as small objects.

/** Bits of a frame's `flags` column. */
export const FrameFlag = {
  /** Outgoing (page → server). Absent: incoming. */
  Out: 1,
  /** Binary frame (ArrayBuffer, typed array, DataView or Blob). Absent: text. */
  Binary: 2,
  /** Outgoing text that was not well-formed UTF-16: the browser replaced lone surrogates with U+FFFD. */
  IllFormed: 4,
  /** send() after close(): the browser silently discarded the data. */
  Discarded: 8,
  /** The payload is a preview: `size` says how large the whole was. */
  Truncated: 16,
  /** A Blob: its first bytes are read (asynchronously) only while a panel listens; otherwise its preview is empty. */
  Blob: 32,
  /** send() got a value that was neither string nor binary; the browser converted it with String(). */
  Converted: 64,
  /** With Truncated: the preview was cut shorter than usual because the page sent faster than the panel's preview allowance (src/hook/preview-budget.ts). */
  Shortened: 128,
} as const;

/** Where a frame's payload preview lives in a packed batch, by its flags. */
export function payloadKind(flags: number): 'text' | 'bin' | 'none' {
  if (flags & FrameFlag.Converted) return 'none';
  return flags & FrameFlag.Binary ? 'bin' : 'text';
}

export const EventKind = {
  Create: 'create',
  CreateFailed: 'create-failed',
  Open: 'open',
  Error: 'error',
  Close: 'close',
  CloseCall: 'close-call',
  SendThrew: 'send-threw',
  PageHide: 'pagehide',
  Simulated: 'simulated',
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

interface EventBase {
  /** Per-document event counter, for de-duplication when a snapshot is resent. */
  eseq: number;
  /** Frames recorded in this document before this event: orders events among frames. */
  at: number;
  time: number;
  /** Socket id within the document; 0 for document-level events. */
  sock: number;
}

export interface CreateEvent extends EventBase {
  k: 'create';
  url: string;
  /** Requested subprotocols: [] when none were passed, the string when one was; null for a list, which is not read (reading it is observable). */
  protocols: string[] | null;
}
export interface CreateFailedEvent extends EventBase {
  k: 'create-failed';
  name: string;
  message: string;
}
export interface OpenEvent extends EventBase {
  k: 'open';
  protocol: string;
  extensions: string;
}
export interface ErrorEvent extends EventBase {
  k: 'error';
}
export interface CloseEvent extends EventBase {
  k: 'close';
  code: number;
  reason: string;
  wasClean: boolean;
}
export interface CloseCallEvent extends EventBase {
  k: 'close-call';
  /** null: no code passed; a number as passed (before the browser's clamping) when it was a number. */
  code: number | null;
  reason: string | null;
  readyState: number;
  threwName: string | null;
  threwMessage: string | null;
}
export interface SendThrewEvent extends EventBase {
  k: 'send-threw';
  readyState: number;
  name: string;
  message: string;
}
export interface PageHideEvent extends EventBase {
  k: 'pagehide';
  persisted: boolean;
}

/**
 * WS Doctor itself acted on this socket because a person asked for it in the panel:
 * 'close' = Simulate 1001 (the real socket was closed with 1000, the page got a
 * synthetic close event with 1001). Recorded before the close it causes.
 */
export interface SimulatedEvent extends EventBase {
  k: 'simulated';
  what: 'close';
}

export type HookEvent =
  | CreateEvent
  | CreateFailedEvent
  | OpenEvent
  | ErrorEvent
  | CloseEvent
  | CloseCallEvent
  | SendThrewEvent
  | PageHideEvent
  | SimulatedEvent;

/** Frames as columns. Frame i has frame sequence number `fseq0 + i`. */
export interface FrameColumns<Payload> {
  fseq0: number;
  /** Plain arrays, or typed arrays as the packed wire form decodes (no copy per frame). */
  sock: ArrayLike<number>;
  flags: ArrayLike<number>;
  size: ArrayLike<number>;
  time: ArrayLike<number>;
  /** Text preview, binary preview, or null (converted, or dropped for size); a Blob that was not read has an empty binary preview. */
  data: Payload[];
}

/** Exact per-socket counters kept by the hook; frames may have been dropped, these never are. */
export interface SocketCounters {
  sock: number;
  framesOut: number;
  framesIn: number;
  bytesOut: number;
  bytesIn: number;
}
