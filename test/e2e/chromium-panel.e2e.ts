// The panel as a person uses it in Chromium: live capture after DevTools opened,
// iframes, hostile page data, the Russian UI, and a restarted service worker.
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { frameHandle, launchChromium, openRealPanel } from './harness/chromium';
import type { PanelHandle } from './harness/panel-handle';
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

describe('several panels at once', () => {
  // In Chromium a panel reads its tab's bridge ports directly (src/protocol/direct-ports.ts):
  // each port reaches every panel, so this checks the tab filter, a panel that opens
  // later, and a panel that closes while another one of the same tab keeps watching.
  it('each panel shows its own tab only; a later panel gets the history; closing one leaves the other live', async () => {
    const openIn = (page: Page, id: string) =>
      page.evaluate((url: string) => (window as unknown as { openAndWait: (u: string, o: unknown) => Promise<unknown> }).openAndWait(url, {}), `${env.server.wsOrigin}/ws/script?id=${id}&hello=x&close=1000&after=50`);
    const urls = (h: PanelHandle) => h.eval<string[]>(`(doc) => [...doc.querySelectorAll('[data-testid=conn-row]')].map((r) => r.dataset.url ?? '')`);
    const tabA = await env.session.browser.newPage();
    await tabA.goto(`${env.server.origin}/blank.html?tab=a`);
    const tabB = await env.session.browser.newPage();
    await tabB.goto(`${env.server.origin}/blank.html?tab=b`);
    const a1 = await openRealPanel(tabA);
    await a1.waitFor(`(doc) => doc.querySelector('[data-testid=status]')?.textContent?.startsWith('Live')`);
    await openIn(tabA, 'a-first');
    await a1.waitFor(closedConnection('id=a-first'));
    const b = await openDetached(tabB);
    await openIn(tabB, 'b-only');
    await b.handle.waitFor(closedConnection('id=b-only'));
    const a2 = await openDetached(tabA);
    // Opened after it closed: the hook's snapshot brings it.
    await a2.handle.waitFor(closedConnection('id=a-first'));
    await openIn(tabA, 'a-second');
    await a1.waitFor(closedConnection('id=a-second'));
    await a2.handle.waitFor(closedConnection('id=a-second'));
    await a2.page.close();
    await openIn(tabA, 'a-third');
    await a1.waitFor(closedConnection('id=a-third'));
    await openIn(tabB, 'b-second');
    await b.handle.waitFor(closedConnection('id=b-second'));
    const inA = await urls(a1);
    const inB = await urls(b.handle);
    expect(inA.filter((u) => u.includes('id=a-'))).toHaveLength(3);
    expect(inA.some((u) => u.includes('id=b-'))).toBe(false);
    expect(inB.filter((u) => u.includes('id=b-'))).toHaveLength(2);
    expect(inB.some((u) => u.includes('id=a-'))).toBe(false);
    await b.page.close();
    await tabA.close();
    await tabB.close();
  });
});

/** panel.html?tabId=N for `page`, in a tab of its own, once it is live. */
async function openDetached(page: Page): Promise<{ page: Page; handle: PanelHandle }> {
  const browser = env.session.browser;
  const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().includes(env.session.extensionId!));
  const worker = (await sw.worker())!;
  const tabId = (await worker.evaluate(`chrome.tabs.query({}).then((ts) => ts.find((t) => t.url === ${JSON.stringify(page.url())})?.id ?? -1)`)) as number;
  expect(tabId).toBeGreaterThanOrEqual(0);
  const panelPage = await browser.newPage();
  await panelPage.goto(`chrome-extension://${env.session.extensionId}/extension/panel.html?tabId=${tabId}`);
  const handle = frameHandle(panelPage.mainFrame());
  await handle.waitFor(`(doc) => doc.querySelector('[data-testid=status]')?.textContent?.startsWith('Live')`);
  return { page: panelPage, handle };
}

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
