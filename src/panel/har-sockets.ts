// The websocket entries of DevTools' network log (devtools.network.getHAR), reduced
// to what they can honestly tell about a failed handshake. Pure, for unit tests.
import type { HarSocketEntry } from '../diagnosis/handshake-match';
import { MAX_URL_CHARS } from '../protocol/limits';

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
    out.push({ url, requestSent, startedAt: Number.isFinite(t) && t >= EARLIEST_REAL_TIME ? t : null });
  }
  return out.slice(-MAX_ENTRIES);
}

