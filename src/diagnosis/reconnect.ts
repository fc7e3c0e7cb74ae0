// Judges whether a page reconnects the way the 1001 advice says (exponential backoff
// with jitter, a cap, a reset after a healthy connection, no retry of data a server
// rejected), from nothing but the sockets it recorded. Sockets of one frame and one
// endpoint that follow each other form a chain; the delays between them are the
// evidence. Every number it judges by lives in reconnect-thresholds.ts.

import type { ConnectionFacts } from './facts';
import { msg, type Msg } from './message';
import {
  CAP_MIN_GAIN,
  CAP_MIN_PLATEAU,
  CLOCK_NOISE_MS,
  EXP_MIN_FACTOR,
  HEALTHY_MS,
  JITTER_MIN_REL,
  JITTER_MIN_SHARE,
  MAX_EVIDENCE_ITEMS,
  MAX_LISTED_DELAYS,
  MIN_DELAYS_FOR_PATTERN,
  NOT_RESET_MIN_GROWTH,
  OUTLIER_MAX_SHARE,
  OUTLIER_RATIO,
  RECONNECTABLE_CODES,
  RECONNECT_WINDOW_MS,
  RESEND_COMPARE_FRAMES,
  RESEND_PREVIEW_CHARS,
  STORM_MAX_MEDIAN_MS,
  STORM_MIN_ATTEMPTS,
  WINDOW_DELAY_MULTIPLE,
} from './reconnect-thresholds';

/**
 * One socket of a chain.
 * outcome: 'open' / 'connecting' while it lives; once ended, 'failed' if it never opened,
 * 'opened' if it stayed open at least HEALTHY_MS (a successful connection), 'closed' if it
 * opened but dropped sooner (for backoff purposes still a failed attempt).
 */
export interface ChainAttempt {
  id: string;
  createdAt: number;
  /** From the previous socket's end to this constructor call; absent on the first socket. */
  delayMs?: number;
  outcome: 'opened' | 'failed' | 'closed' | 'open' | 'connecting';
  /** open→close (or error), or open→now while open. */
  healthyMs?: number;
  closeCode?: number;
  url: string;
  openedAt?: number;
  /** Earliest of close event, error event and the page's own successful close() call. */
  endedAt?: number;
  /** The page's own close() that started closing this socket (it did not throw, socket was CONNECTING or OPEN). */
  closedByPage?: { code?: number; readyState: number };
  /** The page was hidden or unloaded while this socket lived: stopping is then the right thing. */
  pageWentAway: boolean;
  /** The first outgoing text frames, to recognise a resend of the same data. */
  firstOutgoing: Array<{ text: string; size: number }>;
}

export type VerdictKind =
  | 'exponential'
  | 'fixed'
  | 'storm'
  | 'no-reconnect'
  | 'gave-up'
  | 'not-reset'
  | 'reconnect-after-normal-close'
  | 'resend-after-1007'
  | 'waiting'
  | 'single-reconnect'
  | 'irregular';

export interface Verdict {
  kind: VerdictKind;
  /** true good, false bad, null undecided / not a judgement. */
  good: boolean | null;
  summary: Msg;
  evidence: Msg[];
  factor?: number;
  firstDelayMs?: number;
  capMs?: number;
  /** Absent when the delays cannot tell (too few of them grew before the cap). */
  jitter?: boolean;
  attempts?: number;
}

export interface Chain {
  key: string;
  frameKey: string;
  endpoint: string;
  /** Another chain to the same endpoint in the same frame had a socket open at the same time. */
  parallel: boolean;
  matchedBy: Msg;
  attempts: ChainAttempt[];
  verdicts: Verdict[];
}

/** What a series of delays (between failures, without a healthy connection in between) looks like. */
export type DelayPattern =
  | { kind: 'storm'; medianMs: number }
  | { kind: 'few' }
  | { kind: 'irregular' }
  | { kind: 'fixed'; delayMs: number; jitter: boolean }
  /** jitter is absent when too few delays grew to tell (a curve through two points fits them exactly). */
  | { kind: 'exponential'; factor: number; firstDelayMs: number; capMs?: number; jitter?: boolean };

