// Finds the page's own mistakes with the WebSocket API (WHATWG rules): close() with
// a code or reason script may not use, send() before open, and send() after close,
// which the browser does not report at all.

import { utf8Length } from './outgoing-text';
import type { CloseCallFact, ConnectionFacts, FrameFact, SendErrorFact } from './facts';
import { formatCloseCall } from './close-initiator';
import { msg, type Msg } from './message';

export type MisuseKind =
  | 'close-code-not-allowed'
  | 'close-reason-too-long'
  | 'close-invalid-other'
  | 'send-while-connecting'
  | 'send-after-close'
  | 'send-other-error';

export interface Misuse {
  kind: MisuseKind;
  time: number;
  seq: number;
  title: Msg;
  detail: Msg[];
  fix: Msg;
  /** Seqs of the lost frames, for send-after-close. */
  frames?: number[];
}

const CONNECTING = 0;
const MAX_REASON_BYTES = 123;
const GOING_AWAY = 1001;
/** Codes that only report what happened and never travel in a close frame. */
const STATUS_ONLY = new Set([1005, 1006, 1015]);

export function findMisuse(c: ConnectionFacts): Misuse[] {
  const found: Misuse[] = [];
  for (const call of c.closeCalls) {
    const m = closeMisuse(call);
    if (m) found.push(m);
  }
  const connecting = c.sendErrors.filter(isConnectingError);
  if (connecting.length > 0) found.push(sendWhileConnecting(c, connecting));
  for (const e of c.sendErrors) if (!isConnectingError(e)) found.push(sendOtherError(e));
  for (const run of discardedRuns(c.frames)) found.push(sendAfterClose(c, run));
  return found.sort((a, b) => a.seq - b.seq || a.time - b.time);
}

export function isScriptCloseCode(code: number): boolean {
  return code === 1000 || (code >= 3000 && code <= 4999);
}

/** Bytes after the browser's USVString conversion: a lone surrogate becomes U+FFFD, 3 bytes. */
export { utf8Length as utf8ByteLength } from './outgoing-text';

// The exception name is the best evidence, but the hook may miss it, so the
// arguments are checked too, in the order the spec checks them (code, then reason).
function closeMisuse(call: CloseCallFact): Misuse | undefined {
  const name = call.threw?.name;
  const badCode = call.code !== undefined && Number.isInteger(call.code) && !isScriptCloseCode(call.code);
  const reasonBytes = call.reason === undefined ? 0 : utf8Length(call.reason);
  if (name === 'InvalidAccessError' || (badCode && name !== 'SyntaxError')) {
    return closeCodeNotAllowed(call, name ?? 'InvalidAccessError');
  }
  if (name === 'SyntaxError' || reasonBytes > MAX_REASON_BYTES) return closeReasonTooLong(call, name ?? 'SyntaxError', reasonBytes);
  if (call.threw !== undefined) return closeInvalidOther(call, call.threw);
  return undefined;
}

function closeCodeNotAllowed(call: CloseCallFact, error: string): Misuse {
  const code = call.code;
  const detail = [msg('misuse_close_code_rule')];
  if (code === GOING_AWAY) detail.push(msg('misuse_close_code_1001'));
  else if (code !== undefined && STATUS_ONLY.has(code)) detail.push(msg('misuse_close_code_status_only', code));
  else if (code !== undefined && code > 1000 && code < 3000) detail.push(msg('misuse_close_code_reserved', code));
  else if (code !== undefined) detail.push(msg('misuse_close_code_out_of_range', code));
  return {
    kind: 'close-code-not-allowed',
    time: call.time,
    seq: call.seq,
    title: msg('misuse_close_code_title', formatCloseCall(call), error),
    detail,
    fix: closeCodeFix(code),
  };
}

// Mirror the misused protocol code in the private range (1001 → 4001) so the
// meaning the page wanted stays recognisable.
function closeCodeFix(code: number | undefined): Msg {
  if (code === GOING_AWAY) return msg('misuse_fix_close_code_1001');
  if (code !== undefined && code > 1000 && code < 2000) return msg('misuse_fix_close_code', 4000 + (code - 1000), code);
  return msg('misuse_fix_close_code_generic');
}

