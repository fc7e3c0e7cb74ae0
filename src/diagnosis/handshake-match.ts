// Which network record belongs to which of the page's sockets. The hook knows the
// page's sockets, webRequest and DevTools' network log know requests; nothing carries
// an id across, so records are matched by URL and time, one record per socket.

/** A page socket as matching needs it. Times are ms since the epoch. */
export interface SocketRef {
  key: string;
  url: string;
  createdAt: number;
  /** When it closed, or now while it lives: a record after this is another socket's. */
  end: number;
}

/** Page time and the browser's network timestamps come from the same clock; this covers a busy machine's lag. */
export const MATCH_SLACK_MS = 2000;

/**
 * The same endpoint whatever the spelling: a browser may report a WebSocket request
 * as http(s) (Firefox did in older versions), and fragments never reach the network.
 */
export function sameRequestUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:') u.protocol = 'ws:';
    else if (u.protocol === 'https:') u.protocol = 'wss:';
    u.hash = '';
    return u.href;
  } catch {
    return url;
  }
}

/**
 * Pairs each socket with the record of the same URL that started closest to its
 * creation, within the socket's life (give or take MATCH_SLACK_MS); each record goes
 * to one socket at most, closest pairs first.
 */
export function matchByTime<R extends { url: string; time: number }>(sockets: readonly SocketRef[], records: readonly R[]): Map<string, R> {
  const byUrl = new Map<string, R[]>();
  for (const r of records) {
    const k = sameRequestUrl(r.url);
    let list = byUrl.get(k);
    if (!list) byUrl.set(k, (list = []));
    list.push(r);
  }
  const pairs: Array<{ s: SocketRef; r: R; d: number }> = [];
  for (const s of sockets) {
    for (const r of byUrl.get(sameRequestUrl(s.url)) ?? []) {
      if (r.time < s.createdAt - MATCH_SLACK_MS || r.time > s.end + MATCH_SLACK_MS) continue;
      pairs.push({ s, r, d: Math.abs(r.time - s.createdAt) });
    }
  }
  pairs.sort((a, b) => a.d - b.d);
  const out = new Map<string, R>();
  const used = new Set<R>();
  for (const { s, r } of pairs) {
    if (out.has(s.key) || used.has(r)) continue;
    out.set(s.key, r);
    used.add(r);
  }
  return out;
}

/** A websocket entry of DevTools' HAR, reduced to what it can honestly tell. */
export interface HarSocketEntry {
  url: string;
  /** When the handshake request went out; null when the log has no real time (no request was sent). */
  startedAt: number | null;
  /** The log holds the handshake's request headers: a connection was made and the request sent. */
  requestSent: boolean;
  /** Its Sec-WebSocket-Protocol request header's items ([] without one), when the request was sent. */
  requestedProtocols?: string[];
}

/**
 * Chromium's log gives entries without a request no usable time, so entries are
 * paired with sockets by order, newest with newest, per URL: DevTools records from
 * when it opened, the hook from document start, so the newest ones are in both.
 * Any pair whose times disagree (a worker's socket the hook never saw shifts the
 * order) drops every pairing for that URL: no answer beats a wrong one.
 */
export function matchHarByOrder(sockets: readonly SocketRef[], entries: readonly HarSocketEntry[]): Map<string, HarSocketEntry> {
  const group = <T,>(xs: readonly T[], url: (x: T) => string) => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const k = sameRequestUrl(url(x));
      let list = m.get(k);
      if (!list) m.set(k, (list = []));
      list.push(x);
    }
    return m;
  };
  const socketsByUrl = group([...sockets].sort((a, b) => a.createdAt - b.createdAt), (s) => s.url);
  const entriesByUrl = group(entries, (e) => e.url);
  const out = new Map<string, HarSocketEntry>();
  for (const [url, socks] of socketsByUrl) {
    const es = entriesByUrl.get(url);
    if (!es) continue;
    const n = Math.min(socks.length, es.length);
    const pairs: Array<[SocketRef, HarSocketEntry]> = [];
    let consistent = true;
    for (let i = 1; i <= n; i++) {
      const s = socks[socks.length - i]!;
      const e = es[es.length - i]!;
      if (e.startedAt !== null && (e.startedAt < s.createdAt - MATCH_SLACK_MS || e.startedAt > s.end + MATCH_SLACK_MS)) consistent = false;
      pairs.push([s, e]);
    }
    if (consistent) for (const [s, e] of pairs) out.set(s.key, e);
  }
  return out;
}
