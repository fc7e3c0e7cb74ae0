// Takes the README's screenshot of the real panel on the demo page, so the
// picture always shows what the current build renders (docs/panel.png).
import { describe, expect, it } from 'vitest';
import { openRealPanel } from './harness/chromium';
import { closedConnection, readCloseCard, selectConnection } from './harness/panel-queries';
import { statSync } from 'node:fs';
import { chromiumSuite } from './harness/suite';

const env = chromiumSuite();

describe('README screenshot', () => {
  it('shows the demo page with a 1007 explained next to its suspect frame', async () => {
    const page = await env.session.browser.newPage();
    await page.goto(`${env.server.origin}/demo.html`);
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
    // On a busy machine DevTools may not have painted the panel's frame yet (a blank
    // picture, once in a full CI run): the picture is taken again after a pause.
    for (let tries = 0; tries < 5; tries++) {
      await panel.devtools.screenshot({ path: 'docs/panel.png', clip: { x: box.x, y: 0, width: box.width, height: box.height } });
      if (statSync('docs/panel.png').size > 20_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(statSync('docs/panel.png').size).toBeGreaterThan(20_000);
  });
});
