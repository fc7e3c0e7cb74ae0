// The HTTP headers of a WebSocket handshake, as webRequest reports them, made safe
// to carry and show: bounded in count and length, and with credentials hidden. The
// background cleans them; the panel takes them only through validateHeaders().
// They are how the panel knows what the page asked for when the hook could not read
// it (a subprotocol list: reading a page's array is observable, see records.ts).

/** A header as carried: its value is null when hidden (a credential). */
export type HeaderPair = [name: string, value: string | null];

/** Headers kept per direction; a real handshake has a dozen or two. */
export const MAX_HANDSHAKE_HEADERS = 64;
export const MAX_HEADER_NAME_CHARS = 256;
/** Longer values (a huge cookie, a token) are cut: the panel shows that they were. */
export const MAX_HEADER_VALUE_CHARS = 2048;
/** Characters (names and values) kept per list: a panel holds up to a thousand records. */
export const MAX_HEADERS_CHARS = 16 * 1024;
/** Marks a value cut to MAX_HEADER_VALUE_CHARS. */
export const CUT_MARK = '…';

/**
 * Values never carried: they authenticate the person, and a panel's view (or a HAR
 * exported from it) gets shared in bug reports. Their presence is still shown.
 */
const HIDDEN = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Control characters would only garble the view; HTTP forbids them in values anyway.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** webRequest's header list, cleaned: undefined when there is none to report. */
export function cleanHeaders(raw: ReadonlyArray<{ name?: unknown; value?: unknown }> | undefined): HeaderPair[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: HeaderPair[] = [];
  let chars = 0;
  for (const h of raw) {
    if (out.length >= MAX_HANDSHAKE_HEADERS) break;
    const name = h?.name;
    if (typeof name !== 'string' || name.length > MAX_HEADER_NAME_CHARS || !TOKEN.test(name)) continue;
    if (HIDDEN.has(name.toLowerCase())) {
      out.push([name, null]);
      continue;
    }
    // A value given only as bytes (binaryValue) is shown as absent rather than guessed at.
    let value = typeof h.value === 'string' ? h.value.replace(CONTROL, ' ') : '';
    if (value.length > MAX_HEADER_VALUE_CHARS) value = value.slice(0, MAX_HEADER_VALUE_CHARS - 1) + CUT_MARK;
    // Headers past the budget are left out whole; a cut list still shows its first ones.
    if ((chars += name.length + value.length) > MAX_HEADERS_CHARS) break;
    out.push([name, value]);
  }
  return out;
}

/** A fresh, checked copy of a carried header list, or null if anything is off. */
export function validateHeaders(raw: unknown): HeaderPair[] | null {
  if (!Array.isArray(raw) || raw.length > MAX_HANDSHAKE_HEADERS) return null;
  const out: HeaderPair[] = [];
  let chars = 0;
  for (const h of raw) {
    if (!Array.isArray(h) || h.length !== 2) return null;
    const [name, value] = h as unknown[];
    if (typeof name !== 'string' || name.length > MAX_HEADER_NAME_CHARS || !TOKEN.test(name)) return null;
    // Hidden exactly when it is a credential: a panel never holds one.
    if ((value === null) !== HIDDEN.has(name.toLowerCase())) return null;
    if (value !== null && (typeof value !== 'string' || value.length > MAX_HEADER_VALUE_CHARS || HAS_CONTROL.test(value))) return null;
    if ((chars += name.length + (value === null ? 0 : (value as string).length)) > MAX_HEADERS_CHARS) return null;
    out.push([name, value as string | null]);
  }
  return out;
}

/** All values of header `name` (any case), joined as HTTP joins repeated headers; undefined if absent or hidden. */
export function headerValue(list: readonly HeaderPair[] | undefined, name: string): string | undefined {
  if (!list) return undefined;
  const want = name.toLowerCase();
  const values = list.filter(([n, v]) => n.toLowerCase() === want && v !== null).map(([, v]) => v as string);
  return values.length ? values.join(', ') : undefined;
}

/** The items of a comma-separated header value (Sec-WebSocket-Protocol), trimmed, empty ones dropped. */
export function headerList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Whether a request header list is what went on the wire. Chromium shows webRequest
 * the request before its network stack adds Host and the Sec-WebSocket-Key, -Protocol
 * and -Extensions headers (measured, Chromium 156); Firefox shows the final request.
 * Every real handshake carries a key, so its absence marks the early list.
 */
export const isWireRequest = (list: readonly HeaderPair[] | undefined): boolean => headerValue(list, 'Sec-WebSocket-Key') !== undefined;

/**
 * The subprotocols the page asked for: its own string when the hook read one, else
 * what the handshake request carried on the wire (no Sec-WebSocket-Protocol header:
 * none, the page passed an empty list). Null when neither is known.
 */
export function requestedProtocols(fromPage: string[] | null, requestHeaders: readonly HeaderPair[] | undefined): string[] | null {
  if (fromPage !== null) return fromPage;
  if (!isWireRequest(requestHeaders)) return null;
  return headerList(headerValue(requestHeaders, 'Sec-WebSocket-Protocol'));
}
