// Messages on the private MessagePort between the hook (page world) and the bridge.
// Structured clone carries typed arrays and ArrayBuffers as they are.
import type { HookEvent, SocketCounters } from './records';

export interface PageFrameColumns {
  fseq0: number;
  sock: Uint32Array;
  flags: Uint8Array;
  size: Float64Array;
  time: Float64Array;
  data: Array<string | ArrayBuffer | null>;
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
