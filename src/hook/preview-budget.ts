// How much preview a live batch may carry. Extension messaging moves a few MB/s at
// best on a loaded machine, and every byte crosses it twice (bridge → background →
// panel) on the page's own CPU budget: a page pushing 64 KiB binary frames as fast as
// it can ran at a quarter of its speed while full 4 KiB previews streamed. So live
// batches share a byte allowance that refills over time (a token bucket). Frames
// that fit keep their whole preview; when a batch is over, every preview is cut to
// the one length that makes the batch fit (never below a floor), flagged so the panel
// says why. The true size of each frame is always sent. Pure: no browser API, no
// prototype method (it runs in the page's world), unit-tested.

/**
 * Text preview units live batches may carry per second, on average, and the burst
 * saved up while traffic is light. Text is what people read, and it crosses as is.
 */
export const TEXT_PREVIEW_PER_SEC = 4 * 1024 * 1024;
export const TEXT_PREVIEW_BURST = 2 * 1024 * 1024;
/**
 * Binary preview bytes, likewise. Binary costs far more per byte (copies, a
 * structured clone, base64 for JSON messaging, then the background and the panel
 * parse it again): the whole path moved about 20 MB/s of previews on this 2-core
 * machine, and a page echoing 64 KiB frames ran at 0.6 of its speed with 4 MiB/s of
 * binary previews, 0.3 with 512 KiB/s in short bursts, 0.9 with 256 KiB/s steady.
 * A hex view needs the first bytes most: at 1000 frames/s this still shows 128 bytes
 * of each, and a quieter socket gets its whole 4 KiB previews.
 */
export const BINARY_PREVIEW_PER_SEC = 128 * 1024;
export const BINARY_PREVIEW_BURST = 64 * 1024;
/** A preview is never cut shorter than this: enough for a header in hex or the start of a JSON message. */
export const PREVIEW_FLOOR = 64;

/**
 * The largest cap such that the sum over frames of min(len, cap) fits `budget`, or
 * Infinity when every preview fits whole. Never below `floor` (so a batch of many
 * frames may exceed the budget by at most n × floor).
 */
export function previewCap(lens: ArrayLike<number>, n: number, budget: number, floor: number = PREVIEW_FLOOR): number {
  let total = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const l = lens[i]!;
    total += l;
    if (l > max) max = l;
  }
  if (total <= budget) return Infinity;
  // sum(min(len, cap)) grows with cap: binary search for the largest cap that fits.
  let lo = floor;
  let hi = max;
  while (lo < hi) {
    const mid = lo + ((hi - lo + 1) >> 1);
    let s = 0;
    for (let i = 0; i < n && s <= budget; i++) {
      const l = lens[i]!;
      s += l < mid ? l : mid;
    }
    if (s <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A token bucket over preview bytes; `now` in milliseconds. */
export function createPreviewAllowance(perSec: number, burst: number) {
  let tokens = burst;
  let last = -1;
  return {
    /** What a batch leaving at `now` may carry. */
    available(now: number): number {
      if (last >= 0 && now > last) {
        tokens += ((now - last) * perSec) / 1000;
        if (tokens > burst) tokens = burst;
      }
      last = now;
      return tokens;
    },
    /** What a batch did carry (may exceed what was available, by the floors). */
    spend(units: number) {
      tokens -= units;
      if (tokens < -burst) tokens = -burst;
    },
  };
}
