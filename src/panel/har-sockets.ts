// The websocket entries of DevTools' network log (devtools.network.getHAR), reduced
// to what they can honestly tell about a handshake: whether a failed one's request
// went out, and the subprotocols an open one asked for. Pure, for unit tests.
import type { HarSocketEntry } from '../diagnosis/handshake-match';
import { MAX_PROTOCOLS, MAX_URL_CHARS } from '../protocol/limits';
import { cleanHeaders, headerList, headerValue } from '../protocol/handshake-headers';

/** Websocket entries kept from one read; the newest ones are what matching uses. */
const MAX_ENTRIES = 2000;
/** Chromium gives a request that never went out a start time of 1969; anything this early is no time at all. */
const EARLIEST_REAL_TIME = Date.UTC(2000, 0, 1);
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The websocket entries of a HAR log, reduced and checked (the log holds page URLs: hostile). */
export function harSocketEntries(log: unknown): HarSocketEntry[] {
  if (!isObj(log) || !Array.isArray(log.entries)) return [];
  const out: HarSocketEntry[] = [];
  for (const e of log.entries as unknown[]) {
    if (!isObj(e) || e._resourceType !== 'websocket' || !isObj(e.request)) continue;
    const url = e.request.url;
    if (typeof url !== 'string' || url.length > MAX_URL_CHARS || !/^wss?:\/\//i.test(url)) continue;
    const requestSent = Array.isArray(e.request.headers) && e.request.headers.length > 0;
    const t = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
    const entry: HarSocketEntry = { url, requestSent, startedAt: Number.isFinite(t) && t >= EARLIEST_REAL_TIME ? t : null };
    // What a page passed as a list, which the hook does not read: the log has the request as sent.
    if (requestSent) {
      const headers = cleanHeaders(e.request.headers as Array<{ name?: unknown; value?: unknown }>);
      entry.requestedProtocols = headerList(headerValue(headers, 'Sec-WebSocket-Protocol')).slice(0, MAX_PROTOCOLS);
    }
    out.push(entry);
  }
  return out.slice(-MAX_ENTRIES);
}

