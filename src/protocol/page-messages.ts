// Messages on the private MessagePort between the hook (page world) and the bridge.
// Structured clone carries typed arrays and ArrayBuffers as they are.
import type { HookEvent, SocketCounters } from './records';

/**
 * Frames as typed-array columns plus two payload blobs: the text previews
 * concatenated into one string, the binary previews into one buffer. A batch of
 * a thousand frames is then a handful of values to clone, not a thousand strings.
 * Frame i's payload is the next `len[i]` units of `text` (a text frame) or bytes
 * of `bin` (a binary frame, a Blob included: its preview is empty unless it was
 * read); which one, and whether there is one at all (converted values have none),
 * follows from its flags: see payloadKind().
 */
export interface PageFrameColumns {
  fseq0: number;
  sock: Uint32Array;
  flags: Uint8Array;
  size: Float64Array;
  time: Float64Array;
  len: Uint32Array;
  text: string;
  bin: ArrayBuffer;
}

/** hook → bridge. A snapshot resends everything the hook still holds; a batch only what is new. */
export interface HookBatch {
  v: number;
  t: 'snapshot' | 'batch';
  frames: PageFrameColumns;
  events: HookEvent[];
  /** Exact counters of the sockets that appear in this batch (all sockets in a snapshot). */
  counters: SocketCounters[];
  /** Frame and event sequence numbers the next record will get. */
  nextFseq: number;
  nextEseq: number;
  /** Lifecycle events the hook discarded because its event log was full. */
  droppedEvents: number;
}

/**
 * bridge → hook: start or stop sending; simulate a server going away on one socket
 * (a person asked for it in the panel: the hook closes the real socket and gives
 * the page a close event with code 1001).
 */
export type BridgeToHook =
  | { v: number; t: 'attach' }
  | { v: number; t: 'detach' }
  | { v: number; t: 'simulate-close'; sock: number };

/** Event types of the one-time handshake that hands the bridge its port. */
export const CHANNEL_OFFER_EVENT = 'wsdoctor:channel-offer';
export const CHANNEL_HELLO_EVENT = 'wsdoctor:channel-hello';
/** hook ↔ hook of a same-origin ancestor (or opener): share one toString disguise registry. */
export const DISGUISE_SHARE_EVENT = 'wsdoctor:disguise-share';
