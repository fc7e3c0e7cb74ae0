// What a page sends in its last moments before it navigates away reaches the panel
// (Preserve log on), in either browser: a discarded document runs no more tasks, so
// the hook hands what it holds to the bridge synchronously, then each frame as it is
// recorded (src/hook/hook.iife.ts), and the bridge sends what it was still deflating
// as it is (src/bridge/bridge.iife.ts).
import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { PanelHandle } from './harness/panel-handle';
import type { FixtureServer } from '../fixtures/server';

/**
 * Extension messages a document posts while it is being discarded race the browser's
 * own teardown of its ports: in Chromium about one attempt in six lost them all (even
 * the socket's creation), whatever the hook did. So the scenario gets three attempts,
 * each on a socket of its own; without the synchronous hand-off every attempt fails.
 */
export async function burstBeforeNavigation(page: Page, panel: PanelHandle, server: FixtureServer) {
  await panel.eval(`(doc) => { const c = doc.querySelector('[data-testid=preserve-log]'); if (!c.checked) c.click(); return c.checked; }`);
  const outcomes: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const id = `burstaway${attempt}`;
    const held = (c: string) =>
      `(doc, win) => { const s = win.__wsd.store; const c = s.connections().find((x) => x.facts.url.includes('id=${id}&')); ${c} }`;
    // 3,000 frames: 1,500 just before the page navigates (the first of its batches big
    // enough to be deflated), and 1,500 from the page's own pagehide listener, which runs
    // after the hook's: only a synchronous hand-off can carry those.
    await page.goto(`${server.origin}/blank.html?burst-away`);
    await page.evaluate((url: string) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        for (let i = 0; i < 1500; i++) ws.send(`{"seq":${i},"r":${Math.random()}}`);
        addEventListener('pagehide', () => {
          for (let i = 1500; i < 3000; i++) ws.send(`{"seq":${i},"bye":true}`);
        });
        location.href = '/blank.html?after-burst';
      };
    }, `${server.wsOrigin}/ws/sink?id=${id}&`);
    await page.waitForFunction(() => location.search === '?after-burst', { timeout: 10_000 });
    const ok = await panel
      .waitFor<boolean>(held(`return c && c.previous && s.framesOf(c).length === 3000 ? true : null;`), 8_000)
      .catch(() => false);
    if (ok) return;
    outcomes.push(String(await panel.eval(held(`return c ? s.framesOf(c).length + ' frames' : 'no connection';`))));
  }
  expect(outcomes, 'frames the panel held after each attempt (3,000 expected)').toEqual([]);
}

/**
 * Back from the back/forward cache: the browser closed the document's extension ports
 * when it went in; once restored, the sockets it opens must reach the panel again, and
 * what it recorded meanwhile too (the hook's ring, sent again as a snapshot). The pages
 * are served cacheable (`?bfcache`): a `no-store` page with a socket is never cached.
 */
export async function backForwardCache(page: Page, panel: PanelHandle, server: FixtureServer) {
  await panel.eval(`(doc) => { const c = doc.querySelector('[data-testid=preserve-log]'); if (!c.checked) c.click(); return c.checked; }`);
  const openAndClose = (id: string) =>
    page.evaluate(
      (u: string) =>
        new Promise<void>((ok) => {
          const ws = new WebSocket(u);
          ws.onopen = () => {
            ws.send('hello ' + u);
            ws.onmessage = () => {
              ws.close(1000, 'done');
              ok();
            };
          };
        }),
      `${server.wsOrigin}/ws/echo?id=${id}`,
    );
  // Each socket's frames and close, in the panel (the first two before the page they
  // belong to is left: a page that goes into the cache sends nothing until it is back).
  const held = (id: string) =>
    panel.waitFor<number>(
      `(doc, win) => { const s = win.__wsd.store; const c = s.connections().find((x) => x.facts.url.includes('id=${id}')); return c && c.facts.close && s.framesOf(c).length === 2 ? c.facts.close.code : null; }`,
    );
  await page.goto(`${server.origin}/blank.html?bfcache&first`);
  await page.evaluate(() => {
    (window as unknown as { restored: boolean[] }).restored = [];
    addEventListener('pageshow', (e) => (window as unknown as { restored: boolean[] }).restored.push(e.persisted));
  });
  await openAndClose('bf-before');
  expect(await held('bf-before')).toBe(1000);
  await page.goto(`${server.origin}/blank.html?bfcache&second`);
  await openAndClose('bf-elsewhere');
  expect(await held('bf-elsewhere')).toBe(1000);
  // Not page.goBack(): under Firefox's BiDi it waits for a load that a page restored
  // from the cache never fires.
  await page.evaluate(() => history.back());
  await page.waitForFunction(() => location.search.includes('first'), { timeout: 10_000 });
  // The scenario only means something if the page really came back from the cache.
  expect(await page.evaluate(() => (window as unknown as { restored?: boolean[] }).restored)).toEqual([true]);
  await openAndClose('bf-after');
  // The restored document's new socket, frames and close: the bridge attached again.
  expect(await held('bf-after')).toBe(1000);
  // And it is the current page again; the one left for it is the previous one.
  const previous = await panel.eval<Record<string, boolean>>(
    `(doc, win) => Object.fromEntries(win.__wsd.store.connections().filter((c) => c.facts.url.includes('id=bf-')).map((c) => [c.facts.url.split('id=')[1], c.previous]))`,
  );
  expect(previous).toEqual({ 'bf-before': false, 'bf-elsewhere': true, 'bf-after': false });
}
