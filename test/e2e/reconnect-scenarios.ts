// Reconnect analysis and the "server goes away" simulator, driven through the real
// DevTools panel of either browser against the real fixture server. The browser test
// files (chromium-reconnect, firefox-reconnect) pick the scenarios they run; every
// step waits for a condition, none sleeps.
import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { PanelHandle } from './harness/panel-handle';
import type { FixtureServer } from '../fixtures/server';
import { closedConnection, readCloseCard, readConnections, readReconnect, selectConnection, setOutageSeconds } from './harness/panel-queries';

export interface Ctx {
  page: Page;
  panel: PanelHandle;
  server: FixtureServer;
  log: (line: string) => void;
}

/** Notes a file prints at its end: how long each scenario took, and what it logged. */
export function scenarioNotes() {
  const notes: string[] = [];
  return {
    notes,
    log: (line: string) => notes.push(line),
    async timed(label: string, fn: () => Promise<void>) {
      const t0 = Date.now();
      try {
        await fn();
      } finally {
        notes.push(`${label} ${Date.now() - t0} ms`);
      }
    },
  };
}

interface CloseSeen {
  code: number;
  reason: string;
  wasClean: boolean;
  isTrusted: boolean;
  readyState: number | null;
  time: number;
}
interface LabState {
  opens: number;
  errors: number;
  sockets: number;
  closes: CloseSeen[];
  listenerCloses: CloseSeen[] | null;
  readyState: number | null;
}
interface Reconnect {
  kinds: string[];
  attempts: number;
  verdicts: Array<{ kind: string; good: string; text: string }>;
  marks: string[];
  text: string;
}

type LabWindow = { lab: Record<string, { opens: number; errors: number; sockets: number; closes: CloseSeen[]; listenerCloses?: CloseSeen[]; ws?: WebSocket }> };

export const SIMULATED_REASON = 'Simulated by WS Doctor';

export function lab(ctx: Ctx, name: string): Promise<LabState> {
  return ctx.page.evaluate((n: string) => {
    const r = (window as unknown as LabWindow).lab[n]!;
    return { opens: r.opens, errors: r.errors, sockets: r.sockets, closes: r.closes, listenerCloses: r.listenerCloses ?? null, readyState: r.ws ? r.ws.readyState : null };
  }, name);
}

/** Waits in the page until lab[name][field] >= n. */
async function labReaches(ctx: Ctx, name: string, field: 'opens' | 'closes', n: number, timeout = 15_000) {
  await ctx.page.waitForFunction(
    (nm: string, f: string, k: number) => {
      const r = (window as unknown as LabWindow).lab[nm];
      if (!r) return false;
      const v = f === 'closes' ? r.closes.length : r.opens;
      return v >= k;
    },
    { timeout, polling: 50 },
    name,
    field,
    n,
  );
}

async function start(ctx: Ctx, fn: 'startLibrary' | 'startOnce' | 'startProbe' | 'startStorm', name: string, path: string, max?: number) {
  await ctx.page.evaluate(
    (f: string, n: string, url: string, m: number | undefined) => (window as unknown as Record<string, (n: string, u: string, m?: number) => void>)[f]!(n, url, m),
    fn,
    name,
    ctx.server.wsOrigin + path,
    max,
  );
}

/** Source of a condition: the connection view shows a connection whose URL contains `part`. */
const shows = (part: string) => `(doc.querySelector('[data-testid=cv-url]')?.textContent ?? '').includes(${JSON.stringify(part)})`;

async function select(ctx: Ctx, part: string) {
  await ctx.panel.waitFor(`(doc) => [...doc.querySelectorAll('[data-testid=conn-row]')].some((r) => (r.dataset.url || '').includes(${JSON.stringify(part)}))`);
  expect(await ctx.panel.eval(selectConnection(part))).toBe(true);
  await ctx.panel.waitFor(`(doc) => ${shows(part)}`);
}

/** Waits until the selected connection's reconnect section satisfies `cond` (source of `(r) => boolean`). */
function reconnectWhen(ctx: Ctx, part: string, cond: string, timeout = 15_000): Promise<Reconnect> {
  return ctx.panel.waitFor<Reconnect>(`(doc) => { if (!${shows(part)}) return null; const r = (${readReconnect})(doc); return r && (${cond})(r) ? r : null; }`, timeout);
}

