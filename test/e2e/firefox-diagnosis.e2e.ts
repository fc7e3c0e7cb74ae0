// Close diagnosis and UTF-8 flags in the REAL Firefox DevTools panel (the toolbox
// of Firefox ESR), against a real ws server. Mirrors chromium-diagnosis.e2e.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { openRealFirefoxPanel } from './harness/firefox-panel';
import type { PanelHandle } from './harness/panel-handle';
import { startFixtureServer, type FixtureServer } from '../fixtures/server';
import { closedConnection, readCloseCard, readDetail, readFrames, selectConnection, selectFrame } from './harness/panel-queries';
import { expectServerGoAwayCard, expectInvalidUtf8FromServer } from './harness/expectations';
import { backForwardCache, burstBeforeNavigation } from './navigation-scenarios';

let server: FixtureServer;
let session: FirefoxSession;
let page: Page;
let panel: PanelHandle;

type Seen = { events: string[]; close?: { code: number; reason: string; wasClean: boolean }; threw?: string };
type Card = {
  code: number;
  initiator: string;
  name: string;
  summary: string;
  reason: string | null;
  sections: Array<{ title: string; text: string }>;
  causes: string;
  suspects: number[];
  text: string;
};
type FrameRow = { seq: number; dir: string; type: string; text: string; flagged: boolean };
type Detail = { text: string | null; wireHex: string | null; findings: string | null; lone: string | null; marks: number[]; all: string };


async function openAndWait(path: string, opts: Record<string, unknown> = {}): Promise<Seen> {
  return page.evaluate(
    (url: string, o: Record<string, unknown>) => (window as unknown as { openAndWait: (u: string, o: unknown) => Promise<Seen> }).openAndWait(url, o),
    server.wsOrigin + path,
    opts,
  );
}

/** Source of a condition: the connection view shows the connection whose URL contains `urlPart` (not the one selected before). */
const shows = (urlPart: string) => `(doc.querySelector('[data-testid=cv-url]')?.textContent ?? '').includes(${JSON.stringify(urlPart)})`;

/** Waits for the connection to be listed as closed, selects it and reads its close card (Diagnosis tab). */
async function cardFor(urlPart: string): Promise<Card> {
  await panel.waitFor(closedConnection(urlPart));
  expect(await panel.eval(selectConnection(urlPart))).toBe(true);
  return panel.waitFor<Card>(`(doc) => ${shows(urlPart)} ? (${readCloseCard})(doc) : null`);
}

/** Waits for the connection to be listed as closed, selects it and waits for `n` frames (Messages tab). */
async function framesFor(urlPart: string, n: number): Promise<FrameRow[]> {
  await panel.waitFor(closedConnection(urlPart));
  expect(await panel.eval(selectConnection(urlPart))).toBe(true);
  return panel.waitFor<FrameRow[]>(`(doc) => { if (!${shows(urlPart)}) return null; const f = (${readFrames})(doc); return f.length === ${n} ? f : null; }`);
}

/** Opens a frame's detail and waits until it shows the UTF-8 findings and `marker` in the rendered text. */
async function detailOf(seq: number, marker: string): Promise<Detail> {
  expect(await panel.eval(selectFrame(seq))).toBe(true);
  return panel.waitFor<Detail>(`(doc) => { const d = (${readDetail})(doc); return d && d.findings && (d.text || '').includes(${JSON.stringify(marker)}) ? d : null; }`);
}

const timings: string[] = [];
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${label} ${Date.now() - t0} ms`);
  }
}

beforeAll(async () => {
  await timed('setup (server + Firefox + page + real panel)', async () => {
    server = await startFixtureServer();
    session = await launchFirefox();
    page = await session.browser.newPage();
    await page.goto(`${server.origin}/blank.html`);
    const p = await openRealFirefoxPanel(session, page);
    timings.push(`panel open ${JSON.stringify(p.timings)}`);
    panel = p;
  });
});
afterAll(async () => {
  console.log(`firefox diagnosis: ${timings.join('; ')}`);
  await session?.close();
  await server?.close();
});

describe('close diagnosis and UTF-8 flags in the real Firefox DevTools panel', () => {
  it('explains a server 1001 with all five sections, in English', async () => {
    await timed('1001', async () => {
      const seen = await openAndWait('/ws/script?id=goaway&close=1001&reason=deploy');
      expect(seen.close).toEqual({ code: 1001, reason: 'deploy', wasClean: true });
      const card = await cardFor('id=goaway');
      expectServerGoAwayCard(card);
    });
  });

  it('flags only the lone-surrogate frame, marks index 1, and shows the bytes the server really received', async () => {
    await timed('lone surrogate', async () => {
      const sent = ['a\uD800b', 'Привет, мир! 你好 مرحبا 👋🏽 👨‍👩‍👧', 'x'];
      const seen = await openAndWait('/ws/script?id=lone&close=1000&after=300', { send: sent });
      expect(seen.close?.code).toBe(1000);
      const frames = await framesFor('id=lone', 3);
      expect(frames.map((f) => [f.dir, f.type])).toEqual([
        ['out', 'text'],
        ['out', 'text'],
        ['out', 'text'],
      ]);
      expect(frames.map((f) => f.flagged)).toEqual([true, false, false]);
      expect(frames[1]!.text).toBe(sent[1]);

      // The lone surrogate is rendered as a visible \uD800 label.
      const d = await detailOf(frames[0]!.seq, 'a\\uD800b');
      expect(d.marks).toEqual([1]);
      expect(d.lone).toMatch(/\b1\b/);
      expect(d.wireHex).toContain('61 ef bf bd 62');

      const messages = server.log.filter((e) => e.path.includes('id=lone') && e.event === 'message');
      expect(messages).toHaveLength(3);
      expect([...messages[0]!.bytes!]).toEqual([0x61, 0xef, 0xbf, 0xbd, 0x62]);
      expect(messages[1]!.bytes!.toString('utf8')).toBe(sent[1]);
    });
  });

  it('flags a binary string with NUL bytes sent as text, and says it is binary data', async () => {
    await timed('binary string', async () => {
      const png = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52);
      const seen = await openAndWait('/ws/script?id=binstr&close=1000&after=300', { send: [png] });
      expect(seen.close?.code).toBe(1000);
      const frames = await framesFor('id=binstr', 1);
      expect(frames[0]!.flagged).toBe(true);
      const d = await detailOf(frames[0]!.seq, 'IHDR');
      expect(d.marks).toEqual([]);
      expect(d.findings).toMatch(/binary data/);
      expect(d.findings).toMatch(/PNG file signature/);
      expect(d.findings).toMatch(/Send bytes in a binary frame/);
    });
  });

  it('keeps every frame a page sent in a burst just before it navigated away', () => burstBeforeNavigation(page, panel, server));
  it('shows the sockets of a page restored from the back/forward cache', () => backForwardCache(page, panel, server));

  it('names invalid UTF-8 from the server among the causes of a 1006', async () => {
    await timed('server invalid UTF-8', async () => {
      await expectInvalidUtf8FromServer(openAndWait, cardFor);
    });
  });
});
