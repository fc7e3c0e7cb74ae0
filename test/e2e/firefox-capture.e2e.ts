// Foundation, in real Firefox ESR: page → hook → bridge → background → the real
// DevTools panel in the toolbox, then the same connection in the detached panel tab.
import { describe, expect, it } from 'vitest';
import { findDetachedPanel, openRealFirefoxPanel } from './harness/firefox-panel';
import { firefoxSuite } from './harness/suite';
import { expectCaptureConnection, expectCaptureFrames } from './harness/expectations';
import { closedConnection } from './harness/panel-queries';

const env = firefoxSuite();

const panelTabId = `(doc, win) => win.__wsd?.tabId ?? null`;

/** Records the panel's uncaught errors, so a click that does nothing can say why. */
const recordErrors = `(doc, win) => {
  win.__wsdE2EErrors = [];
  win.addEventListener('error', (e) => win.__wsdE2EErrors.push(String(e.message)));
  win.addEventListener('unhandledrejection', (e) => win.__wsdE2EErrors.push('unhandled rejection: ' + String(e.reason)));
  return true;
}`;
const readErrors = `(doc, win) => [...(win.__wsdE2EErrors ?? [])]`;

async function loadCapturePage() {
  const page = await env.session.browser.newPage();
  await page.goto(`${env.server.origin}/capture.html`);
  await page.waitForFunction(() => (window as unknown as { closeInfo?: unknown }).closeInfo, { timeout: 10_000 });
  const closed = await page.evaluate(() => (window as unknown as { closeInfo: unknown }).closeInfo);
  expect(closed).toEqual({ code: 1001, reason: 'server going down', wasClean: true });
  return page;
}

const captureUrl = () => `${env.server.wsOrigin}/ws/script?hello=hi&bin=16&close=1001&reason=server%20going%20down&after=400`;

describe('capture path in Firefox ESR', () => {
  it('shows a socket opened by the first <head> script, before the toolbox was opened, in the real DevTools panel', async () => {
    const t0 = Date.now();
    const page = await loadCapturePage();
    const t1 = Date.now();
    const panel = await openRealFirefoxPanel(env.session, page);
    expect(panel.panelUrl).toBe(`${env.session.extensionOrigin}/extension/panel.html`);
    const t2 = Date.now();
    await expectCaptureConnection(panel, captureUrl());
    await expectCaptureFrames(panel);
    const t3 = Date.now();
    console.log(`firefox real panel: page ${t1 - t0} ms, open toolbox + panel ${t2 - t1} ms (${JSON.stringify(panel.timings)}), panel checks ${t3 - t2} ms`);
    await page.close();
  });

  it('"Open in tab" in the real DevTools panel opens the detached panel, live on the same tab', async () => {
    const t0 = Date.now();
    const page = await loadCapturePage();
    const panel = await openRealFirefoxPanel(env.session, page);
    await panel.waitFor<string>(closedConnection('/ws/script'));
    const inspectedTab = await panel.eval<number | null>(panelTabId);
    expect(typeof inspectedTab).toBe('number');
    const t1 = Date.now();

    expect(await panel.eval(recordErrors)).toBe(true);
    await panel.click('[data-testid=detach]');
    const detached = await findDetachedPanel(env.session, 10_000).catch(async (e: unknown) => {
      const errors = await panel.eval<string[]>(readErrors);
      throw new Error(`${e instanceof Error ? e.message : String(e)}\nuncaught errors in the DevTools panel after the click: ${errors.join(' | ') || '(none)'}`);
    });
    const t2 = Date.now();
    expect(detached.url).toBe(`${env.session.extensionOrigin}/extension/panel.html?tabId=${inspectedTab}`);
    expect(await detached.eval(panelTabId)).toBe(inspectedTab);
    // Detached, the panel offers no second "Open in tab".
    expect(await detached.eval(`(doc) => !!doc.querySelector('[data-testid=detach]')`)).toBe(false);
    await expectCaptureConnection(detached, captureUrl());
    await expectCaptureFrames(detached);
    const t3 = Date.now();
    console.log(`firefox detach: page + real panel ${t1 - t0} ms, click → detached tab ready ${t2 - t1} ms, detached checks ${t3 - t2} ms`);
    await detached.page.close();
    await page.close();
  });
});