const CONNECTING = 0;
const OPEN = 1;
const NORMAL_CLOSURE = 1000;
const INVALID_PAYLOAD = 1007;
/** What the page sees when a socket errors without a recorded close. */
const ABNORMAL = 1006;

// ---------------------------------------------------------------- formatting

/** Seconds with one decimal, the one format every reconnect message uses. */
export function formatSeconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(1);
}

export function formatFactor(factor: number): string {
  return factor.toFixed(1);
}

function formatMs(ms: number): string {
  return String(Math.round(Math.max(0, ms)));
}

/** Unit-less list for message substitutions; the unit stays in the localised text. */
function formatDelayList(delays: readonly number[]): string {
  const shown = delays.slice(0, MAX_LISTED_DELAYS).map(formatSeconds).join(', ');
  return delays.length > MAX_LISTED_DELAYS ? `${shown}, …` : shown;
}

/** The delay before each reconnect of the chain, e.g. "0.5 s, 1.1 s, 1.9 s". */
export function formatAttemptTimes(chain: Chain): string {
  return chain.attempts
    .flatMap((a) => (a.delayMs === undefined ? [] : [`${formatSeconds(a.delayMs)} s`]))
    .join(', ');
}

// Cut by code points so the preview never splits a surrogate pair itself.
function preview(text: string): string {
  const points = Array.from(text);
  return points.length > RESEND_PREVIEW_CHARS ? `${points.slice(0, RESEND_PREVIEW_CHARS).join('')}…` : text;
}

// ---------------------------------------------------------------- chains

/** endpointKey's answers by URL: it is asked for every socket on every panel render, and parsing each URL once matters. */
const endpoints = new Map<string, string>();

