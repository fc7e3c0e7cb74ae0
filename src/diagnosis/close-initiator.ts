// Decides who ended a WebSocket: the server, the page's own close(), the browser
// unloading the page, or a failure nobody chose. Close codes alone cannot tell: a
// 1001 may come from a server or from the browser, a 1006 from a drop or from the
// browser failing the connection, so the order of recorded events decides.

import type { CloseCallFact, ConnectionFacts } from './facts';
import { msg, type Msg } from './message';

export type Initiator = 'server' | 'page' | 'browser' | 'failure' | 'unknown';

export interface InitiatorFinding {
  initiator: Initiator;
  /** True when no event proves it and the verdict rests on circumstances (the browser case). */
  inferred: boolean;
  everOpened: boolean;
  /** The page close() that started the closing handshake. */
  call?: CloseCallFact;
  /** Likely causes, most likely first. */
  causes: Msg[];
  summary: Msg;
}

const CONNECTING = 0;
const OPEN = 1;
const NO_STATUS = 1005;
const ABNORMAL = 1006;
const GOING_AWAY = 1001;
/** Below this, silence before a drop is ordinary; above it, an idle timeout is the better guess. */
const IDLE_SUSPECT_MS = 30_000;
/** Long reasons would crowd the one-line summary in a ~550 px panel. */
const REASON_PREVIEW_CODE_POINTS = 40;

/**
 * The call as the developer would have written it. Code syntax, not prose, so it is
 * the same in every language; JSON quoting keeps quotes and lone surrogates visible.
 */
export function formatCloseCall(call: Pick<CloseCallFact, 'code' | 'reason'>): string {
  const args: string[] = [];
  if (call.code !== undefined) args.push(String(call.code));
  if (call.reason !== undefined) {
    if (call.code === undefined) args.push('undefined');
    args.push(JSON.stringify(preview(call.reason)));
  }
  return `ws.close(${args.join(', ')})`;
}

// Cut by code points so the preview never splits a surrogate pair itself.
function preview(text: string): string {
  const points = Array.from(text);
  return points.length > REASON_PREVIEW_CODE_POINTS
    ? `${points.slice(0, REASON_PREVIEW_CODE_POINTS).join('')}…`
    : text;
}

/** A close() call only starts the handshake when it did not throw and the socket was not already closing. */
function startedClosing(call: CloseCallFact): boolean {
  return call.threw === undefined && (call.readyState === CONNECTING || call.readyState === OPEN);
}

export function inferInitiator(c: ConnectionFacts): InitiatorFinding | undefined {
  const close = c.close;
  if (close === undefined && c.pageHiddenAt === undefined) return undefined;
  const everOpened = c.openedAt !== undefined;

  const call = c.closeCalls.find((k) => startedClosing(k) && (close === undefined || k.time <= close.time));
  if (call !== undefined && close !== undefined) {
    return { initiator: 'page', inferred: false, everOpened, call, causes: pageCauses(call, close.code), summary: msg('initiator_page', formatCloseCall(call)) };
  }

  const hidden = c.pageHiddenAt;
  if (hidden !== undefined && hidden >= c.createdAt) {
    // Chromium never delivers the unload close to the page's script, so silence after pagehide is the norm.
    if (close === undefined) {
      if (call !== undefined) {
        return { initiator: 'page', inferred: false, everOpened, call, causes: [], summary: msg('initiator_page', formatCloseCall(call)) };
      }
      return { initiator: 'browser', inferred: true, everOpened, causes: browserCauses(false), summary: msg('initiator_browser_unseen') };
    }
    if (close.code === GOING_AWAY && close.time >= hidden) {
      return { initiator: 'browser', inferred: true, everOpened, causes: browserCauses(true), summary: msg('initiator_browser_1001') };
    }
  }

  if (close === undefined) return { initiator: 'unknown', inferred: false, everOpened, causes: [], summary: msg('initiator_unknown') };

  // A close frame can only arrive on an open socket, so a close without open is always a failed connect.
  if (!everOpened) {
    return { initiator: 'failure', inferred: false, everOpened, causes: beforeOpenCauses(), summary: msg('initiator_failure_before_open') };
  }
  if (close.code === ABNORMAL) {
    const failed = c.errorAt !== undefined && c.errorAt <= close.time;
    return {
      initiator: 'failure',
      inferred: false,
      everOpened,
      causes: failed ? failedWhileOpenCauses(c, c.errorAt ?? close.time) : droppedCauses(c, close.time),
      summary: msg(failed ? 'initiator_failure_after_open' : 'initiator_failure_dropped'),
    };
  }

  const summary = close.reason === '' ? msg('initiator_server', close.code) : msg('initiator_server_reason', close.code, close.reason);
  return { initiator: 'server', inferred: false, everOpened, causes: serverCauses(c, close.time), summary };
}

function pageCauses(call: CloseCallFact, code: number): Msg[] {
  if (call.readyState === CONNECTING) return [msg('initiator_cause_close_while_connecting')];
  if (code === ABNORMAL) return [msg('initiator_cause_no_close_reply')];
  const expected = call.code ?? NO_STATUS;
  return code === expected ? [] : [msg('initiator_cause_code_differs', code, expected)];
}

function browserCauses(closeSeen: boolean): Msg[] {
  const causes = [msg('initiator_cause_page_unloaded')];
  if (!closeSeen) causes.push(msg('initiator_cause_close_unseen'), msg('initiator_cause_bfcache'));
  return causes;
}

function beforeOpenCauses(): Msg[] {
  return [
    msg('initiator_cause_server_unreachable'),
    msg('initiator_cause_wrong_url'),
    msg('initiator_cause_handshake_rejected'),
    msg('initiator_cause_tls_or_proxy'),
    msg('initiator_cause_blocked_by_page_policy'),
  ];
}

// Per the WHATWG spec an `error` on an open socket means the browser failed the
// connection (a protocol violation), not a plain drop; invalid UTF-8 is the usual one.
function failedWhileOpenCauses(c: ConnectionFacts, end: number): Msg[] {
  return [msg('initiator_cause_invalid_utf8_from_server'), ...droppedCauses(c, end), msg('initiator_cause_protocol_violation')];
}

function droppedCauses(c: ConnectionFacts, end: number): Msg[] {
  const idleMs = end - lastActivity(c);
  const dropped = msg('initiator_cause_dropped');
  return idleMs >= IDLE_SUSPECT_MS ? [msg('initiator_cause_idle_timeout', Math.round(idleMs / 1000)), dropped] : [dropped];
}

function lastActivity(c: ConnectionFacts): number {
  let last = c.openedAt ?? c.createdAt;
  for (const f of c.frames) if (!f.discarded && f.time > last) last = f.time;
  return last;
}

// A close() that threw left the socket open; naming it explains why the server, not the page, ended it.
function serverCauses(c: ConnectionFacts, closeTime: number): Msg[] {
  const threw = c.closeCalls.filter((k) => k.threw !== undefined && k.time <= closeTime).at(-1);
  return threw?.threw === undefined ? [] : [msg('initiator_cause_page_close_threw', formatCloseCall(threw), threw.threw.name)];
}
