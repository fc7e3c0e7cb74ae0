// A busy socket in the real Chromium DevTools panel: the server pushes 200,000
// frames as fast as it can. The panel keeps up, keeps the DOM small, and accounts
// for every frame: held, or counted as dropped, exactly.
import { describe, expect, it } from 'vitest';
import { openRealPanel } from './harness/chromium';
import { chromiumSuite } from './harness/suite';
import { setField } from './harness/panel-queries';

const N = 200_000;
const ctx = chromiumSuite();

interface Account {
  received: number;
  held: number;
  notKept: number;
  evicted: number;
  rows: number;
  elements: number;
  count: string;
  banners: string;
}

/** What the panel says about the push socket, read from its DOM and its store's counters. */
const account = `(doc, win) => {
  const s = win.__wsd.store;
  const c = s.connections().find((x) => x.facts.url.includes('/ws/push'));
  if (!c || !c.counters) return null;
  const st = s.stats();
  return {
    received: c.counters.framesIn + c.counters.framesOut,
    held: s.framesOf(c).length,
    notKept: st.notKept,
    evicted: st.evictedByCap,
    rows: doc.querySelectorAll('[data-testid=frame-row]').length,
    elements: doc.querySelectorAll('*').length,
    count: doc.querySelector('[data-testid=filter-count]')?.textContent ?? '',
    banners: [...doc.querySelectorAll('[data-testid=not-kept], [data-testid=evicted]')].map((b) => b.textContent).join(' | '),
  };
}`;

describe('scale in the real Chromium panel', { timeout: 240_000 }, () => {
  it(`keeps up with ${N.toLocaleString('en')} pushed frames, shows few DOM rows, and accounts for every frame`, async () => {
    const page = await ctx.session.browser.newPage();
    await page.goto(`${ctx.server.origin}/bench-panel.html`);
    const panel = await openRealPanel(page);
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=status]')?.textContent?.includes('Live')`);
    const t0 = Date.now();
    const got = (await page.evaluate((n: number) => (window as unknown as { runPush: (n: number, r: string) => Promise<{ got: number }> }).runPush(n, 'scale'), N)) as { got: number };
    expect(got.got).toBe(N + 1);
    const pageDone = Date.now();
    await panel.waitFor(`(doc) => { const r = [...doc.querySelectorAll('[data-testid=conn-row]')].find((x) => (x.dataset.url || '').includes('/ws/push')); if (!r) return false; r.click(); return true; }`);
    // A socket closed with 1005 opens on its diagnosis: go to its frames, as a person would.
    await panel.waitFor(`(doc) => { const b = doc.querySelector('[data-testid=tab-messages]'); if (!b) return false; b.click(); return true; }`);
    // Every frame the page saw (N + 'done' received, 'go' sent) is held or counted as not kept,
    // and the screen has caught up with the store (it renders on a 100 ms beat).
    const a = await panel.waitFor<Account>(
      `(doc, win) => { const a = (${account})(doc, win); return a && a.received === ${N + 2} && a.held + a.notKept + a.evicted === ${N + 2} && a.rows > 0 && a.count.replace(/\\s/g, '') === String(a.held) ? a : null; }`,
      120_000,
    );
    console.log(`scale: ${N} pushed; the page had them after ${pageDone - t0} ms, the panel ${Date.now() - pageDone} ms later; held ${a.held}, not kept ${a.notKept}, evicted ${a.evicted}; ${a.rows} frame rows, ${a.elements} elements`);
    expect(a.rows).toBeLessThanOrEqual(200);
    expect(a.elements).toBeLessThan(1500);
    // The frames list says how many it holds; any drop is on screen with its exact number.
    expect(a.count.replace(/\s/g, '')).toBe(String(a.held));
    if (a.notKept > 0) expect(a.banners.replace(/\s/g, '')).toContain(String(a.notKept));
    if (a.evicted > 0) expect(a.banners.replace(/\s/g, '')).toContain(String(a.evicted));
    if (a.notKept + a.evicted === 0) expect(a.banners).toBe('');

    // A person lowers the memory cap to 100k frames: the oldest go at once, counted exactly, on screen.
    await panel.click('[data-testid=cap-button]');
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=cap-frames]')`);
    expect(await panel.eval(setField('cap-frames', '100000', 'change'))).toBe(true);
    const capped = await panel.waitFor<Account>(`(doc, win) => { const b = (${account})(doc, win); return b && b.held === 100000 && b.banners && b.count.replace(/\\s/g, '') === '100000' ? b : null; }`);
    expect(capped.evicted - a.evicted).toBe(a.held - 100_000);
    expect(capped.held + capped.notKept + capped.evicted).toBe(N + 2);
    expect(capped.banners.replace(/\s/g, '')).toContain(String(capped.evicted));
    expect(capped.count.replace(/\s/g, '')).toBe('100000');
    await page.close();
  });
});
