// Finding the frame that matters and sharing what you saw, in the real Chromium panel:
// combined filters with a regex search, and a HAR export → import round trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchChromium, openRealPanel, type ChromiumSession } from './harness/chromium';
import { startFixtureServer, type FixtureServer } from '../fixtures/server';
import { closedConnection, readConnections, readFrames, selectConnection } from './harness/panel-queries';

let server: FixtureServer;
let session: ChromiumSession;
let page: Page;
let panel: Awaited<ReturnType<typeof openRealPanel>>;
let downloadDone: Promise<void>;
const downloads = mkdtempSync(join(tmpdir(), 'wsd-downloads-'));

const setFilter = (value: string) => `(doc) => {
  const el = doc.querySelector('[data-testid=filter-query]');
  if (!el) return false;
  el.value = ${JSON.stringify(value)};
  el.dispatchEvent(new Event('input', { bubbles: true }));
  return true;
}`;

beforeAll(async () => {
  server = await startFixtureServer();
  session = await launchChromium();
  page = await session.browser.newPage();
  await page.goto(`${server.origin}/blank.html`);
  panel = await openRealPanel(page);
  const cdp = await session.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
  // The file exists (empty) before Chrome has written it: wait for Chrome to say it is complete.
  downloadDone = new Promise((resolve) => cdp.on('Browser.downloadProgress', (e: { state: string }) => e.state === 'completed' && resolve()));
  const sends = Array.from({ length: 50 }, (_, i) => (i === 42 ? '{"type":"order","id":"needle-42"}' : `{"type":"tick","i":${i}}`));
  await page.evaluate(
    (url: string, send: string[]) => (window as unknown as { openAndWait: (u: string, o: unknown) => Promise<unknown> }).openAndWait(url, { send }),
    `${server.wsOrigin}/ws/script?id=daily&hello=welcome&close=1001&reason=bye&after=400`,
    sends,
  );
  await panel.waitFor(closedConnection('id=daily'));
});
afterAll(async () => {
  await session?.close();
  await server?.close();
  rmSync(downloads, { recursive: true, force: true });
});

describe('daily driver in Chromium', () => {
  it('a regex filter finds the one matching frame; an invalid one says so', async () => {
    await panel.eval(selectConnection('id=daily'));
    // The list is virtualized: the count, not the DOM rows, says how many frames there are.
    await panel.waitFor(`(doc) => { (${readFrames})(doc); return doc.querySelector('[data-testid=filter-count]')?.textContent === '51'; }`);
    expect(await panel.eval(setFilter('/needle-\\d+/'))).toBe(true);
    const frames = await panel.waitFor<Array<{ text: string; dir: string }>>(`(doc) => { const f = (${readFrames})(doc); return f.length === 1 ? f : null; }`);
    expect(frames[0]!.text).toContain('needle-42');
    expect(await panel.eval<string>(`(doc) => doc.querySelector('[data-testid=filter-count]').textContent`)).toBe('1 of 51');
    await panel.eval(setFilter('/needle-(/'));
    const err = await panel.waitFor<string>(`(doc) => doc.querySelector('[data-testid=filter-error]')?.textContent`);
    expect(err).toMatch(/regular expression|regex/i);
    await panel.eval(setFilter('tick'));
    await panel.eval(`(doc) => { const s = doc.querySelector('[data-testid=filter-dir]'); s.value = 'in'; s.dispatchEvent(new Event('change', { bubbles: true })); return true; }`);
    // "tick" frames were all sent by the page: none received.
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=filter-count]')?.textContent === '0 of 51'`);
    await panel.eval(setFilter(''));
    await panel.eval(`(doc) => { const s = doc.querySelector('[data-testid=filter-dir]'); s.value = 'both'; s.dispatchEvent(new Event('change', { bubbles: true })); return true; }`);
  });

  it('exports the tab as HAR and imports it back with the same connections, frames and close facts', async () => {
    await panel.click('[data-testid=export-har]');
    await downloadDone;
    const file = readdirSync(downloads).find((f) => f.endsWith('.har'));
    expect(file).toBeDefined();
    const har = JSON.parse(readFileSync(join(downloads, file!), 'utf8'));
    const entry = har.log.entries.find((e: { request: { url: string } }) => e.request.url.includes('id=daily'));
    expect(entry._resourceType).toBe('websocket');
    expect(entry._webSocketMessages).toHaveLength(51);
    expect(entry._webSocketMessages.filter((m: { type: string }) => m.type === 'send')).toHaveLength(50);
    expect(entry._wsdClose).toMatchObject({ code: 1001, reason: 'bye', wasClean: true });

    const input = await panel.frame.$('input[data-testid=import-har]');
    await (input as unknown as import('puppeteer-core').ElementHandle<HTMLInputElement>).uploadFile(join(downloads, file!));
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=imported-banner]')`);
    const conns = await panel.waitFor<Array<{ url: string; chip: string; counts: string }>>(`(doc) => { const c = (${readConnections})(doc); return c.length ? c : null; }`);
    const daily = conns.find((c) => c.url.includes('id=daily'))!;
    expect(daily.chip).toBe('1001');
    expect(daily.counts).toBe('↑50 ↓1');
    await panel.eval(selectConnection('id=daily'));
    await panel.waitFor(`(doc) => { (${readFrames})(doc); return doc.querySelector('[data-testid=filter-count]')?.textContent === '51'; }`);
    await panel.eval(setFilter('needle'));
    const frames = await panel.waitFor<Array<{ text: string }>>(`(doc) => { const f = (${readFrames})(doc); return f.length === 1 ? f : null; }`);
    expect(frames[0]!.text).toContain('needle-42');
    await panel.click('[data-testid=back-to-live]');
    await panel.waitFor(`(doc) => !doc.querySelector('[data-testid=imported-banner]')`);
  });
});