function closeReasonTooLong(call: CloseCallFact, error: string, bytes: number): Misuse {
  const chars = call.reason === undefined ? 0 : Array.from(call.reason).length;
  let size: Msg;
  // The recorded reason may be capped, so a short record with a SyntaxError means the real one was longer.
  if (bytes <= MAX_REASON_BYTES) size = msg('misuse_close_reason_size_unknown');
  else if (chars === bytes) size = msg('misuse_close_reason_bytes', bytes);
  else size = msg('misuse_close_reason_bytes_chars', bytes, chars);
  return {
    kind: 'close-reason-too-long',
    time: call.time,
    seq: call.seq,
    title: msg('misuse_close_reason_title', error),
    detail: [size, msg('misuse_close_stayed_open')],
    fix: msg('misuse_fix_close_reason'),
  };
}

function closeInvalidOther(call: CloseCallFact, threw: { name: string; message: string }): Misuse {
  return {
    kind: 'close-invalid-other',
    time: call.time,
    seq: call.seq,
    title: msg('misuse_close_other_title', formatCloseCall(call), threw.name),
    detail: [msg('misuse_exception_message', threw.message)],
    fix: msg('misuse_fix_close_other'),
  };
}

function isConnectingError(e: SendErrorFact): boolean {
  return e.readyState === CONNECTING;
}

// A socket connects once, so every send() that threw while connecting belongs to one mistake.
function sendWhileConnecting(c: ConnectionFacts, errors: SendErrorFact[]): Misuse {
  const first = errors[0] as SendErrorFact;
  const detail = [msg('misuse_send_connecting_detail', errors.length, first.name, Math.round(first.time - c.createdAt))];
  if (c.openedAt !== undefined && c.openedAt >= first.time) {
    detail.push(msg('misuse_send_connecting_opened_later', Math.round(c.openedAt - first.time)));
  }
  return {
    kind: 'send-while-connecting',
    time: first.time,
    seq: first.seq,
    title: msg('misuse_send_connecting_title'),
    detail,
    fix: msg('misuse_fix_send_connecting'),
  };
}

function sendOtherError(e: SendErrorFact): Misuse {
  return {
    kind: 'send-other-error',
    time: e.time,
    seq: e.seq,
    title: msg('misuse_send_other_title', e.name),
    detail: [msg('misuse_exception_message', e.message), msg('misuse_send_other_state', e.readyState)],
    fix: msg('misuse_fix_send_other'),
  };
}

// Incoming frames may still arrive while CLOSING; they do not mean the page's
// sending recovered, so only an outgoing frame that went out ends a run.
function discardedRuns(frames: FrameFact[]): FrameFact[][] {
  const runs: FrameFact[][] = [];
  let run: FrameFact[] = [];
  for (const f of frames) {
    if (f.dir !== 'out') continue;
    if (f.discarded) {
      run.push(f);
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function sendAfterClose(c: ConnectionFacts, run: FrameFact[]): Misuse {
  const first = run[0] as FrameFact;
  const bytes = run.reduce((sum, f) => sum + f.size, 0);
  const detail = [msg('misuse_send_after_close_detail', run.length, bytes)];
  const call = c.closeCalls.find((k) => k.threw === undefined && k.time <= first.time);
  if (call !== undefined) {
    detail.push(msg('misuse_send_after_page_close', Math.round(first.time - call.time), formatCloseCall(call)));
  } else if (c.close !== undefined && c.close.time <= first.time) {
    detail.push(msg('misuse_send_after_closed', Math.round(first.time - c.close.time), c.close.code));
  }
  return {
    kind: 'send-after-close',
    time: first.time,
    seq: first.seq,
    title: msg('misuse_send_after_close_title'),
    detail,
    fix: msg('misuse_fix_send_after_close'),
    frames: run.map((f) => f.seq),
  };
}
