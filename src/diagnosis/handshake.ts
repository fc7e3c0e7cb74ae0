// Why a WebSocket failed before `open`, from what the browser's network stack
// reported (webRequest, and in Chromium DevTools' own network log). The page itself
// only ever sees `error` then 1006, whatever happened.
//
// What each browser tells an extension (measured, Firefox ESR 153 and Chromium 156):
// - Firefox: the handshake response's status line ("HTTP/1.1 403 Forbidden") and
//   NS_ERROR_… strings (NS_ERROR_CONNECTION_REFUSED, NS_ERROR_UNKNOWN_HOST, …).
// - Chromium: net::ERR_FAILED for nearly everything (403, 404, 500, refused, DNS,
//   TLS, a server that drops the connection), with no response stage; only a 401
//   shows its status line (the auth path reports headers). DevTools' HAR
//   (devtools.network.getHAR) holds a websocket entry with status 0 in every case,
//   but with the request headers only when a connection was made and the handshake
//   request went out: that splits "the server got the request and said no (or hung
//   up)" from "no connection at all", and no more.
// So a verdict carries a confidence, and a low one names every possible cause.
import type { HandshakeRecord } from '../protocol/extension-messages';
import { msg, type Msg } from './message';

export type Confidence = 'high' | 'medium' | 'low';

export type HandshakeKind =
  | 'rejected'
  | 'accepted-then-failed'
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'reset'
  | 'tls'
  | 'proxy'
  | 'blocked'
  | 'request-sent'
  | 'not-connected'
  | 'unknown';

export interface HandshakeFacts extends Partial<Pick<HandshakeRecord, 'statusCode' | 'statusLine' | 'error' | 'stages'>> {
  url: string;
  /** From DevTools' network log (Chromium): did the handshake request go out on a connection? undefined: not known. */
  requestSent?: boolean;
}

export interface HandshakeVerdict {
  kind: HandshakeKind;
  summary: Msg;
  /** What to check next, most useful first. */
  hints: Msg[];
  confidence: Confidence;
}

const SWITCHING_PROTOCOLS = 101;

/** host:port as the browser connected to it, default ports spelled out (people grep their configs for them). */
export function hostPort(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'wss:' || u.protocol === 'https:' ? '443' : '80');
    return `${u.hostname}:${port}`.slice(0, 300);
  } catch {
    return url.slice(0, 300);
  }
}

/** "403 Forbidden" from "HTTP/1.1 403 Forbidden"; the bare code when no line came. */
function statusText(f: HandshakeFacts): string {
  const line = f.statusLine?.replace(/^HTTP\/\d(?:\.\d)?\s+/i, '').trim();
  if (line && f.statusCode !== undefined && line.startsWith(String(f.statusCode))) return line.slice(0, 120);
  return String(f.statusCode);
}

function statusHints(code: number): Msg[] {
  if (code === 401 || code === 407) return [msg('handshake_hint_auth')];
  if (code === 403) return [msg('handshake_hint_forbidden')];
  if (code === 404) return [msg('handshake_hint_not_found')];
  if (code >= 300 && code < 400) return [msg('handshake_hint_redirect')];
  if (code >= 500) return [msg('handshake_hint_server_error')];
  if (code === 200 || code === 400 || code === 426) return [msg('handshake_hint_not_upgraded')];
  return [];
}

// Chromium's and Firefox's spellings of the same failures.
const FAMILIES: Array<[Exclude<HandshakeKind, 'rejected' | 'accepted-then-failed' | 'request-sent' | 'not-connected' | 'unknown'>, RegExp]> = [
  ['refused', /^(net::ERR_CONNECTION_REFUSED|NS_ERROR_CONNECTION_REFUSED)$/],
  ['dns', /^(net::ERR_NAME_NOT_RESOLVED|net::ERR_NAME_RESOLUTION_FAILED|NS_ERROR_UNKNOWN_HOST)$/],
  ['timeout', /^(net::ERR_CONNECTION_TIMED_OUT|net::ERR_TIMED_OUT|NS_ERROR_NET_TIMEOUT)$/],
  ['reset', /^(net::ERR_CONNECTION_RESET|net::ERR_CONNECTION_CLOSED|net::ERR_EMPTY_RESPONSE|NS_ERROR_NET_RESET|NS_ERROR_NET_INTERRUPT|NS_ERROR_NET_PARTIAL_TRANSFER)$/],
  ['tls', /^(net::ERR_SSL_|net::ERR_CERT_|SSL_ERROR_|SEC_ERROR_|MOZILLA_PKIX_ERROR_|NS_ERROR_NET_INADEQUATE_SECURITY)/],
  ['proxy', /^(net::ERR_PROXY_|net::ERR_TUNNEL_CONNECTION_FAILED|NS_ERROR_PROXY_|NS_ERROR_UNKNOWN_PROXY_HOST)/],
  ['blocked', /^(net::ERR_BLOCKED_BY_|NS_ERROR_BLOCKED_)/],
];

export function classifyHandshake(f: HandshakeFacts): HandshakeVerdict {
  const host = hostPort(f.url);
  const network = msg('handshake_hint_network_panel');
  if (f.statusCode !== undefined && f.statusCode !== SWITCHING_PROTOCOLS) {
    return { kind: 'rejected', summary: msg('handshake_rejected', statusText(f)), hints: statusHints(f.statusCode), confidence: 'high' };
  }
  if (f.statusCode === SWITCHING_PROTOCOLS) {
    return { kind: 'accepted-then-failed', summary: msg('handshake_accepted_then_failed'), hints: [network], confidence: 'high' };
  }
  const error = f.error ?? '';
  for (const [kind, re] of FAMILIES) {
    if (!re.test(error)) continue;
    return { kind, summary: msg('handshake_' + kind.replace(/-/g, '_'), host, error), hints: [], confidence: 'high' };
  }
  if (f.requestSent === true) return { kind: 'request-sent', summary: msg('handshake_request_sent', host), hints: [network], confidence: 'medium' };
  if (f.requestSent === false) return { kind: 'not-connected', summary: msg('handshake_not_connected', host), hints: [msg('handshake_hint_not_connected'), network], confidence: 'medium' };
  return {
    kind: 'unknown',
    summary: error ? msg('handshake_unknown_error', error) : msg('handshake_unknown'),
    hints: [msg('handshake_cause_rejected'), msg('handshake_cause_nothing_listens', host), msg('handshake_cause_network'), network],
    confidence: 'low',
  };
}
