// The panel as a person uses it in Chromium: live capture after DevTools opened,
// iframes, hostile page data, the Russian UI, and a restarted service worker.
import { describe, expect, it } from 'vitest';
import { launchChromium, openRealPanel } from './harness/chromium';
import { closedConnection, readCloseCard, readConnections, readDetail, readFrames, selectConnection, selectFrame } from './harness/panel-queries';
import { chromiumSuite } from './harness/suite';

const env = chromiumSuite();

type Conn = { url: string; text: string; chip: string | null; counts: string };

describe('the Chromium panel, live', () => {
  it('captures sockets of a page loaded while DevTools is open, in iframes too', async () => {
    const page = await env.session.browser.newPage();
    await page.goto(`${env.server.origin}/blank.html`);
    const panel = await openRealPanel(page);
    await page.goto(`${env.server.origin}/iframe-parent.html`);
    const conns = await panel.waitFor<Conn[]>(`(doc) => { const c = (${readConnections})(doc); return c.length === 2 && c.every((x) => x.chip) ? c : null; }`);
    const child = conns.find((c) => c.url.includes('id=childframe'))!;
    const blank = conns.find((c) => c.url.includes('id=blankframe'))!;
    expect(child.chip).toBe('1001');
    expect(child.counts).toBe('↑1 ↓1');
    expect(child.text).toContain('iframe-child.html');
    expect(blank.chip).toBe('1000');
    expect(blank.text).toContain('about:blank');
    await panel.eval(selectConnection('id=childframe'));
    const frames = await panel.waitFor<Array<{ dir: string; text: string }>>(`(doc) => { const f = (${readFrames})(doc); return f.length === 2 ? f : null; }`);
    expect(frames.map((f) => [f.dir, f.text])).toEqual([
      ['out', 'child says hi'],
      ['in', 'from-child'],
    ]);
    await page.close();
  });

  it('shows hostile page data as text, runs none of it, and stays responsive', async () => {
    const page = await env.session.browser.newPage();
    await page.goto(`${env.server.origin}/blank.html`);
    const panel = await openRealPanel(page);
    await page.goto(`${env.server.origin}/hostile.html`);
    await page.waitForFunction(() => (window as unknown as { closeInfo?: unknown }).closeInfo, { timeout: 20_000 });
    const row = await panel.waitFor<string>(closedConnection('id=hostile'));
    expect(row).toContain('4000');
    const conns = await panel.eval<Conn[]>(readConnections);
    // The browser percent-encodes markup in a URL; the panel shows the URL the socket really used.
    expect(conns[0]!.url).toContain('x=%3Cimg%20src%3Dx%20onerror%3D');
    expect(conns[0]!.text).toContain('/ws/echo');
    await panel.eval(selectConnection('id=hostile'));
    const card = await panel.waitFor<{ reason: string; text: string }>(readCloseCard);
    expect(card.reason).toBe('<img src=x onerror="top.__pwned=4">');
    const frames = await panel.waitFor<Array<{ seq: number; size: number; text: string; dir: string; type: string }>>(`(doc) => { const f = (${readFrames})(doc); return f.length === 10 ? f : null; }`);
    const big = frames.find((f) => f.dir === 'out' && f.size === 1024 * 1024)!;
    expect(big).toBeDefined();
    await panel.eval(selectFrame(frames[0]!.seq));
    const d = await panel.waitFor<{ text: string }>(`(doc) => { const d = (${readDetail})(doc); return d && d.text ? d : null; }`);
    expect(d.text).toContain('<script>window.__pwned=2</script>');
    await panel.eval(selectFrame(big.seq));
    const t0 = Date.now();
    const bigDetail = await panel.waitFor<{ all: string }>(`(doc) => { const d = (${readDetail})(doc); return d && d.all.includes('1.0 MiB') ? d : null; }`);
    expect(bigDetail.all).toContain('preview only');
    expect(Date.now() - t0).toBeLessThan(5000);
    const safety = await panel.eval<{ pwned: unknown; foreign: number; scripts: number }>(`(doc, win) => ({
      pwned: win.__pwned ?? null,
      foreign: doc.querySelectorAll('.app img, .app svg, .app script, .app iframe, .app b').length,
      scripts: doc.scripts.length,
    })`);
    expect(safety).toEqual({ pwned: null, foreign: 0, scripts: 1 });
    await page.close();
  });

  it('keeps capturing after the service worker is stopped and restarted', async () => {
    const page = await env.session.browser.newPage();
    await page.goto(`${env.server.origin}/blank.html`);
    const panel = await openRealPanel(page);
    const open = (id: string) =>
      page.evaluate((url: string) => (window as unknown as { openAndWait: (u: string, o: unknown) => Promise<unknown> }).openAndWait(url, {}), `${env.server.wsOrigin}/ws/script?id=${id}&hello=x&close=1000&after=100`);
    await open('before-restart');
    await panel.waitFor(closedConnection('id=before-restart'));
    // Stop the MV3 service worker, as Chrome does when it is idle.
    const cdp = await page.createCDPSession();
    await cdp.send('ServiceWorker.enable');
    const stopped = new Promise<void>((resolve) =>
      cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ runningStatus: string }> }) => {
        if (e.versions.some((v) => v.runningStatus === 'stopped')) resolve();
      }),
    );
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=status]')?.textContent?.startsWith('Live')`, 20_000);
    await open('after-restart');
    const conns = await panel.waitFor<Conn[]>(`(doc) => { const c = (${readConnections})(doc); return c.some((x) => x.url.includes('after-restart') && x.chip) ? c : null; }`, 20_000);
    // Nothing is duplicated by the snapshot the hook resends after the reconnection.
    expect(conns.filter((c) => c.url.includes('id=before-restart'))).toHaveLength(1);
    expect(conns.find((c) => c.url.includes('after-restart'))!.counts).toBe('↑0 ↓1');
    await page.close();
  });
});

describe('the Chromium panel in Russian', () => {
  it('shows the 1001 card with Russian section titles', async () => {
    const ru = await launchChromium({ lang: 'ru' });
    try {
      const page = await ru.browser.newPage();
      await page.goto(`${env.server.origin}/blank.html`);
      const panel = await openRealPanel(page);
      await page.evaluate((url: string) => (window as unknown as { openAndWait: (u: string, o: unknown) => Promise<unknown> }).openAndWait(url, {}), `${env.server.wsOrigin}/ws/script?id=ru&close=1001&reason=deploy`);
      await panel.waitFor(closedConnection('id=ru'));
      await panel.eval(selectConnection('id=ru'));
      const card = await panel.waitFor<{ name: string; sections: Array<{ title: string }>; summary: string }>(readCloseCard);
      expect(card.sections.map((s) => s.title)).toEqual(['Описание', 'Когда вы это видите', 'Как исправить', 'Ключевые различия', 'Когда что использовать']);
      expect(card.summary).toMatch(/[а-яё]/i);
    } finally {
      await ru.close();
    }
  });
});
