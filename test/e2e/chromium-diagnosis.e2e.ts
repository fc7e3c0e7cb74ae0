// Close diagnosis and UTF-8 flags in the real Chromium DevTools panel, against a real ws server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchChromium, openRealPanel, type ChromiumSession } from './harness/chromium';
import type { PanelHandle } from './harness/panel-handle';
import { startFixtureServer, type FixtureServer } from '../fixtures/server';
import { ENGLISH_SECTIONS, closedConnection, readCloseCard, readDetail, readFrames, selectConnection, selectFrame } from './harness/panel-queries';
import { expectServerGoAwayCard, expectInvalidUtf8FromServer } from './harness/expectations';
import { burstBeforeNavigation } from './navigation-scenarios';

let server: FixtureServer;
let session: ChromiumSession;
let page: Page;
let panel: PanelHandle;

type Seen = { events: string[]; close?: { code: number; reason: string; wasClean: boolean }; threw?: string };
type Card = NonNullable<Awaited<ReturnType<typeof readCard>>>;
const readCard = () => panel.eval<{ code: number; initiator: string; name: string; summary: string; reason: string | null; sections: Array<{ title: string; text: string }>; causes: string; suspects: number[]; text: string } | null>(readCloseCard);

async function openAndWait(path: string, opts: Record<string, unknown> = {}): Promise<Seen> {
  return page.evaluate(
    (url: string, o: Record<string, unknown>) => (window as unknown as { openAndWait: (u: string, o: unknown) => Promise<Seen> }).openAndWait(url, o),
    server.wsOrigin + path,
    opts,
  );
}

async function cardFor(urlPart: string): Promise<Card> {
  await panel.waitFor(closedConnection(urlPart));
  expect(await panel.eval(selectConnection(urlPart))).toBe(true);
  return panel.waitFor<Card>(`(doc) => { doc.querySelector('[data-testid=tab-diagnosis]')?.click(); return (${readCloseCard})(doc); }`);
}

