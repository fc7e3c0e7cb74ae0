// The facts the diagnosis reasons about, as the panel store holds them for one
// WebSocket. Pure data: no browser types, so unit tests can build timelines by hand.
// Times are milliseconds since the Unix epoch (fractional), taken in the page.

export type Direction = 'out' | 'in';

export interface FrameFact {
  /** Per-document sequence number; orders frames and events of one page. */
  seq: number;
  dir: Direction;
  binary: boolean;
  /** Exact payload size in bytes on the wire (UTF-8 bytes for text, after lone surrogates became U+FFFD). */
  size: number;
  time: number;
  /** Text payload as the page passed it (or its first part), for text frames. */
  text?: string;
  /** False when `text` is only a preview of a longer payload. */
  textComplete?: boolean;
  /** The page called send() after close(): the browser silently discarded this frame. */
  discarded?: boolean;
  /** Outgoing text that was not well-formed UTF-16 (lone surrogates), seen by the hook. */
  illFormed?: boolean;
}

export interface CloseFact {
  time: number;
  code: number;
  reason: string;
  wasClean: boolean;
}

/** A page call to ws.close(code, reason), including the ones that threw. */
export interface CloseCallFact {
  time: number;
  seq: number;
  /** undefined when the page passed no code. */
  code?: number;
  /** The reason as the page passed it (capped), undefined when none. */
  reason?: string;
  /** Set when the call threw: the DOMException name and message. */
  threw?: { name: string; message: string };
  /** readyState when the call was made (0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED). */
  readyState: number;
}

/** A page call to ws.send() that threw (InvalidStateError while CONNECTING, …). */
export interface SendErrorFact {
  time: number;
  seq: number;
  name: string;
  message: string;
  readyState: number;
}

export interface ConnectionFacts {
  id: string;
  url: string;
  /** Identifies the frame (document) that created the socket; equal for sockets of one frame. */
  frameKey: string;
  /**
   * Protocols the page asked for in the constructor; null when it passed a list, which
   * the hook does not read (see records.ts): the handshake's request header tells then.
   */
  requestedProtocols: string[] | null;
  createdAt: number;
  openedAt?: number;
  /** Negotiated subprotocol and extensions, known after open. */
  protocol?: string;
  extensions?: string;
  /** Time of the first `error` event, if any. */
  errorAt?: number;
  close?: CloseFact;
  closeCalls: CloseCallFact[];
  sendErrors: SendErrorFact[];
  /** The page was hidden/navigated (pagehide) or its document went away while this socket was open. */
  pageHiddenAt?: number;
  /** The frames the panel still holds for this socket, oldest first. */
  frames: FrameFact[];
}