/** Folds a chain in the list (its later attempts hide under the first), as a person tidies a long list. */
async function fold(ctx: Ctx, part: string) {
  await ctx.panel.click(`[data-testid=conn-row][data-url*=${JSON.stringify(part)}] [data-testid=chain-toggle]`);
  await ctx.panel.waitFor(`(doc) => [...doc.querySelectorAll('[data-testid=conn-row]')].filter((r) => (r.dataset.url || '').includes(${JSON.stringify(part)})).length === 1`);
}

/** The panel enables a control only once it has heard the socket open: wait for that, as a person would. */
async function clickEnabled(ctx: Ctx, selector: string) {
  await ctx.panel.waitFor(`(doc) => { const b = doc.querySelector(${JSON.stringify(selector)}); return !!b && !b.disabled; }`);
  await ctx.panel.click(selector);
}

async function confirmSimulation(ctx: Ctx, kind: 'close' | 'outage', seconds?: number): Promise<string> {
  await clickEnabled(ctx, `[data-testid=simulate-${kind}]`);
  await ctx.panel.waitFor(`(doc) => doc.querySelector('[data-testid=simulate-confirm][data-kind=${kind}]')`);
  if (seconds !== undefined) expect(await ctx.panel.eval(setOutageSeconds(seconds))).toBe(true);
  const text = await ctx.panel.waitFor<string>(
    `(doc) => { const t = doc.querySelector('[data-testid=simulate-confirm]')?.textContent ?? ''; return ${seconds === undefined ? 'true' : `t.includes(${JSON.stringify(`For ${seconds} s`)})`} ? t : null; }`,
  );
  await clickEnabled(ctx, '[data-testid=simulate-confirm-ok]');
  return text;
}

/** The factor in "exponential backoff ×2.0". */
function factorOf(text: string): number {
  const m = /×(\d+\.\d)/.exec(text);
  return m ? Number(m[1]) : NaN;
}

// ---------------------------------------------------------------- scenarios

/** Opens a socket that the server closes with 1001 and that the page never replaces. Returns when the page saw the close. */
export async function neverStart(ctx: Ctx): Promise<number> {
  await start(ctx, 'startOnce', 'never', '/ws/script/never?close=1001&reason=bye&after=200');
  await labReaches(ctx, 'never', 'closes', 1);
  const closedAt = (await lab(ctx, 'never')).closes[0]!.time;
  await ctx.panel.waitFor(closedConnection('/ws/script/never'));
  await select(ctx, '/ws/script/never');
  const rc = await reconnectWhen(ctx, '/ws/script/never', '(r) => r.kinds.length > 0');
  expect(rc.kinds).toEqual(['waiting']);
  expect(rc.text).toMatch(/Waiting for reconnect… \d+\.\d s since close 1001\./);
  return closedAt;
}

/** After the window (30 s), the same socket is judged: no reconnect. */
export async function neverFinal(ctx: Ctx, closedAt: number) {
  await select(ctx, '/ws/script/never');
  const left = closedAt + 30_000 - Date.now();
  ctx.log(`never: ${Math.max(0, left)} ms of the 30 s window left when the final check began`);
  const rc = await reconnectWhen(ctx, '/ws/script/never', "(r) => r.kinds.includes('no-reconnect')", Math.max(0, left) + 5_000);
  expect(rc.kinds).toEqual(['no-reconnect']);
  expect(rc.verdicts[0]!.good).toBe('false');
  const m = /No reconnect: (\d+\.\d) s since close 1001, and no new socket to this origin and path\./.exec(rc.text);
  expect(m, rc.text).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThanOrEqual(30);
}

