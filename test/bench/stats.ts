// Small statistics for the benchmark: medians and interleaved A/B ratios.
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Ratios of paired runs (B/A), each pair measured back to back. */
export function pairedRatio(a: number[], b: number[]): number {
  return median(a.map((x, i) => b[i]! / x));
}

export const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
