// How ill-formed text crosses extension messaging, which cannot carry lone
// surrogates: as well-formed text plus the replaced code units (see
// LoneSurrogateRepairs in extension-messages.ts). The bridge takes them out; the
// panel (live, or from a HAR) puts them back.

/** [index, unit, index, unit, …] of the lone surrogates in s. */
export function loneSurrogatePairs(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++;
      continue;
    }
    out.push(i, c);
  }
  return out;
}

/** Puts back the lone surrogates that were replaced with U+FFFD for transport. */
export function restoreLoneSurrogates(text: string, pairs: number[]): string {
  // Slices between the repaired units: a batch's text can be megabytes, so no per-unit array.
  let out = '';
  let from = 0;
  for (let k = 0; k + 1 < pairs.length; k += 2) {
    const at = pairs[k]!;
    const unit = pairs[k + 1]!;
    if (!(at >= from && at < text.length) || unit < 0xd800 || unit > 0xdfff || text.charCodeAt(at) !== 0xfffd) continue;
    out += text.slice(from, at) + String.fromCharCode(unit);
    from = at + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