/** A page using a reconnecting client library loses its server (a real 1001, then refused connections for 5 s). */
export async function libraryServerGoesAway(ctx: Ctx) {
  const path = '/ws/script/lib';
  await start(ctx, 'startLibrary', 'lib', path);
  await labReaches(ctx, 'lib', 'opens', 1);
  const t0 = Date.now();
  ctx.server.outage(path, 5_000, 1001, 'Server restarting');
  await labReaches(ctx, 'lib', 'opens', 2, 20_000);
  ctx.log(`library: back after ${Date.now() - t0} ms`);
  const l = await lab(ctx, 'lib');
  expect(l.closes[0]).toMatchObject({ code: 1001, reason: 'Server restarting', wasClean: true, isTrusted: true });
  const failed = l.closes.slice(1);
  // Retries at about 0.5, 1.5 and 3.5 s fall in the outage; the one at about 7.5 s gets through.
  expect(failed.map((c) => c.code)).toEqual([1006, 1006, 1006]);
  expect(failed.every((c) => !c.wasClean && c.isTrusted)).toBe(true);
  expect(ctx.server.upgrades.filter((u) => u.path.startsWith(path) && u.refused)).toHaveLength(3);

  await select(ctx, path);
  const rc = await reconnectWhen(ctx, path, "(r) => r.attempts === 5 && r.kinds.includes('exponential')");
  ctx.log(`library verdict: ${rc.verdicts.map((v) => v.text).join(' | ')}`);
  expect(rc.kinds[0]).toBe('exponential');
  expect(rc.verdicts[0]!.good).toBe('true');
  expect(rc.verdicts[0]!.text).toMatch(/^Retried after \d+\.\d, \d+\.\d, \d+\.\d, \d+\.\d s: exponential backoff ×\d\.\d( with jitter)? — good\./);
  const factor = factorOf(rc.verdicts[0]!.text);
  expect(factor).toBeGreaterThan(1.5);
  expect(factor).toBeLessThan(2.7);
  // The timeline marks the retries: three refused, then one that is open again.
  expect(rc.marks).toEqual(['failed', 'failed', 'failed', 'open']);
  // The list groups the chain under its first socket, with an attempt counter.
  // The list renders on its own beat (at most ten times a second): wait for the fifth row.
  const chainRows = await ctx.panel.waitFor<Array<{ url: string; text: string }>>(
    `(doc) => { const r = (${readConnections})(doc).filter((x) => x.url.includes(${JSON.stringify(path)})); return r.length === 5 ? r : null; }`,
  );
  expect(chainRows).toHaveLength(5);
  expect(chainRows[0]!.text).toContain('↻ 5');
  expect(chainRows.slice(1).map((r) => /↻(\d)/.exec(r.text)?.[1])).toEqual(['2', '3', '4', '5']);
  await fold(ctx, path);
}

/** A hand-written page that reconnects at once, in a loop: a storm. */
export async function stormLoop(ctx: Ctx) {
  const path = '/ws/script/storm';
  await start(ctx, 'startStorm', 'storm', `${path}?close=1001&after=20`, 12);
  await labReaches(ctx, 'storm', 'closes', 12);
  await select(ctx, path);
  const rc = await reconnectWhen(ctx, path, "(r) => r.attempts === 12 && r.kinds.includes('storm')");
  ctx.log(`storm verdict: ${rc.verdicts[0]!.text}`);
  expect(rc.kinds[0]).toBe('storm');
  expect(rc.verdicts[0]!.good).toBe('false');
  expect(rc.verdicts[0]!.text).toMatch(/^Reconnect storm: 11 attempts, median delay \d+ ms\./);
  await fold(ctx, path);
}

/** Simulate 1001 on a live socket: the page's onclose runs once with 1001; the server logs a normal close. */
export async function simulate1001(ctx: Ctx) {
  const path = '/ws/script/probe';
  await start(ctx, 'startProbe', 'probe', path);
  await labReaches(ctx, 'probe', 'opens', 1);
  await select(ctx, path);

  // Nothing happens until the person confirms: cancel first.
  await clickEnabled(ctx, '[data-testid=simulate-close]');
  await ctx.panel.waitFor(`(doc) => doc.querySelector('[data-testid=simulate-confirm][data-kind=close]')`);
  await ctx.panel.click('[data-testid=simulate-confirm-cancel]');
  await ctx.panel.waitFor(`(doc) => !doc.querySelector('[data-testid=simulate-confirm]')`);
  expect((await lab(ctx, 'probe')).readyState).toBe(1);

  const said = await confirmSimulation(ctx, 'close');
  expect(said).toContain('code 1001');
  expect(said).toContain('isTrusted false');
  await labReaches(ctx, 'probe', 'closes', 1);
  // readyState is CLOSED once the browser's own close event has been dispatched (and held back from the page).
  await ctx.page.waitForFunction(() => (window as unknown as LabWindow).lab.probe!.ws!.readyState === 3, { polling: 50 });
  const l = await lab(ctx, 'probe');
  const expected = { code: 1001, reason: SIMULATED_REASON, wasClean: true, isTrusted: false, readyState: 3 };
  expect(l.closes).toHaveLength(1);
  expect(l.closes[0]).toMatchObject(expected);
  expect(l.listenerCloses).toHaveLength(1);
  expect(l.listenerCloses![0]).toMatchObject(expected);
  expect(l.errors).toBe(0);
  await expect
    .poll(() => ctx.server.log.find((e) => e.path.startsWith(path) && e.event === 'close'), { timeout: 10_000 })
    .toMatchObject({ code: 1000, reason: SIMULATED_REASON });

  await ctx.panel.waitFor(`(doc) => doc.querySelector('[data-testid=simulate-status][data-status=ok]')`);
  await ctx.panel.waitFor(closedConnection(path));
  const card = await ctx.panel.waitFor<{ code: number; text: string }>(`(doc) => { const c = (${readCloseCard})(doc); return c && c.code === 1001 ? c : null; }`);
  expect(card.text).toContain('simulated by WS Doctor');
  const row = (await ctx.panel.eval<Array<{ url: string; text: string; chip: string | null }>>(readConnections)).find((r) => r.url.includes(path))!;
  expect(row.chip).toBe('1001');
  expect(row.text).toContain('simulated');
}

