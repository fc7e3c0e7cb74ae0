// Every number the reconnect analysis judges by, in one place, so the verdicts can be
// tuned (and argued about) without reading the fitting code.

/** An open connection this long counts as healthy: long enough that a good client resets its backoff. */
export const HEALTHY_MS = 10_000;

/** A page that has not reconnected this long after a server/network close is judged as not reconnecting; a 30 s cap is the longest advised delay. */
export const RECONNECT_WINDOW_MS = 30_000;

/** A client that already waited long between retries may legitimately wait that long again (plus jitter), so the window stretches to this multiple of the longest delay seen. */
export const WINDOW_DELAY_MULTIPLE = 3;

/** Closes a page should answer with a reconnect: server going away (1001), dropped connection (1006), restart (1012), try again later (1013). */
export const RECONNECTABLE_CODES: readonly number[] = [1001, 1006, 1012, 1013];

/** Fewer retries than this in a row can be a few quick tries by design; from five on it is a loop. */
export const STORM_MIN_ATTEMPTS = 5;

/** Median delays below this are "immediately" in practice: no timer, or a zero/tiny setTimeout. */
export const STORM_MAX_MEDIAN_MS = 100;

/** Two delays give one ratio, which random jitter alone can fake; three give two ratios to agree. */
export const MIN_DELAYS_FOR_PATTERN = 3;

/** Timers fire late by a few ms and event dispatch adds some more; differences below this are clock noise, not jitter. */
export const CLOCK_NOISE_MS = 20;

/** Growth per retry below this is indistinguishable from a fixed delay with jitter; popular libraries grow by 1.3 to 2. */
export const EXP_MIN_FACTOR = 1.25;

/** ±50% jitter puts a delay between ×0.5 and ×1.5 of the curve, i.e. within a ratio of 2; beyond 2.2 it is off the curve. */
export const OUTLIER_RATIO = 2.2;

/** A pattern may have one odd delay in four (a busy main thread, a slow DNS failure) and still be that pattern. */
export const OUTLIER_MAX_SHARE = 0.25;

/** Deliberate jitter is at least ±10% in every library we know; half that, above clock noise, is already not a clean curve. */
export const JITTER_MIN_REL = 0.05;

/** A robust fit passes through some points exactly, so jitter is claimed when at least a third of the delays stray. */
export const JITTER_MIN_SHARE = 1 / 3;

/** A cap is only believable when at least two delays sit on it; one high delay can be an outlier. */
export const CAP_MIN_PLATEAU = 2;

/** A curve-plus-cap model must at least halve the misfit of a plain curve before a cap is reported. */
export const CAP_MIN_GAIN = 0.5;

/** A new series counts as "not reset" only when the previous one grew at least this much, so jitter on the base delay cannot fake it. */
export const NOT_RESET_MIN_GROWTH = 3;

/** Outgoing text frames compared when deciding that a socket resent what got the previous one a 1007: the handshake and the first messages. */
export const RESEND_COMPARE_FRAMES = 3;

/** Characters of a repeated payload quoted in evidence: enough to recognise it, short enough for one panel line. */
export const RESEND_PREVIEW_CHARS = 60;

/** Delays listed in one summary: a storm of 300 retries must still fit a ~550 px panel. */
export const MAX_LISTED_DELAYS = 8;

/** Occurrences spelled out as separate evidence lines; the summary carries the full count. */
export const MAX_EVIDENCE_ITEMS = 3;
