// Foundation, in real Chromium: page → hook → bridge → background → the real DevTools panel.
import { describe, expect, it } from 'vitest';
import { openRealPanel } from './harness/chromium';
import { expectCaptureConnection, expectCaptureFrames } from './harness/expectations';
import { chromiumSuite } from './harness/suite';

const env = chromiumSuite();

describe('capture path in Chromium', () => {
  it('shows a socket opened by the first <head> script, before DevTools was opened, with frames and the 1001 close', async () => {
    const page = await env.session.browser.newPage();
    await page.goto(`${env.server.origin}/capture.html`);
    await page.waitForFunction(() => (window as unknown as { closeInfo?: unknown }).closeInfo, { timeout: 10_000 });
    const closed = await page.evaluate(() => (window as unknown as { closeInfo: unknown }).closeInfo);
    expect(closed).toEqual({ code: 1001, reason: 'server going down', wasClean: true });

    const panel = await openRealPanel(page);
    await expectCaptureConnection(panel, `${env.server.wsOrigin}/ws/script?hello=hi&bin=16&close=1001&reason=server%20going%20down&after=400`);
    await expectCaptureFrames(panel);
    await page.close();
  });
});