beforeAll(async () => {
  server = await startFixtureServer();
  session = await launchChromium({ extraArgs: ['--disable-back-forward-cache'] });
  page = await session.browser.newPage();
  await page.goto(`${server.origin}/blank.html`);
  panel = await openRealPanel(page);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('close diagnosis in Chromium', () => {
  it('explains a server 1001 with all five sections, in English', async () => {
    const seen = await openAndWait('/ws/script?id=goaway&close=1001&reason=deploy');
    expect(seen.close).toEqual({ code: 1001, reason: 'deploy', wasClean: true });
    const card = await cardFor('id=goaway');
    expectServerGoAwayCard(card);
    expect(card.text).toMatch(/backoff/i);
  });

  it('lists the lone-surrogate frame first among the suspects of a server 1007', async () => {
    const res = await page.evaluate(
      (url: string) =>
        new Promise<Seen>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => {
            ws.send('{"type":"hello"}');
            ws.send('{"type":"chat","text":"caf\u00e9 \ud83d"}');
            ws.send('{"type":"ping"}');
          };
          ws.onclose = (e) => resolve({ events: [], close: { code: e.code, reason: e.reason, wasClean: e.wasClean } });
        }),
      `${server.wsOrigin}/ws/script?id=surrogate1007&close=1007&reason=${encodeURIComponent('Invalid payload data')}&after=300`,
    );
    expect(res.close).toEqual({ code: 1007, reason: 'Invalid payload data', wasClean: true });
    const card = await cardFor('id=surrogate1007');
    expect(card.code).toBe(1007);
    expect(card.sections.map((s) => s.title)).toEqual(ENGLISH_SECTIONS);
    const frames = await panel.eval<Array<{ seq: number; text: string; dir: string; flagged: boolean }>>(`(doc) => { doc.querySelector('[data-testid=tab-messages]').click(); return null; }`).then(() =>
      panel.waitFor<Array<{ seq: number; text: string; dir: string; flagged: boolean }>>(`(doc) => { const f = (${readFrames})(doc); return f.length === 3 ? f : null; }`),
    );
    const bad = frames.find((f) => f.text.includes('caf'))!;
    expect(bad.flagged).toBe(true);
    expect(frames.filter((f) => f.flagged)).toHaveLength(1);
    expect(card.suspects[0]).toBe(bad.seq);
  });

  it('flags a page close(1001) as misuse: it threw and the socket stayed open', async () => {
    const seen = await openAndWait('/ws/script?id=misuse&close=1000&after=400', { closeCode: 1001, closeReason: 'bye' });
    expect(seen.threw).toBe('InvalidAccessError');
    await panel.waitFor(closedConnection('id=misuse'));
    await panel.eval(selectConnection('id=misuse'));
    const misuse = await panel.waitFor<string>(`(doc) => { doc.querySelector('[data-testid=tab-diagnosis]')?.click(); return doc.querySelector('[data-testid=misuse]')?.textContent; }`);
    expect(misuse).toMatch(/1001/);
    expect(misuse).toMatch(/InvalidAccessError/);
    expect(misuse).toMatch(/4000/);
  });

  it('reports data sent after close, which the browser drops without a word', async () => {
    await page.evaluate(
      (url: string) =>
        new Promise<void>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => {
            ws.send('before');
            ws.close(1000);
            ws.send('lost one');
            ws.send('lost two');
          };
          ws.onclose = () => resolve();
        }),
      `${server.wsOrigin}/ws/script?id=sendafterclose`,
    );
    await panel.waitFor(closedConnection('id=sendafterclose'));
    await panel.eval(selectConnection('id=sendafterclose'));
    const misuse = await panel.waitFor<string>(`(doc) => { doc.querySelector('[data-testid=tab-diagnosis]')?.click(); return doc.querySelector('[data-testid=misuse] [data-kind=send-after-close]')?.textContent; }`);
    expect(misuse).toMatch(/sent after close/i);
    // Two frames of 8 bytes each.
    expect(misuse).toMatch(/: 2, 16 bytes/);
  });

  it('names invalid UTF-8 from the server among the causes of a 1006', async () => {
    await expectInvalidUtf8FromServer(openAndWait, cardFor);
  });

  it('infers the browser 1001 when the page navigates away with a socket open (Preserve log on)', async () => {
    await panel.eval(`(doc) => { const c = doc.querySelector('[data-testid=preserve-log]'); if (!c.checked) c.click(); return c.checked; }`);
    await openAndWait('/ws/script?id=navaway', { resolveOnOpen: true });
    await panel.waitFor(`(doc) => [...doc.querySelectorAll('[data-testid=conn-row]')].some((r) => r.dataset.url.includes('id=navaway'))`);
    await page.goto(`${server.origin}/blank.html?second`);
    // The server hears the browser's 1001.
    await expect.poll(() => server.log.find((e) => e.path.includes('id=navaway') && e.event === 'close')?.code, { timeout: 10_000 }).toBe(1001);
    await panel.waitFor(`(doc) => [...doc.querySelectorAll('[data-testid=conn-row]')].find((r) => r.dataset.url.includes('id=navaway'))?.classList.contains('previous')`);
    await panel.eval(selectConnection('id=navaway'));
    const card = await panel.waitFor<Card>(`(doc) => { doc.querySelector('[data-testid=tab-diagnosis]')?.click(); return (${readCloseCard})(doc); }`);
    expect(card.code).toBe(1001);
    expect(card.initiator).toBe('browser');
    expect(card.text).toMatch(/inferred/i);
  });

  it('keeps every frame a page sent in a burst just before it navigated away', () => burstBeforeNavigation(page, panel, server));

  it('shows the flagged frame, the wire bytes the server received, and the fix', async () => {
    await openAndWait('/ws/script?id=lone&close=1000&after=300', { send: ['a\ud800b', 'Привет, мир! 你好 مرحبا 👋🏽 👨‍👩‍👧', 'x'] });
    await panel.waitFor(closedConnection('id=lone'));
    await panel.eval(selectConnection('id=lone'));
    const frames = await panel.waitFor<Array<{ seq: number; text: string; flagged: boolean }>>(`(doc) => { doc.querySelector('[data-testid=tab-messages]')?.click(); const f = (${readFrames})(doc); return f.length === 3 ? f : null; }`);
    expect(frames.map((f) => f.flagged)).toEqual([true, false, false]);
    await panel.eval(selectFrame(frames[0]!.seq));
    const d = await panel.waitFor<{ lone: string; marks: number[]; wireHex: string; findings: string }>(`(doc) => { const d = (${readDetail})(doc); return d && d.wireHex ? d : null; }`);
    expect(d.marks).toEqual([1]);
    expect(d.lone).toMatch(/\b1\b/);
    const serverBytes = server.log.find((e) => e.path.includes('id=lone') && e.event === 'message')!.bytes!;
    expect([...serverBytes]).toEqual([0x61, 0xef, 0xbf, 0xbd, 0x62]);
    expect(d.wireHex).toContain('61 ef bf bd 62');
    expect(d.findings).toMatch(/isWellFormed|toWellFormed/);
  });
});
