// Validation of the simulation commands a panel sends, and the browser rule an
// outage becomes. Pure (no browser API), so unit tests cover every rejection.
// The panel is our own page, but it renders hostile page data and a bug there must
// not become a way to act on another tab: every field is checked here again, and a
// command never names a tab (the port's registered tab is used).
import { MAX_OUTAGE_SECONDS, type PanelToBackground } from '../protocol/extension-messages';
import { MAX_URL_CHARS } from '../protocol/limits';
import { endpointKey } from '../diagnosis/reconnect';

export type SimulateCloseCommand = Extract<PanelToBackground, { t: 'simulate-close' }>;
export type SimulateOutageCommand = Extract<PanelToBackground, { t: 'simulate-outage' }>;
export type EndOutageCommand = Extract<PanelToBackground, { t: 'end-outage' }>;
export type Command = SimulateCloseCommand | SimulateOutageCommand | EndOutageCommand;

/** Document ids are crypto.randomUUID() strings made by the bridge. */
const DOC_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A regexFilter longer than this may not compile within the browsers' rule limits (RE2 memory in Chromium). */
const MAX_FILTER_CHARS = 1500;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isId = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

function exactKeys(o: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(o, k));
}

/** A command from a panel port, checked field by field; a fresh object is returned. */
export function parseCommand(raw: unknown, version: number): { ok: true; cmd: Command } | { ok: false; error: string; req?: number } {
  if (!isObj(raw) || raw.v !== version) return { ok: false, error: 'malformed' };
  const req = isId(raw.req, 0) ? raw.req : undefined;
  const bad = (error: string) => (req === undefined ? { ok: false as const, error } : { ok: false as const, error, req });
  if (req === undefined) return bad('malformed');
  switch (raw.t) {
    case 'simulate-close':
      if (!exactKeys(raw, ['v', 't', 'req', 'frameId', 'doc', 'sock'])) return bad('malformed');
      if (!isId(raw.frameId, 0) || typeof raw.doc !== 'string' || !DOC_ID.test(raw.doc) || !isId(raw.sock, 1)) return bad('malformed');
      return { ok: true, cmd: { v: version, t: 'simulate-close', req, frameId: raw.frameId, doc: raw.doc, sock: raw.sock } };
    case 'simulate-outage': {
      if (!exactKeys(raw, ['v', 't', 'req', 'frameId', 'doc', 'sock', 'url', 'seconds'])) return bad('malformed');
      if (!isId(raw.frameId, 0) || typeof raw.doc !== 'string' || !DOC_ID.test(raw.doc)) return bad('malformed');
      if (raw.sock !== null && !isId(raw.sock, 1)) return bad('malformed');
      if (!isId(raw.seconds, 1) || raw.seconds > MAX_OUTAGE_SECONDS) return bad('bad-seconds');
      if (typeof raw.url !== 'string' || raw.url.length > MAX_URL_CHARS || outageRule(raw.url) === null) return bad('bad-url');
      return {
        ok: true,
        cmd: { v: version, t: 'simulate-outage', req, frameId: raw.frameId, doc: raw.doc, sock: raw.sock as number | null, url: raw.url, seconds: raw.seconds },
      };
    }
    case 'end-outage':
      if (!exactKeys(raw, ['v', 't', 'req', 'endpoint']) || typeof raw.endpoint !== 'string' || raw.endpoint.length > MAX_URL_CHARS)
        return bad('malformed');
      return { ok: true, cmd: { v: version, t: 'end-outage', req, endpoint: raw.endpoint } };
    default:
      return bad('malformed');
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * What an outage of `url`'s endpoint blocks: WebSocket requests to the same origin
 * and path, with any query or fragment (reconnects often add a fresh token), as
 * endpointKey() groups them. Both spellings of the scheme are matched, because a
 * browser may show a WebSocket request to its rules as http(s).
 */
export function outageRule(url: string): { endpoint: string; regexFilter: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  let scheme: string;
  if (u.protocol === 'ws:' || u.protocol === 'http:') scheme = '(?:ws|http)';
  else if (u.protocol === 'wss:' || u.protocol === 'https:') scheme = '(?:wss|https)';
  else return null;
  if (!u.host) return null;
  const regexFilter = `^${scheme}://${escapeRegex(u.host)}${escapeRegex(u.pathname)}(?:[?#].*)?$`;
  if (regexFilter.length > MAX_FILTER_CHARS) return null;
  return { endpoint: endpointKey(url), regexFilter };
}
