// Binary searches over arrays sorted by a numeric key.

/** First index in [lo, a.length) whose key is ≥ x. */
export function lowerBound<T>(a: readonly T[], x: number, key: (t: T) => number, lo = 0): number {
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(a[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [lo, a.length) whose key is > x. */
export function upperBound<T>(a: readonly T[], x: number, key: (t: T) => number, lo = 0): number {
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(a[mid]!) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
