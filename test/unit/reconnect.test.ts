import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConnectionFacts, FrameFact } from '../../src/diagnosis/facts';
import type { Msg } from '../../src/diagnosis/message';
import {
  buildChains,
  classifyDelays,
  endpointKey,
  formatAttemptTimes,
  type Chain,
  type Verdict,
  type VerdictKind,
} from '../../src/diagnosis/reconnect';
import { HEALTHY_MS, RECONNECT_WINDOW_MS } from '../../src/diagnosis/reconnect-thresholds';

// ---------------------------------------------------------------- locale fragments

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Fragment = Record<string, Entry>;

function loadFragment(lang: string): Fragment {
  const path = fileURLToPath(new URL(`../../extension/_locales/${lang}/reconnect.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Fragment;
}
const fragments = { en: loadFragment('en'), ru: loadFragment('ru') };

/** Resolves a Msg the way browser.i18n does for named placeholders, and checks the subs fit. */
function render(m: Msg, lang: 'en' | 'ru'): string {
  const entry = fragments[lang][m.key];
  if (!entry) throw new Error(`missing ${lang} key ${m.key}`);
  const subs = m.subs ?? [];
  const positions = Object.values(entry.placeholders ?? {}).map((p) => Number(/^\$(\d)$/.exec(p.content)?.[1]));
  const expected = positions.length ? Math.max(...positions) : 0;
  if (expected !== subs.length) throw new Error(`${m.key}: ${subs.length} subs for ${expected} placeholders`);
  const text = entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
    const ph = entry.placeholders?.[name.toLowerCase()];
    if (!ph) throw new Error(`${m.key}: unknown placeholder ${name}`);
    const n = Number(ph.content.slice(1));
    const sub = subs[n - 1];
    if (sub === undefined) throw new Error(`${m.key}: no sub ${n}`);
    return sub;
  });
  if (/\$[A-Za-z0-9_]+\$/.test(text)) throw new Error(`${m.key}: unresolved placeholder`);
  return text;
}

const emittedKeys = new Set<string>();
function track(chains: Chain[]): Chain[] {
  for (const c of chains) {
    const all: Msg[] = [c.matchedBy, ...c.verdicts.flatMap((v) => [v.summary, ...v.evidence])];
    for (const m of all) {
      emittedKeys.add(m.key);
      render(m, 'en');
      render(m, 'ru');
    }
  }
  return chains;
}

// ---------------------------------------------------------------- timeline factories

const T0 = 1_700_000_000_000;
const URL_A = 'wss://api.example.com/live?token=abc';
const FAIL_MS = 30;
const OPEN_MS = 40;
let nextId = 0;

function sock(p: Partial<ConnectionFacts> & { createdAt: number }): ConnectionFacts {
  return {
    id: `s${++nextId}`,
    url: URL_A,
    frameKey: 'frame-1',
    requestedProtocols: [],
    closeCalls: [],
    sendErrors: [],
    frames: [],
    ...p,
  };
}

/** A connection attempt that never opens: error, then 1006. */
function failed(t: number, extra: Partial<ConnectionFacts> = {}): ConnectionFacts {
  return sock({ createdAt: t, errorAt: t + FAIL_MS, close: { time: t + FAIL_MS, code: 1006, reason: '', wasClean: false }, ...extra });
}

/** Opens, stays up for `upMs`, then the server closes it with `code` (or it stays open if code is null). */
function session(t: number, upMs: number, code: number | null = 1001, extra: Partial<ConnectionFacts> = {}): ConnectionFacts {
  const c = sock({ createdAt: t, openedAt: t + OPEN_MS, ...extra });
  if (code !== null) c.close = { time: t + OPEN_MS + upMs, code, reason: '', wasClean: code !== 1006 };
  return c;
}

function endOf(c: ConnectionFacts): number {
  return c.close?.time ?? c.errorAt ?? c.createdAt;
}

interface Series {
  conns: ConnectionFacts[];
  /** End of the last socket (or its creation if still alive). */
  end: number;
}

/** A healthy connection dropped with `code`, then retries after `delays`; the last retry opens and stays open unless told otherwise. */
function retrySeries(delays: number[], opts: { lastOpens?: boolean; code?: number; start?: number } = {}): Series {
  const first = session(opts.start ?? T0, 60_000, opts.code ?? 1001);
  const conns = [first];
  let end = endOf(first);
  delays.forEach((d, i) => {
    const t = end + d;
    const last = i === delays.length - 1;
    const c = last && (opts.lastOpens ?? true) ? session(t, 0, null) : failed(t);
    conns.push(c);
    end = c.close ? endOf(c) : t;
  });
  return { conns, end };
}

function analyze(conns: ConnectionFacts[], now: number): Chain[] {
  return track(buildChains(conns, now));
}

function only(chains: Chain[]): Chain {
  expect(chains).toHaveLength(1);
  const c = chains[0];
  if (!c) throw new Error('no chain');
  return c;
}

function verdict(chain: Chain, kind: VerdictKind): Verdict {
  const v = chain.verdicts.find((x) => x.kind === kind);
  if (!v) throw new Error(`no ${kind} verdict in ${chain.verdicts.map((x) => x.kind).join(', ')}`);
  return v;
}

function kinds(chain: Chain): VerdictKind[] {
  return chain.verdicts.map((v) => v.kind);
}

function outText(text: string, seq: number, time: number): FrameFact {
  return { seq, dir: 'out', binary: false, size: new TextEncoder().encode(text).length, time, text, textComplete: true };
}

// ---------------------------------------------------------------- endpoints and chaining

describe('endpointKey', () => {
  it('keeps origin and path, drops query and fragment', () => {
    expect(endpointKey('wss://api.example.com/live?token=abc#x')).toBe('wss://api.example.com/live');
    expect(endpointKey('wss://API.example.com:443/live?t=1')).toBe('wss://api.example.com/live');
    expect(endpointKey('ws://localhost:8080/a/b?x')).toBe('ws://localhost:8080/a/b');
    expect(endpointKey('wss://api.example.com/live')).not.toBe(endpointKey('wss://api.example.com/other'));
  });

  it('does not throw on garbage and falls back to the raw text', () => {
    for (const junk of ['', 'not a url', '::::', 'wss://[bad', '\uD800', '?only=query', '%%%']) {
      expect(() => endpointKey(junk)).not.toThrow();
    }
    expect(endpointKey('not a url')).toBe('not a url');
    expect(endpointKey('/relative/path?token=1')).toBe('/relative/path');
    expect(endpointKey('')).toBe('');
  });
});

describe('buildChains grouping', () => {
  it('chains sockets whose query strings carry fresh tokens', () => {
    const a = session(T0, 20_000, 1001, { url: 'wss://api.example.com/live?token=one' });
    const b = session(endOf(a) + 700, 0, null, { url: 'wss://api.example.com/live?token=two&ts=99' });
    const chain = only(analyze([b, a], endOf(a) + 5_000));
    expect(chain.attempts.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(chain.matchedBy).toEqual({ key: 'reconnect_matched_query_differs', subs: ['2'] });
    expect(chain.attempts[1]?.delayMs).toBe(700);
  });

  it('says so when the URLs are identical', () => {
    const s = retrySeries([600]);
    expect(only(analyze(s.conns, s.end + 1000)).matchedBy).toEqual({ key: 'reconnect_matched_same_url', subs: ['2'] });
  });

  it('does not chain different paths, origins or frames', () => {
    const a = session(T0, 20_000);
    const t = endOf(a) + 500;
    const others = [
      session(t, 0, null, { url: 'wss://api.example.com/other?token=abc' }),
      session(t + 1, 0, null, { url: 'wss://cdn.example.com/live?token=abc' }),
      session(t + 2, 0, null, { url: 'ws://api.example.com/live?token=abc' }),
      session(t + 3, 0, null, { frameKey: 'frame-2' }),
    ];
    const chains = analyze([a, ...others], t + 10_000);
    expect(chains).toHaveLength(5);
    for (const c of chains) {
      expect(c.attempts).toHaveLength(1);
      expect(c.matchedBy.key).toBe('reconnect_matched_single');
    }
  });

  it('keeps two sockets to one endpoint that are open at once apart, and says so', () => {
    const a = session(T0, 0, null);
    const b = session(T0 + 200, 0, null);
    const chains = analyze([a, b], T0 + 5_000);
    expect(chains).toHaveLength(2);
    for (const c of chains) {
      expect(c.parallel).toBe(true);
      expect(c.matchedBy.key).toBe('reconnect_matched_parallel');
      expect(c.attempts).toHaveLength(1);
    }
    expect(chains.map((c) => c.key)[0]).not.toBe(chains.map((c) => c.key)[1]);
  });

  it('lets each of two parallel chains continue with its own reconnect', () => {
    const a = session(T0, 15_000);
    const b = session(T0 + 100, 20_000);
    const a2 = session(endOf(a) + 1_000, 0, null);
    const b2 = session(endOf(b) + 1_000, 0, null);
    const chains = analyze([a, b, a2, b2], endOf(b) + 5_000);
    expect(chains.map((c) => c.attempts.map((x) => x.id))).toEqual([
      [a.id, a2.id],
      [b.id, b2.id],
    ]);
  });

  it('does not throw on garbage URLs and still groups them by their raw text', () => {
    const a = session(T0, 15_000, 1001, { url: 'garbage url' });
    const b = session(endOf(a) + 500, 0, null, { url: 'garbage url' });
    const c = failed(T0 + 1, { url: '' });
    const d = failed(T0 + 2, { url: '\uDC00??' });
    let chains: Chain[] = [];
    expect(() => (chains = analyze([a, b, c, d], endOf(a) + 1_000))).not.toThrow();
    expect(chains.find((x) => x.attempts[0]?.id === a.id)?.attempts.map((x) => x.id)).toEqual([a.id, b.id]);
  });

  it('joins a socket created right after the page called close(), before the close event', () => {
    const a = session(T0, 15_000, 1000);
    const closeAt = (a.close?.time ?? 0) - 5;
    a.closeCalls = [{ time: closeAt, seq: 1, code: 1000, readyState: 1 }];
    const b = session(closeAt + 1, 0, null);
    const chain = only(analyze([a, b], closeAt + 2_000));
    expect(chain.attempts[1]?.delayMs).toBe(1);
  });

  it('reports outcomes and healthy time', () => {
    const s = retrySeries([500, 1000]);
    const open = session(T0 - 100_000, 0, null, { url: 'wss://x.example/' });
    const connecting = sock({ createdAt: T0 - 50_000, url: 'wss://y.example/' });
    const now = s.end + 3_000;
    const chains = analyze([...s.conns, open, connecting], now);
    const main = chains.find((c) => c.attempts.length === 3);
    expect(main?.attempts.map((a) => a.outcome)).toEqual(['opened', 'failed', 'open']);
    expect(main?.attempts[0]?.healthyMs).toBe(60_000);
    expect(main?.attempts[2]?.healthyMs).toBe(now - (s.end + OPEN_MS));
    expect(main?.attempts[0]?.closeCode).toBe(1001);
    const short = session(T0, 2_000, 1011, { url: 'wss://z.example/' });
    const shortChain = only(analyze([short], endOf(short) + 1));
    expect(shortChain.attempts[0]?.outcome).toBe('closed');
    expect(chains.find((c) => c.attempts[0]?.id === connecting.id)?.attempts[0]?.outcome).toBe('connecting');
  });
});

// ---------------------------------------------------------------- backoff patterns

describe('backoff verdicts', () => {
  it('recognises clean exponential backoff', () => {
    const s = retrySeries([500, 1000, 2000, 4000, 8000]);
    const chain = only(analyze(s.conns, s.end + 2_000));
    const v = verdict(chain, 'exponential');
    expect(v.good).toBe(true);
    expect(v.factor).toBeCloseTo(2, 5);
    expect(v.firstDelayMs).toBe(500);
    expect(v.jitter).toBe(false);
    expect(v.capMs).toBeUndefined();
    expect(render(v.summary, 'en')).toBe('Retried after 0.5, 1.0, 2.0, 4.0, 8.0 s: exponential backoff ×2.0 — good.');
    expect(formatAttemptTimes(chain)).toBe('0.5 s, 1.0 s, 2.0 s, 4.0 s, 8.0 s');
    expect(v.evidence.map((m) => m.key)).toContain('reconnect_exponential_no_jitter');
  });

  it('treats a few ms of clock noise as no jitter', () => {
    const s = retrySeries([503, 998, 2004, 3996, 8009, 16_002]);
    const v = verdict(only(analyze(s.conns, s.end + 2_000)), 'exponential');
    expect(v.jitter).toBe(false);
    expect(v.factor).toBeGreaterThan(1.95);
    expect(v.factor).toBeLessThan(2.05);
  });

  it('detects real jitter and still fits the factor', () => {
    // base 500, ×2, each delay scaled by a random-looking 0.7…1.4
    const s = retrySeries([650, 700, 2400, 3200, 11_200]);
    const chain = only(analyze(s.conns, s.end + 2_000));
    const v = verdict(chain, 'exponential');
    expect(v.jitter).toBe(true);
    expect(v.factor).toBeGreaterThan(1.6);
    expect(v.factor).toBeLessThan(2.5);
    expect(v.summary.key).toBe('reconnect_exponential_jitter_summary');
    expect(render(v.summary, 'en')).toMatch(/^Retried after 0\.7, 0\.7, 2\.4, 3\.2, 11\.2 s: exponential backoff ×2\.\d with jitter — good\.$/);
  });

  it('reports the cap when delays plateau at 30 s', () => {
    const s = retrySeries([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    const v = verdict(only(analyze(s.conns, s.end + 2_000)), 'exponential');
    expect(v.capMs).toBe(30_000);
    expect(v.factor).toBeCloseTo(2, 5);
    expect(v.jitter).toBe(false);
    expect(v.evidence).toContainEqual({ key: 'reconnect_exponential_cap', subs: ['30.0'] });
  });

  it('finds a cap under a long plateau and under jitter', () => {
    const long = classifyDelays([1000, 2000, 4000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
    expect(long).toMatchObject({ kind: 'exponential', capMs: 30_000 });
    const jittered = classifyDelays([550, 900, 2300, 3600, 8800, 14_500, 27_000, 33_000, 29_000, 31_500]);
    expect(jittered.kind).toBe('exponential');
    if (jittered.kind !== 'exponential') return;
    expect(jittered.capMs).toBeGreaterThan(27_000);
    expect(jittered.capMs).toBeLessThan(33_000);
    expect(jittered.jitter).toBe(true);
  });

  it('judges jitter on the growing delays apart from delays clamped to the cap', () => {
    // socket.io style: jitter first, then clamp, so the capped delays are exact
    expect(classifyDelays([1300, 1500, 3100, 5000, 5000, 5000])).toMatchObject({ kind: 'exponential', capMs: 5000, jitter: true });
    expect(classifyDelays([1000, 2000, 4000, 5000, 5000, 5000])).toMatchObject({ kind: 'exponential', capMs: 5000, jitter: false });
    const two = classifyDelays([700, 1900, 5000, 5000, 5000]);
    expect(two).toMatchObject({ kind: 'exponential', capMs: 5000 });
    expect(two.kind === 'exponential' && 'jitter' in two).toBe(false);
  });

  it('makes no jitter claim it cannot back', () => {
    const s = retrySeries([700, 1900, 5000, 5000, 5000]);
    const v = verdict(only(analyze(s.conns, s.end + 2_000)), 'exponential');
    expect(v.jitter).toBeUndefined();
    expect(v.summary.key).toBe('reconnect_exponential_summary');
    expect(v.evidence.map((m) => m.key)).toEqual(['reconnect_exponential_first', 'reconnect_exponential_cap']);
  });

  it('does not invent a cap on an uncapped curve', () => {
    const p = classifyDelays([1000, 2000, 4000, 8000, 16_000, 32_000]);
    expect(p).toMatchObject({ kind: 'exponential' });
    expect(p.kind === 'exponential' && p.capMs).toBeFalsy();
  });

  it('flags a fixed delay', () => {
    const s = retrySeries([2000, 2003, 1998, 2001, 2000]);
    const chain = only(analyze(s.conns, s.end + 2_000));
    const v = verdict(chain, 'fixed');
    expect(v.good).toBe(false);
    expect(v.summary).toEqual({ key: 'reconnect_fixed_summary', subs: ['2.0', '2.0, 2.0, 2.0, 2.0, 2.0'] });
    expect(kinds(chain)).not.toContain('exponential');
  });

  it('calls a fixed delay with jitter fixed too', () => {
    const p = classifyDelays([3000, 1800, 2600, 1500, 2900, 2100]);
    expect(p).toMatchObject({ kind: 'fixed', jitter: true });
  });

  it('flags a few immediate retries as no delay, not yet a storm', () => {
    const s = retrySeries([5, 3, 4]);
    const v = verdict(only(analyze(s.conns, s.end + 2_000)), 'fixed');
    expect(v.summary).toEqual({ key: 'reconnect_fixed_immediate_summary', subs: ['3', '4'] });
  });

  it('flags a reconnect storm', () => {
    const delays = Array.from({ length: 37 }, (_, i) => [3, 1, 5, 2, 4][i % 5] ?? 3);
    const s = retrySeries(delays);
    const chain = only(analyze(s.conns, s.end + 500));
    const v = verdict(chain, 'storm');
    expect(v.good).toBe(false);
    expect(v.attempts).toBe(37);
    expect(render(v.summary, 'en')).toBe('Reconnect storm: 37 attempts, median delay 3 ms.');
    expect(chain.verdicts[0]?.kind).toBe('storm');
    expect(kinds(chain)).not.toContain('fixed');
    expect(v.evidence[0]?.key).toBe('reconnect_storm_span');
    expect(v.evidence[0]?.subs?.[0]).toBe('38');
  });

  it('calls unpatterned delays irregular', () => {
    const s = retrySeries([1000, 300, 5000, 200, 2500, 700]);
    const chain = only(analyze(s.conns, s.end + 2_000));
    expect(verdict(chain, 'irregular').good).toBeNull();
    expect(kinds(chain)).not.toContain('exponential');
    expect(kinds(chain)).not.toContain('fixed');
    expect(classifyDelays([8000, 4000, 2000, 1000]).kind).toBe('irregular');
  });

  it('reports a single reconnect with its delay', () => {
    const s = retrySeries([800]);
    const chain = only(analyze(s.conns, s.end + 2_000));
    const v = verdict(chain, 'single-reconnect');
    expect(v.firstDelayMs).toBe(800);
    expect(v.summary).toEqual({ key: 'reconnect_single_summary', subs: ['0.8'] });
    expect(chain.verdicts).toHaveLength(1);
  });

  it('does not judge backoff from retries that each followed a healthy connection', () => {
    const a = session(T0, 30_000);
    const b = session(endOf(a) + 700, 30_000);
    const c = session(endOf(b) + 900, 0, null);
    const chain = only(analyze([a, b, c], endOf(b) + 5_000));
    expect(chain.verdicts.map((v) => v.summary.key)).toEqual(['reconnect_few_summary']);
    expect(chain.verdicts[0]?.summary.subs).toEqual(['0.7, 0.9']);
  });

  it('lists at most eight delays in a summary', () => {
    const s = retrySeries([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
    const v = verdict(only(analyze(s.conns, s.end + 2_000)), 'exponential');
    expect(v.summary.subs?.[0]).toBe('0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, …');
  });
});

// ---------------------------------------------------------------- end of chain

describe('no reconnect, waiting, gave up', () => {
  for (const code of [1001, 1006, 1012, 1013]) {
    it(`flags no reconnect after a ${code} the page did not start`, () => {
      const a = session(T0, 20_000, code);
      const waiting = only(analyze([a], endOf(a) + 5_000));
      expect(kinds(waiting)).toEqual(['waiting']);
      expect(render(verdict(waiting, 'waiting').summary, 'en')).toBe(`Waiting for reconnect… 5.0 s since close ${code}.`);
      const late = only(analyze([a], endOf(a) + RECONNECT_WINDOW_MS + 1_000));
      const v = verdict(late, 'no-reconnect');
      expect(v.good).toBe(false);
      expect(v.summary.subs).toEqual(['31.0', String(code)]);
      expect(kinds(late)).not.toContain('waiting');
    });
  }

  it('counts an initial connection that failed and was never retried', () => {
    const a = failed(T0);
    expect(kinds(only(analyze([a], T0 + 60_000)))).toEqual(['no-reconnect']);
  });

  it('expects nothing after a normal server close, a page close, or the page going away', () => {
    const byServer = session(T0, 20_000, 1000);
    const byPage = session(T0, 20_000, 1000, { url: 'wss://b.example/' });
    byPage.closeCalls = [{ time: endOf(byPage) - 10, seq: 3, code: 4000, readyState: 1 }];
    const hidden = session(T0, 20_000, 1001, { url: 'wss://c.example/', pageHiddenAt: T0 + 20_000 });
    const notApplicable = session(T0, 20_000, 1008, { url: 'wss://d.example/' });
    const chains = analyze([byServer, byPage, hidden, notApplicable], T0 + 200_000);
    expect(chains).toHaveLength(4);
    for (const c of chains) expect(c.verdicts).toEqual([]);
  });

  it('treats a close(1001) that threw as not the page closing', () => {
    const a = session(T0, 20_000, 1001);
    a.closeCalls = [
      { time: T0 + 1_000, seq: 2, code: 1001, readyState: 1, threw: { name: 'InvalidAccessError', message: 'no' } },
    ];
    expect(kinds(only(analyze([a], endOf(a) + 40_000)))).toEqual(['no-reconnect']);
  });

  it('flags giving up after a series of failed retries', () => {
    const s = retrySeries([500, 1000, 2000, 4000], { lastOpens: false });
    const chain = only(analyze(s.conns, s.end + 40_000));
    const v = verdict(chain, 'gave-up');
    expect(v.good).toBe(false);
    expect(v.attempts).toBe(4);
    expect(v.summary).toEqual({ key: 'reconnect_gave_up_summary', subs: ['4', '40.0'] });
    expect(v.evidence[0]).toEqual({ key: 'reconnect_gave_up_last_code', subs: ['1006'] });
    expect(kinds(chain)).toContain('exponential');
    expect(kinds(chain)).not.toContain('no-reconnect');
    expect(kinds(only(analyze(s.conns, s.end + 10_000)))).toContain('waiting');
  });

  it('waits longer before calling it quits when the client already waited long', () => {
    const s = retrySeries([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000], { lastOpens: false });
    expect(kinds(only(analyze(s.conns, s.end + 45_000)))).toContain('waiting');
    expect(kinds(only(analyze(s.conns, s.end + 95_000)))).toContain('gave-up');
  });

  it('calls a healthy connection that dropped after earlier retries a missing reconnect', () => {
    const s = retrySeries([500, 1000, 2000]);
    const last = s.conns[s.conns.length - 1];
    if (!last) throw new Error('no socket');
    last.close = { time: s.end + 30_000, code: 1012, reason: 'restart', wasClean: true };
    const chain = only(analyze(s.conns, s.end + 30_000 + 31_000));
    expect(kinds(chain)).toContain('no-reconnect');
    expect(kinds(chain)).not.toContain('gave-up');
  });
});

// ---------------------------------------------------------------- reset, normal close, 1007

describe('backoff reset', () => {
  function twoSeries(restart: number): Chain {
    const s = retrySeries([1000, 2000, 4000, 8000]);
    const healthy = s.conns[s.conns.length - 1];
    if (!healthy) throw new Error('no socket');
    healthy.close = { time: s.end + OPEN_MS + 20_000, code: 1001, reason: '', wasClean: true };
    const next = session(endOf(healthy) + restart, 0, null);
    return only(analyze([...s.conns, next], endOf(next) + 5_000 + restart));
  }

  it('flags a delay that continues from the grown delay after a healthy connection', () => {
    const chain = twoSeries(16_000);
    const v = verdict(chain, 'not-reset');
    expect(v.good).toBe(false);
    expect(v.summary).toEqual({ key: 'reconnect_not_reset_summary', subs: ['20.0', '16.0'] });
    expect(v.evidence[0]).toEqual({ key: 'reconnect_not_reset_evidence', subs: ['1.0', '8.0'] });
    expect(render(v.summary, 'en')).toBe('Backoff not reset: after 20.0 s of healthy connection the next retry still waited 16.0 s.');
  });

  it('accepts a delay that restarts near the base', () => {
    const chain = twoSeries(1_100);
    expect(kinds(chain)).not.toContain('not-reset');
    expect(kinds(chain)).toContain('exponential');
  });

  it('only treats a connection as healthy after HEALTHY_MS', () => {
    const a = session(T0, HEALTHY_MS - 1_000);
    expect(only(analyze([a], endOf(a))).attempts[0]?.outcome).toBe('closed');
  });
});

describe('reconnect after the page closed normally', () => {
  function pageClosed(code: number | undefined, readyState = 1): Chain {
    const a = session(T0, 20_000, code === undefined || code === 1000 ? 1000 : code);
    const call = { time: endOf(a) - 20, seq: 5, readyState, ...(code === undefined ? {} : { code }) };
    a.closeCalls = [call];
    const b = session(endOf(a) + 100, 0, null);
    return only(analyze([a, b], endOf(b) + 2_000));
  }

  it('flags close(1000) followed by a new socket', () => {
    const chain = pageClosed(1000);
    const v = verdict(chain, 'reconnect-after-normal-close');
    expect(v.good).toBe(false);
    expect(v.summary).toEqual({ key: 'reconnect_after_normal_close_summary', subs: ['1'] });
    expect(v.evidence[0]).toEqual({ key: 'reconnect_after_normal_close_code', subs: ['1000', '0.1'] });
  });

  it('flags close() without a code too', () => {
    const v = verdict(pageClosed(undefined), 'reconnect-after-normal-close');
    expect(v.evidence[0]).toEqual({ key: 'reconnect_after_normal_close_nocode', subs: ['0.1'] });
  });

  it('leaves application codes and connect timeouts alone', () => {
    expect(kinds(pageClosed(4000))).not.toContain('reconnect-after-normal-close');
    expect(kinds(pageClosed(1000, 0))).not.toContain('reconnect-after-normal-close');
  });

  it('counts every occurrence but lists only a few', () => {
    const conns: ConnectionFacts[] = [];
    let t = T0;
    for (let i = 0; i < 5; i++) {
      const c = session(t, 15_000, 1000);
      c.closeCalls = [{ time: endOf(c) - 10, seq: i, code: 1000, readyState: 1 }];
      conns.push(c);
      t = endOf(c) + 200;
    }
    conns.push(session(t, 0, null));
    const v = verdict(only(analyze(conns, t + 1_000)), 'reconnect-after-normal-close');
    expect(v.summary.subs).toEqual(['5']);
    expect(v.evidence.filter((m) => m.key === 'reconnect_after_normal_close_code')).toHaveLength(3);
  });
});

describe('resend after 1007', () => {
  function rejected(t: number, texts: string[]): ConnectionFacts {
    const c = session(t, 500, 1007);
    c.frames = texts.map((x, i) => outText(x, i, t + OPEN_MS + i));
    return c;
  }

  it('flags a reconnect that resent what the server rejected', () => {
    const a = rejected(T0, ['{"op":"hello","name":"\uFFFD"}']);
    const b = rejected(endOf(a) + 1_000, ['{"op":"hello","name":"\uFFFD"}']);
    const c = rejected(endOf(b) + 2_000, ['{"op":"hello","name":"\uFFFD"}']);
    const chain = only(analyze([a, b, c], endOf(c) + 5_000));
    const v = verdict(chain, 'resend-after-1007');
    expect(v.good).toBe(false);
    expect(v.summary).toEqual({ key: 'reconnect_resend_1007_summary', subs: ['3'] });
    expect(v.evidence[0]).toEqual({ key: 'reconnect_resend_1007_payload', subs: ['{"op":"hello","name":"\uFFFD"}'] });
    expect(render(v.evidence[0] ?? { key: '' }, 'ru')).toBe('Повторённое сообщение: «{"op":"hello","name":"\uFFFD"}».');
  });

  it('does not flag a reconnect that sent different data', () => {
    const a = rejected(T0, ['{"op":"hello","v":1}']);
    const b = rejected(endOf(a) + 1_000, ['{"op":"hello","v":2}']);
    expect(kinds(only(analyze([a, b], endOf(b) + 5_000)))).not.toContain('resend-after-1007');
  });

  it('does not flag the same data when the second close was not 1007', () => {
    const a = rejected(T0, ['same']);
    const b = rejected(endOf(a) + 1_000, ['same']);
    if (b.close) b.close.code = 1000;
    expect(kinds(only(analyze([a, b], endOf(b) + 5_000)))).not.toContain('resend-after-1007');
  });

  it('cuts a long payload in the evidence', () => {
    const long = 'x'.repeat(200);
    const a = rejected(T0, [long]);
    const b = rejected(endOf(a) + 1_000, [long]);
    const v = verdict(only(analyze([a, b], endOf(b) + 5_000)), 'resend-after-1007');
    expect(v.evidence[0]?.subs?.[0]).toBe(`${'x'.repeat(60)}…`);
  });
});

// ---------------------------------------------------------------- locales

describe('reconnect locale fragments', () => {
  it('has the same keys and placeholders in en and ru, all prefixed', () => {
    expect(Object.keys(fragments.ru).sort()).toEqual(Object.keys(fragments.en).sort());
    for (const [key, en] of Object.entries(fragments.en)) {
      expect(key).toMatch(/^reconnect_[a-z0-9_]+$/);
      const ru = fragments.ru[key];
      expect(ru?.placeholders ?? {}).toEqual(en.placeholders ?? {});
      for (const entry of [en, ru]) {
        const used = [...(entry?.message ?? '').matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => (m[1] ?? '').toLowerCase());
        expect(new Set(used)).toEqual(new Set(Object.keys(entry?.placeholders ?? {})));
      }
    }
  });

  it('every key is produced by some scenario above, and every produced Msg renders', () => {
    // Runs last in file order: the scenarios above fed emittedKeys through track().
    expect([...emittedKeys].sort()).toEqual(Object.keys(fragments.en).sort());
  });
});
