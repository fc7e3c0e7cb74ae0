// Size caps for everything that crosses from the page into the extension.
// The page is hostile: caps bound memory and clone cost whatever it sends.
// The true size is always recorded next to a capped preview.

/** Text payload kept per frame, in UTF-16 code units. Covers nearly all JSON frames whole. */
export const TEXT_PREVIEW_UNITS = 16 * 1024;
/** Binary payload kept per frame, in bytes: enough for a hex view of headers and small messages. */
export const BINARY_PREVIEW_BYTES = 4 * 1024;
/** Frames the hook keeps per document (ring buffer) while no panel reads them. */
export const HOOK_RING_FRAMES = 16 * 1024;
/** Payload bytes the hook's ring may hold at once; oldest frames go first beyond it. */
export const HOOK_RING_BYTES = 8 * 1024 * 1024;
/** Lifecycle events (create/open/close/…) the hook keeps per document. */
export const HOOK_MAX_EVENTS = 20_000;
/** A batch is sent when this many frames wait, even before the flush timer fires. */
export const HOOK_FLUSH_FRAMES = 2048;
/** Milliseconds from a frame to its batch while a panel listens, after a quiet spell: a lone frame shows at once. */
export const HOOK_FLUSH_MS = 100;
/**
 * The same while traffic keeps coming (a batch went out less than twice this long ago).
 * Each batch costs the page and the panel about the same whatever it holds (a message
 * across two worlds, a deflate, a relay, a render): a page echoing 64 KiB binary frames
 * with the panel open ran at 0.85 of its speed with a batch every 100 ms, 0.95 with one
 * every 250 ms, 0.88-0.91 with this rule (A/B runs of 20k echoes per side). A busy
 * stream still shows within a quarter second.
 */
export const HOOK_FLUSH_BUSY_MS = 250;
/** URLs, frame URLs: longer ones are cut (a data: URL can be megabytes). */
export const MAX_URL_CHARS = 8 * 1024;
/** Close reasons are at most 123 UTF-8 bytes by spec; a page's *attempted* reason may be longer. */
export const MAX_REASON_CHARS = 1024;
/** Protocol names, extension strings, exception names and messages. */
export const MAX_SHORT_STRING = 1024;
/** Requested subprotocols kept per socket. */
export const MAX_PROTOCOLS = 64;
/** Records in one batch; a larger batch is rejected as malformed. */
export const MAX_BATCH_FRAMES = HOOK_RING_FRAMES;
export const MAX_BATCH_EVENTS = HOOK_MAX_EVENTS;
