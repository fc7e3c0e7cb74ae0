// Foundation, in real Chromium: page → hook → bridge → background → the real DevTools panel.
import { describe, expect, it } from 'vitest';
import { openRealPanel } from './harness/chromium';
import { closedConnection, readConnections, readFrames, selectConnection } from './harness/panel-queries';
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
    const row = await panel.waitFor<string>(closedConnection('/ws/script'));
    expect(row).toContain('1001');
    const conns = await panel.eval<Array<{ url: string; chip: string; counts: string; text: string }>>(readConnections);
    expect(conns).toHaveLength(1);
    expect(conns[0]!.url).toBe(`${env.server.wsOrigin}/ws/script?hello=hi&bin=16&close=1001&reason=server%20going%20down&after=400`);
    expect(conns[0]!.chip).toBe('1001');
    expect(conns[0]!.counts).toBe('↑3 ↓2');
    expect(conns[0]!.text).toContain('server going down');

    expect(await panel.eval(selectConnection('/ws/script'))).toBe(true);
    const frames = await panel.waitFor<Array<{ dir: string; type: string; size: number; text: string }>>(
      `(doc) => { const f = (${readFrames})(doc); return f.length === 5 ? f : null; }`,
    );
    // The page sends from its open handler, which runs before the server's first frames are delivered.
    expect(frames.map((f) => [f.dir, f.type, f.size])).toEqual([
      ['out', 'text', 15],
      ['out', 'binary', 4],
      ['out', 'text', 13],
      ['in', 'text', 2],
      ['in', 'binary', 16],
    ]);
    expect(frames[3]!.text).toBe('hi');
    expect(frames[1]!.text).toBe('01 02 03 fa');
    await page.close();
  });
});
