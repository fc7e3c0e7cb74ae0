// Formatting for the panel. Everything here returns plain strings that Preact
// renders as text nodes: page data never becomes markup.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function clock(ms: number, withMs = true): string {
  const d = new Date(ms);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  if (m < 60) return `${m} min ${s} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** 1234567 → "1 234 567" with thin spaces. Not toLocaleString: it builds a formatter per call, and rows call it on every render. */
export function count(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** host:port/path?query without the scheme; the row cuts it with an ellipsis, the full URL is in a tooltip. */
export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.host) return url.slice(0, 80); // about:blank, data:, blob: …
    return (u.host + u.pathname + u.search).slice(0, 300);
  } catch {
    return url.slice(0, 200);
  }
}

const CONTROL_PICTURES: Record<number, string> = { 0x7f: '␡', 0x20: ' ' };
/**
 * Makes invisible characters visible in a one-line preview: C0 controls as
 * Unicode control pictures, lone surrogates and U+FFFD as a marked glyph.
 */
export function visiblePreview(s: string, max = 300): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  let out = '';
  for (let i = 0; i < cut.length; i++) {
    const c = cut.charCodeAt(i);
    if (c < 0x20) out += String.fromCharCode(0x2400 + c);
    else if (c === 0x7f) out += CONTROL_PICTURES[c];
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < cut.length && (cut.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += cut[i]! + cut[i + 1]!;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\u' + c.toString(16).toUpperCase();
    else out += cut[i];
  }
  return s.length > max ? out + '…' : out;
}

export { base64ToBytes } from '../protocol/base64';

export function bytesPreview(b: Uint8Array, max = 24): string {
  let s = '';
  for (let i = 0; i < Math.min(max, b.length); i++) s += (i ? ' ' : '') + b[i]!.toString(16).padStart(2, '0');
  return b.length > max ? s + ' …' : s;
}

/** Time since the previous frame: "+0.4 ms", "+12 ms", "+1.234 s", "+2 min 5 s". Bursts arrive under a millisecond apart, so small gaps keep a decimal. */
export function delta(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const sign = ms < 0 ? '−' : '+';
  const a = Math.abs(ms);
  if (a < 10) return `${sign}${a.toFixed(1)} ms`;
  if (a < 1000) return `${sign}${Math.round(a)} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(3)} s`;
  return sign + duration(a);
}