/**
 * Simulate outage for 5 s on a library page: a simulated 1001, then retries that the
 * browser blocks (error, 1006) with growing delays, then a connection again; nothing
 * reaches the server while the outage lasts.
 */
export async function simulateOutage(ctx: Ctx) {
  const path = '/ws/script/sim';
  await start(ctx, 'startLibrary', 'sim', path);
  await labReaches(ctx, 'sim', 'opens', 1);
  await select(ctx, path);
  const upgradesBefore = ctx.server.upgrades.filter((u) => u.path.startsWith(path)).length;
  expect(upgradesBefore).toBe(1);

  const said = await confirmSimulation(ctx, 'outage', 5);
  expect(said).toContain(`${ctx.server.wsOrigin}${path}`);
  expect(said).toContain('nothing reaches the server');
  const t0 = Date.now();
  await ctx.panel.waitFor(`(doc) => doc.querySelector('[data-testid=outage-banner]')?.dataset.endpoint === ${JSON.stringify(ctx.server.wsOrigin + path)}`);
  await labReaches(ctx, 'sim', 'closes', 1);
  const tcpBefore = ctx.server.connections.length;
  const firstClose = (await lab(ctx, 'sim')).closes[0]!;
  expect(firstClose).toMatchObject({ code: 1001, reason: SIMULATED_REASON, wasClean: true, isTrusted: false });

  await labReaches(ctx, 'sim', 'opens', 2, 25_000);
  const back = Date.now();
  ctx.log(`outage: back after ${back - t0} ms`);
  const l = await lab(ctx, 'sim');
  const blocked = l.closes.slice(1);
  expect(blocked.length).toBeGreaterThanOrEqual(3);
  expect(blocked.every((c) => c.code === 1006 && !c.wasClean && c.isTrusted)).toBe(true);
  expect(l.errors).toBe(blocked.length);
  // Nothing went to the network while the outage lasted: no upgrade to this path, no TCP connection at all.
  const tcpDuring = ctx.server.connections.filter((c) => c.time > t0 && c.time < t0 + 5_000).length;
  ctx.log(`outage: ${blocked.length} blocked attempts; TCP connections to the server during the outage: ${tcpDuring} (${ctx.server.connections.length - tcpBefore} until reconnect)`);
  expect(tcpDuring).toBe(0);
  const upgrades = ctx.server.upgrades.filter((u) => u.path.startsWith(path));
  expect(upgrades).toHaveLength(2);
  expect(upgrades[1]!.time).toBeGreaterThanOrEqual(t0 + 5_000);

  await ctx.panel.waitFor(`(doc) => !doc.querySelector('[data-testid=outage-banner]')`, 10_000);
  await select(ctx, path);
  const rc = await reconnectWhen(ctx, path, `(r) => r.attempts === ${blocked.length + 2} && r.kinds.includes('exponential')`);
  ctx.log(`outage verdict: ${rc.verdicts.map((v) => v.text).join(' | ')}`);
  expect(rc.kinds[0]).toBe('exponential');
  expect(rc.verdicts[0]!.good).toBe('true');
  const factor = factorOf(rc.verdicts[0]!.text);
  expect(factor).toBeGreaterThan(1.5);
  expect(factor).toBeLessThan(2.7);
  const rows = await ctx.panel.waitFor<Array<{ url: string; text: string }>>(
    `(doc) => { const r = (${readConnections})(doc).filter((x) => x.url.includes(${JSON.stringify(path)})); return r.filter((x) => x.text.includes('blocked')).length >= ${blocked.length} ? r : null; }`,
  );
  expect(rows.filter((r) => r.text.includes('blocked'))).toHaveLength(blocked.length);
}