/** Origin + path: reconnects often carry a fresh token or timestamp in the query. */
export function endpointKey(url: string): string {
  let key = endpoints.get(url);
  if (key !== undefined) return key;
  try {
    const u = new URL(url);
    key = `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    key = url.split(/[?#]/, 1)[0] ?? url;
  }
  if (endpoints.size >= 1000) endpoints.clear();
  endpoints.set(url, key);
  return key;
}

function isHealthy(a: ChainAttempt): boolean {
  return (a.healthyMs ?? 0) >= HEALTHY_MS;
}

function toAttempt(c: ConnectionFacts, now: number): ChainAttempt {
  const closeTime = c.close?.time;
  const failedAt = closeTime ?? c.errorAt;
  const pageCall = c.closeCalls.find(
    (call) =>
      call.threw === undefined &&
      (call.readyState === CONNECTING || call.readyState === OPEN) &&
      (closeTime === undefined || call.time <= closeTime),
  );
  const ends = [closeTime, c.errorAt, pageCall?.time].filter((t): t is number => t !== undefined);
  const endedAt = failedAt === undefined && pageCall === undefined ? undefined : Math.min(...ends);

  let outcome: ChainAttempt['outcome'];
  let healthyMs: number | undefined;
  if (c.openedAt !== undefined) healthyMs = Math.max(0, (failedAt ?? now) - c.openedAt);
  if (failedAt === undefined) outcome = c.openedAt === undefined ? 'connecting' : 'open';
  else if (c.openedAt === undefined) outcome = 'failed';
  else outcome = (healthyMs ?? 0) >= HEALTHY_MS ? 'opened' : 'closed';

  const firstOutgoing = c.frames
    .filter((f) => f.dir === 'out' && !f.binary && f.text !== undefined)
    .slice(0, RESEND_COMPARE_FRAMES)
    .map((f) => ({ text: f.text ?? '', size: f.size }));

  const attempt: ChainAttempt = {
    id: c.id,
    createdAt: c.createdAt,
    outcome,
    url: c.url,
    pageWentAway: c.pageHiddenAt !== undefined,
    firstOutgoing,
  };
  if (healthyMs !== undefined) attempt.healthyMs = healthyMs;
  if (c.close !== undefined) attempt.closeCode = c.close.code;
  if (c.openedAt !== undefined) attempt.openedAt = c.openedAt;
  if (endedAt !== undefined) attempt.endedAt = endedAt;
  if (pageCall !== undefined) {
    attempt.closedByPage = { readyState: pageCall.readyState };
    if (pageCall.code !== undefined) attempt.closedByPage.code = pageCall.code;
  }
  return attempt;
}

function matchedByFor(chain: Pick<Chain, 'parallel' | 'attempts'>): Msg {
  if (chain.parallel) return msg('reconnect_matched_parallel');
  const n = chain.attempts.length;
  if (n < 2) return msg('reconnect_matched_single');
  const sameUrl = chain.attempts.every((a) => a.url === chain.attempts[0]?.url);
  return msg(sameUrl ? 'reconnect_matched_same_url' : 'reconnect_matched_query_differs', n);
}

/**
 * Groups sockets by frame and endpoint; within a group a socket continues the chain whose
 * last socket ended most recently before it was created. A socket created while every
 * chain of its group still has a live socket starts a chain of its own (a parallel connection).
 */
export function buildChains(conns: ConnectionFacts[], now: number): Chain[] {
  const groups = new Map<string, ConnectionFacts[]>();
  for (const c of conns) {
    const g = `${c.frameKey}\u0000${endpointKey(c.url)}`;
    const list = groups.get(g);
    if (list) list.push(c);
    else groups.set(g, [c]);
  }

  const chains: Chain[] = [];
  for (const list of groups.values()) {
    const sorted = [...list].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const open: Chain[] = [];
    for (const c of sorted) {
      const attempt = toAttempt(c, now);
      let best: Chain | undefined;
      let bestEnd = -Infinity;
      for (const chain of open) {
        const end = chain.attempts[chain.attempts.length - 1]?.endedAt;
        if (end !== undefined && end <= c.createdAt && end > bestEnd) {
          best = chain;
          bestEnd = end;
        }
      }
      if (best) {
        attempt.delayMs = c.createdAt - bestEnd;
        best.attempts.push(attempt);
        continue;
      }
      const endpoint = endpointKey(c.url);
      const chain: Chain = {
        key: `${c.frameKey} ${endpoint} ${c.id}`,
        frameKey: c.frameKey,
        endpoint,
        parallel: open.length > 0,
        matchedBy: msg('reconnect_matched_single'),
        attempts: [attempt],
        verdicts: [],
      };
      // No chain could take this socket, so each of them still had a live socket at this moment.
      for (const other of open) other.parallel = true;
      open.push(chain);
    }
    chains.push(...open);
  }

  for (const chain of chains) {
    chain.matchedBy = matchedByFor(chain);
    chain.verdicts = analyzeChain(chain, now);
  }
  return chains.sort((a, b) => (a.attempts[0]?.createdAt ?? 0) - (b.attempts[0]?.createdAt ?? 0));
}

// ---------------------------------------------------------------- delay fitting

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  if (s.length === 0) return 0;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** log(delay) = logBase + slope·i, i.e. delay = base · factor^i. */
interface Curve {
  logBase: number;
  slope: number;
}

function logOf(ms: number): number {
  return Math.log(Math.max(ms, 1));
}

/** Theil–Sen: median of pairwise slopes, so a few jittered or odd delays cannot tilt the fit. */
function fitCurve(logs: readonly number[]): Curve {
  const slopes: number[] = [];
  for (let i = 0; i < logs.length; i++)
    for (let j = i + 1; j < logs.length; j++) slopes.push(((logs[j] ?? 0) - (logs[i] ?? 0)) / (j - i));
  const slope = median(slopes);
  return { slope, logBase: median(logs.map((y, i) => y - slope * i)) };
}

function valueAt(curve: Curve, i: number): number {
  return Math.exp(curve.logBase + curve.slope * i);
}

/** Distance on a log scale, softened near zero so a few ms of clock noise on tiny delays does not count. */
function logDistance(a: number, b: number): number {
  return Math.abs(Math.log((a + CLOCK_NOISE_MS) / (b + CLOCK_NOISE_MS)));
}

function misfit(delays: readonly number[], model: readonly number[]): number {
  return delays.reduce((sum, d, i) => sum + logDistance(d, model[i] ?? d), 0);
}

function outlierShare(delays: readonly number[], model: readonly number[]): number {
  const limit = Math.log(OUTLIER_RATIO);
  return delays.filter((d, i) => logDistance(d, model[i] ?? d) > limit).length / delays.length;
}

function hasJitter(delays: readonly number[], model: readonly number[]): boolean {
  const straying = delays.filter((d, i) => {
    const m = model[i] ?? d;
    return Math.abs(d - m) > Math.max(CLOCK_NOISE_MS, JITTER_MIN_REL * m);
  }).length;
  return straying > 0 && straying >= Math.ceil(delays.length * JITTER_MIN_SHARE);
}

interface Candidate {
  model: number[];
  misfit: number;
  factor: number;
  capMs?: number;
  /** Index of the first delay on the cap. */
  capSplit?: number;
}

/** Best curve-then-plateau split: growth by a steady factor, then delays held at a cap. */
function bestCapped(delays: readonly number[], logs: readonly number[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (let k = 2; delays.length - k >= CAP_MIN_PLATEAU; k++) {
    const growth = fitCurve(logs.slice(0, k));
    const factor = Math.exp(growth.slope);
    if (factor < EXP_MIN_FACTOR) continue;
    const cap = median(delays.slice(k));
    // A cap cuts the curve between its last uncapped step and the next one (give or take jitter).
    if (cap > valueAt(growth, k) * OUTLIER_RATIO || cap < valueAt(growth, k - 1) / OUTLIER_RATIO) continue;
    const model = delays.map((_, i) => (i < k ? valueAt(growth, i) : cap));
    const m = misfit(delays, model);
    if (!best || m < best.misfit) best = { model, misfit: m, factor, capMs: cap, capSplit: k };
  }
  return best;
}

/** Classifies one series of retry delays (ms), in order. */
export function classifyDelays(delays: readonly number[]): DelayPattern {
  const med = median(delays);
  if (delays.length >= STORM_MIN_ATTEMPTS && med < STORM_MAX_MEDIAN_MS) return { kind: 'storm', medianMs: med };
  if (delays.length < MIN_DELAYS_FOR_PATTERN) return { kind: 'few' };

  const logs = delays.map(logOf);
  const curve = fitCurve(logs);
  const factor = Math.exp(curve.slope);
  let chosen: Candidate;
  if (factor >= EXP_MIN_FACTOR) {
    const model = delays.map((_, i) => valueAt(curve, i));
    chosen = { model, misfit: misfit(delays, model), factor };
  } else {
    const model = delays.map(() => med);
    chosen = { model, misfit: misfit(delays, model), factor: 1 };
  }
  const capped = bestCapped(delays, logs);
  if (capped && capped.misfit < CAP_MIN_GAIN * chosen.misfit) chosen = capped;

  if (outlierShare(delays, chosen.model) > OUTLIER_MAX_SHARE) return { kind: 'irregular' };
  // Libraries that clamp after jittering sit exactly on the cap, so growth and plateau are judged apart.
  // A curve fitted to two points passes through both, so two growing delays cannot show jitter.
  const split = chosen.capSplit ?? delays.length;
  const growthJitter = hasJitter(delays.slice(0, split), chosen.model.slice(0, split));
  const capJitter = split < delays.length && hasJitter(delays.slice(split), chosen.model.slice(split));
  const jitter = growthJitter || capJitter ? true : split >= MIN_DELAYS_FOR_PATTERN ? false : undefined;
  if (chosen.factor >= EXP_MIN_FACTOR) {
    const result: DelayPattern = { kind: 'exponential', factor: chosen.factor, firstDelayMs: delays[0] ?? 0 };
    if (jitter !== undefined) result.jitter = jitter;
    if (chosen.capMs !== undefined) result.capMs = chosen.capMs;
    return result;
  }
  // A shrinking series is no backoff policy anyone wrote on purpose.
  if (factor <= 1 / EXP_MIN_FACTOR) return { kind: 'irregular' };
  return { kind: 'fixed', delayMs: med, jitter: jitter ?? false };
}

// ---------------------------------------------------------------- verdicts

/** Retries in a row: a healthy connection ends a series, because a good client then starts over. */
interface Run {
  /** Index of the attempt the first delay leads to. */
  start: number;
  delays: number[];
}

function runsOf(attempts: readonly ChainAttempt[]): Run[] {
  const runs: Run[] = [];
  for (let i = 1; i < attempts.length; i++) {
    const prev = attempts[i - 1];
    const delay = attempts[i]?.delayMs;
    if (prev === undefined || delay === undefined) continue;
    const current = runs[runs.length - 1];
    if (current === undefined || isHealthy(prev)) runs.push({ start: i, delays: [delay] });
    else current.delays.push(delay);
  }
  return runs;
}

function backoffVerdicts(attempts: readonly ChainAttempt[], runs: readonly Run[]): Verdict[] {
  const verdicts: Verdict[] = [];
  const classified = runs.map((run) => ({ run, pattern: classifyDelays(run.delays) }));

  let storm: { run: Run; medianMs: number } | undefined;
  for (const { run, pattern } of classified)
    if (pattern.kind === 'storm' && (!storm || run.delays.length > storm.run.delays.length))
      storm = { run, medianMs: pattern.medianMs };
  if (storm) {
    const first = attempts[storm.run.start - 1];
    const last = attempts[storm.run.start + storm.run.delays.length - 1];
    const sockets = storm.run.delays.length + 1;
    verdicts.push({
      kind: 'storm',
      good: false,
      summary: msg('reconnect_storm_summary', storm.run.delays.length, formatMs(storm.medianMs)),
      evidence: [
        msg('reconnect_storm_span', sockets, formatSeconds((last?.createdAt ?? 0) - (first?.createdAt ?? 0))),
        msg('reconnect_storm_advice'),
      ],
      attempts: storm.run.delays.length,
    });
  }

  // The longest judged series speaks for the chain; later ones win ties as the newer behaviour.
  let judged: { run: Run; pattern: DelayPattern } | undefined;
  for (const entry of classified) {
    const k = entry.pattern.kind;
    if (k === 'storm' || k === 'few') continue;
    if (!judged || entry.run.delays.length >= judged.run.delays.length) judged = entry;
  }

  if (judged) {
    const { run, pattern } = judged;
    const times = formatDelayList(run.delays);
    const n = run.delays.length;
    if (pattern.kind === 'exponential') {
      const evidence = [msg('reconnect_exponential_first', formatSeconds(pattern.firstDelayMs), formatFactor(pattern.factor))];
      if (pattern.capMs !== undefined) evidence.push(msg('reconnect_exponential_cap', formatSeconds(pattern.capMs)));
      if (pattern.jitter !== undefined)
        evidence.push(msg(pattern.jitter ? 'reconnect_exponential_jitter' : 'reconnect_exponential_no_jitter'));
      const v: Verdict = {
        kind: 'exponential',
        good: true,
        summary: msg(
          pattern.jitter ? 'reconnect_exponential_jitter_summary' : 'reconnect_exponential_summary',
          times,
          formatFactor(pattern.factor),
        ),
        evidence,
        factor: pattern.factor,
        firstDelayMs: pattern.firstDelayMs,
        attempts: n,
      };
      if (pattern.jitter !== undefined) v.jitter = pattern.jitter;
      if (pattern.capMs !== undefined) v.capMs = pattern.capMs;
      verdicts.push(v);
    } else if (pattern.kind === 'fixed') {
      verdicts.push({
        kind: 'fixed',
        good: false,
        summary:
          pattern.delayMs < STORM_MAX_MEDIAN_MS
            ? msg('reconnect_fixed_immediate_summary', n, formatMs(pattern.delayMs))
            : msg('reconnect_fixed_summary', formatSeconds(pattern.delayMs), times),
        evidence: [msg('reconnect_fixed_advice')],
        factor: 1,
        firstDelayMs: run.delays[0] ?? 0,
        jitter: pattern.jitter,
        attempts: n,
      });
    } else {
      verdicts.push({ kind: 'irregular', good: null, summary: msg('reconnect_irregular_summary', times), evidence: [], attempts: n });
    }
  } else if (!storm) {
    const delays = runs.flatMap((r) => r.delays);
    const only = delays[0];
    if (delays.length === 1 && only !== undefined) {
      verdicts.push({
        kind: 'single-reconnect',
        good: null,
        summary: msg('reconnect_single_summary', formatSeconds(only)),
        evidence: [],
        firstDelayMs: only,
        attempts: 1,
      });
    } else if (delays.length > 1) {
      verdicts.push({
        kind: 'irregular',
        good: null,
        summary: msg('reconnect_few_summary', formatDelayList(delays)),
        evidence: [],
        attempts: delays.length,
      });
    }
  }
  return verdicts;
}

function notResetVerdict(attempts: readonly ChainAttempt[], runs: readonly Run[]): Verdict | undefined {
  for (let k = 0; k + 1 < runs.length; k++) {
    const prev = runs[k];
    const next = runs[k + 1];
    if (!prev || !next || prev.delays.length < 2) continue;
    const first = prev.delays[0] ?? 0;
    const last = prev.delays[prev.delays.length - 1] ?? 0;
    const restart = next.delays[0] ?? 0;
    if (last < first * NOT_RESET_MIN_GROWTH) continue;
    // Closer (on a log scale) to where the delays had grown than to where they began.
    if (restart < Math.sqrt(Math.max(first, 1) * last)) continue;
    const healthy = attempts[next.start - 1]?.healthyMs ?? 0;
    return {
      kind: 'not-reset',
      good: false,
      summary: msg('reconnect_not_reset_summary', formatSeconds(healthy), formatSeconds(restart)),
      evidence: [msg('reconnect_not_reset_evidence', formatSeconds(first), formatSeconds(last))],
      firstDelayMs: first,
    };
  }
  return undefined;
}

function afterNormalCloseVerdict(attempts: readonly ChainAttempt[]): Verdict | undefined {
  const evidence: Msg[] = [];
  let count = 0;
  for (let i = 0; i + 1 < attempts.length; i++) {
    const call = attempts[i]?.closedByPage;
    // close() on a CONNECTING socket is a connect timeout giving up on one attempt: retrying is the point.
    if (!call || call.readyState !== OPEN || (call.code !== undefined && call.code !== NORMAL_CLOSURE)) continue;
    count++;
    if (evidence.length >= MAX_EVIDENCE_ITEMS) continue;
    const delay = formatSeconds(attempts[i + 1]?.delayMs ?? 0);
    evidence.push(
      call.code === undefined
        ? msg('reconnect_after_normal_close_nocode', delay)
        : msg('reconnect_after_normal_close_code', call.code, delay),
    );
  }
  if (count === 0) return undefined;
  evidence.push(msg('reconnect_after_normal_close_advice'));
  return {
    kind: 'reconnect-after-normal-close',
    good: false,
    summary: msg('reconnect_after_normal_close_summary', count),
    evidence,
    attempts: count,
  };
}

function sameOutgoing(a: ChainAttempt, b: ChainAttempt): boolean {
  const n = Math.min(a.firstOutgoing.length, b.firstOutgoing.length);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const x = a.firstOutgoing[i];
    const y = b.firstOutgoing[i];
    if (!x || !y || x.text !== y.text || x.size !== y.size) return false;
  }
  return true;
}

function resend1007Verdict(attempts: readonly ChainAttempt[]): Verdict | undefined {
  let best: { from: number; sockets: number } | undefined;
  let from = -1;
  let sockets = 0;
  for (let i = 0; i + 1 < attempts.length; i++) {
    const a = attempts[i];
    const b = attempts[i + 1];
    if (a && b && a.closeCode === INVALID_PAYLOAD && b.closeCode === INVALID_PAYLOAD && sameOutgoing(a, b)) {
      if (sockets === 0) {
        from = i;
        sockets = 1;
      }
      sockets++;
      if (!best || sockets > best.sockets) best = { from, sockets };
    } else {
      sockets = 0;
    }
  }
  if (!best) return undefined;
  const text = attempts[best.from]?.firstOutgoing[0]?.text ?? '';
  return {
    kind: 'resend-after-1007',
    good: false,
    summary: msg('reconnect_resend_1007_summary', best.sockets),
    evidence: [msg('reconnect_resend_1007_payload', preview(text)), msg('reconnect_resend_1007_advice')],
    attempts: best.sockets,
  };
}

function endVerdict(attempts: readonly ChainAttempt[], runs: readonly Run[], now: number): Verdict | undefined {
  const last = attempts[attempts.length - 1];
  if (!last || last.endedAt === undefined || last.closedByPage || last.pageWentAway) return undefined;
  if (last.outcome === 'open' || last.outcome === 'connecting') return undefined;
  const code = last.closeCode ?? ABNORMAL;
  if (!RECONNECTABLE_CODES.includes(code)) return undefined;

  const longest = Math.max(0, ...attempts.map((a) => a.delayMs ?? 0));
  const window = Math.max(RECONNECT_WINDOW_MS, WINDOW_DELAY_MULTIPLE * longest);
  const elapsed = now - last.endedAt;
  if (elapsed < window)
    return { kind: 'waiting', good: null, summary: msg('reconnect_waiting_summary', formatSeconds(elapsed), code), evidence: [] };

  if (attempts.length >= 2 && !isHealthy(last)) {
    const retries = runs[runs.length - 1]?.delays.length ?? 0;
    return {
      kind: 'gave-up',
      good: false,
      summary: msg('reconnect_gave_up_summary', retries, formatSeconds(elapsed)),
      evidence: [msg('reconnect_gave_up_last_code', code), msg('reconnect_gave_up_advice')],
      attempts: retries,
    };
  }
  return {
    kind: 'no-reconnect',
    good: false,
    summary: msg('reconnect_no_reconnect_summary', formatSeconds(elapsed), code),
    evidence: [msg('reconnect_no_reconnect_why', code)],
    attempts: attempts.length,
  };
}

/** Most urgent first, so a panel can headline verdicts[0]. */
const ORDER: readonly VerdictKind[] = [
  'storm',
  'resend-after-1007',
  'no-reconnect',
  'gave-up',
  'reconnect-after-normal-close',
  'not-reset',
  'fixed',
  'exponential',
  'irregular',
  'single-reconnect',
  'waiting',
];

export function analyzeChain(chain: Chain, now: number): Verdict[] {
  const { attempts } = chain;
  const runs = runsOf(attempts);
  const verdicts = [
    ...backoffVerdicts(attempts, runs),
    notResetVerdict(attempts, runs),
    afterNormalCloseVerdict(attempts),
    resend1007Verdict(attempts),
    endVerdict(attempts, runs, now),
  ].filter((v): v is Verdict => v !== undefined);
  return verdicts.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}
