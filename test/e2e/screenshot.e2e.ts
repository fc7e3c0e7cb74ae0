// Takes the README's screenshot of the real panel on the demo page, so the
// picture always shows what the current build renders (docs/panel.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openRealPanel, type ChromiumSession } from './harness/chromium';
import { startFixtureServer, type FixtureServer } from '../fixtures/server';
import { closedConnection, readCloseCard, selectConnection } from './harness/panel-queries';
import { statSync } from 'node:fs';

let server: FixtureServer;
let session: ChromiumSession;

beforeAll(async () => {
  server = await startFixtureServer();
  session = await launchChromium();
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('README screenshot', () => {
  it('shows the demo page with a 1007 explained next to its suspect frame', async () => {
    const page = await session.browser.newPage();
    await page.goto(`${server.origin}/demo.html`);
    const panel = await openRealPanel(page);
    await page.click('#lone');
    await page.click('#binary');
    await page.click('#reject');
    await panel.waitFor(closedConnection('/ws/demo'));
    await panel.eval(selectConnection('/ws/demo'));
    const card = await panel.waitFor<{ code: number; suspects: number[] }>(readCloseCard);
    expect(card.code).toBe(1007);
    expect(card.suspects.length).toBeGreaterThan(0);
    // Only the docked DevTools (the inspected page's area renders blank in a DevTools screenshot).
    const box = await panel.devtools.evaluate(() => {
      const r = document.body.getBoundingClientRect();
      const main = document.querySelector('.main-tabbed-pane, .tabbed-pane') as HTMLElement | null;
      const m = main?.getBoundingClientRect();
      return { x: m?.x ?? 0, width: m?.width ?? r.width, height: r.height };
    });
    await panel.devtools.screenshot({ path: 'docs/panel.png', clip: { x: box.x, y: 0, width: box.width, height: box.height } });
    expect(statSync('docs/panel.png').size).toBeGreaterThan(20_000);
  });
});
