// "Finding the frame that matters and sharing what you saw", driven through the
// real DevTools panel of either browser: combined frame filters (text, regex and an
// invalid one, direction, type, flagged) and a HAR export → import round trip.
// The browser files (chromium-daily, firefox-daily) supply only what differs: how a
// download lands on disk and how a file gets into the panel's file input.
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import type { PanelHandle } from './harness/panel-handle';
import type { FixtureServer } from '../fixtures/server';
import { FrameFlag } from '../../src/protocol/records';
import { closedConnection, readCloseCard, readConnections, readDetail, readFrames, readHandshakeView, selectConnection, selectFrame, setField } from './harness/panel-queries';
import type { HandshakeViewRead } from './handshake-scenarios';

export interface DailyCtx {
  page: Page;
  panel: PanelHandle;
  server: FixtureServer;
  /** Clicks Export HAR and resolves with the path of the complete file. */
  exportHar(): Promise<string>;
  /** Puts the file into the panel's Import HAR input, as the file dialog would. */
  importHar(path: string): Promise<void>;
}

/** 50 sends: ticks, one needle at 42, one lone surrogate at 7; the server says hello, sends 16 bytes of binary, then 1001. */
const SENDS = 50;
const TOTAL = String(SENDS + 2);
const TICKS = SENDS - 2;
export const DAILY_ID = 'id=daily';

export async function openDailySocket(ctx: DailyCtx) {
  const sends = Array.from({ length: SENDS }, (_, i) => (i === 42 ? '{"type":"order","id":"needle-42"}' : i === 7 ? 'LONE' : `{"type":"tick","i":${i}}`));
  await ctx.page.evaluate(
    (url: string, send: string[]) => {
      // Built in the page: a lone surrogate might not survive the trip as a protocol argument.
      const lone = 'lone ' + String.fromCharCode(0xd800) + ' surrogate';
      const w = window as unknown as { openAndWait: (u: string, o: unknown) => Promise<unknown> };
      return w.openAndWait(url, { send: send.map((s) => (s === 'LONE' ? lone : s)) });
    },
    `${ctx.server.wsOrigin}/ws/script?${DAILY_ID}&hello=welcome&bin=16&close=1001&reason=bye&after=400`,
    sends,
  );
  await ctx.panel.waitFor(closedConnection(DAILY_ID));
}

const setQuery = (value: string) => setField('filter-query', value, 'input');
const setSelect = (testid: string, value: string) => setField(testid, value, 'change');
const setFlaggedOnly = (on: boolean) => `(doc, win) => {
  const el = doc.querySelector('[data-testid=flagged-only]');
  if (!el) return false;
  if (el.checked !== ${on}) el.click();
  return el.checked === ${on};
}`;
const countIs = (text: string) => `(doc) => { (${readFrames})(doc); return doc.querySelector('[data-testid=filter-count]')?.textContent === ${JSON.stringify(text)}; }`;
const readCount = `(doc) => doc.querySelector('[data-testid=filter-count]')?.textContent ?? null`;

type Frame = { text: string; dir: string; type: string; flagged: boolean };

async function waitCount(panel: PanelHandle, text: string) {
  await panel.waitFor(countIs(text)).catch(async (e: unknown) => {
    throw new Error(`frame count is ${JSON.stringify(await panel.eval(readCount))}, expected ${JSON.stringify(text)}: ${String(e)}`);
  });
}

/** Waits until exactly `n` frame rows are shown, and returns them. */
const framesWhenN = (panel: PanelHandle, n: number) => panel.waitFor<Frame[]>(`(doc) => { const f = (${readFrames})(doc); return f.length === ${n} ? f : null; }`);

async function resetFilters(panel: PanelHandle) {
  expect(await panel.eval(setQuery(''))).toBe(true);
  expect(await panel.eval(setSelect('filter-dir', 'both'))).toBe(true);
  expect(await panel.eval(setSelect('filter-type', 'both'))).toBe(true);
  expect(await panel.eval(setFlaggedOnly(false))).toBe(true);
  await waitCount(panel, TOTAL);
}

export async function frameFilters(ctx: DailyCtx) {
  const { panel } = ctx;
  expect(await panel.eval(selectConnection(DAILY_ID))).toBe(true);
  // The list is virtualized: the count, not the DOM rows, says how many frames there are.
  await waitCount(panel, TOTAL);

  // A regex finds the one needle; an invalid one gets a message, not an exception.
  expect(await panel.eval(setQuery('/needle-\\d+/'))).toBe(true);
  const needle = await framesWhenN(panel, 1);
  expect(needle[0]!.text).toContain('needle-42');
  await waitCount(panel, `1 of ${TOTAL}`);
  await panel.eval(setQuery('/needle-(/'));
  const err = await panel.waitFor<string>(`(doc) => doc.querySelector('[data-testid=filter-error]')?.textContent`);
  expect(err).toMatch(/regular expression|regex/i);

  // Plain text and direction combine: every tick was sent by the page, none received.
  await panel.eval(setQuery('tick'));
  await waitCount(panel, `${TICKS} of ${TOTAL}`);
  expect(await panel.eval(setSelect('filter-dir', 'in'))).toBe(true);
  await waitCount(panel, `0 of ${TOTAL}`);
  await panel.eval(setSelect('filter-dir', 'out'));
  await waitCount(panel, `${TICKS} of ${TOTAL}`);
  await resetFilters(panel);

  // Type: the server's one binary frame.
  expect(await panel.eval(setSelect('filter-type', 'binary'))).toBe(true);
  await waitCount(panel, `1 of ${TOTAL}`);
  const bin = await framesWhenN(panel, 1);
  expect(bin[0]).toMatchObject({ dir: 'in', type: 'binary' });
  await panel.eval(setSelect('filter-type', 'text'));
  await waitCount(panel, `${SENDS + 1} of ${TOTAL}`);
  await resetFilters(panel);

  // Flagged only: the lone surrogate the server will not receive as sent.
  expect(await panel.eval(setFlaggedOnly(true))).toBe(true);
  await waitCount(panel, `1 of ${TOTAL}`);
  const flagged = await framesWhenN(panel, 1);
  expect(flagged[0]).toMatchObject({ dir: 'out', type: 'text', flagged: true });
  expect(flagged[0]!.text).toContain('lone');
  await resetFilters(panel);
}

interface CloseFacts {
  code: number;
  reason: string | null;
  wasClean: string | null;
}
const closeFacts = async (panel: PanelHandle): Promise<CloseFacts> => {
  const card = await panel.waitFor<CloseFacts & { text: string }>(readCloseCard);
  return { code: card.code, reason: card.reason, wasClean: card.wasClean };
};
type ConnRow = { url: string; chip: string | null; counts: string; flagged: string | null };
const rowOf = (rows: ConnRow[]) => rows.find((c) => c.url.includes(DAILY_ID));

export async function harRoundTrip(ctx: DailyCtx) {
  const { panel } = ctx;
  const liveRows = await panel.eval<ConnRow[]>(readConnections);
  const live = rowOf(liveRows)!;
  expect(live).toMatchObject({ chip: '1001', counts: `↑${SENDS} ↓2`, flagged: '⚠ 1' });
  expect(await panel.eval(selectConnection(DAILY_ID))).toBe(true);
  const liveClose = await closeFacts(panel);
  expect(liveClose.code).toBe(1001);

  const file = await ctx.exportHar();
  const har = JSON.parse(readFileSync(file, 'utf8'));
  const entry = har.log.entries.find((e: { request: { url: string } }) => e.request.url.includes(DAILY_ID));
  expect(entry._resourceType).toBe('websocket');
  expect(entry._webSocketMessages).toHaveLength(SENDS + 2);
  expect(entry._webSocketMessages.filter((m: { type: string }) => m.type === 'send')).toHaveLength(SENDS);
  expect(entry._webSocketMessages.filter((m: { opcode: number }) => m.opcode === 2)).toHaveLength(1);
  expect(entry._webSocketMessages.some((m: { data: string }) => m.data.includes('\ud800'))).toBe(true);
  expect(entry._wsdClose).toMatchObject({ code: 1001, reason: 'bye', wasClean: true });

  await ctx.importHar(file);
  await panel.waitFor(`(doc) => doc.querySelector('[data-testid=imported-banner]')`);
  const imported = await panel.waitFor<ConnRow[]>(`(doc) => { const c = (${readConnections})(doc); return c.length === ${liveRows.length} ? c : null; }`);
  // The same connections, with the same close codes, counts and flags.
  expect(imported.map((c) => [c.url, c.chip, c.counts, c.flagged])).toEqual(liveRows.map((c) => [c.url, c.chip, c.counts, c.flagged]));
  expect(await panel.eval(selectConnection(DAILY_ID))).toBe(true);
  expect(await closeFacts(panel)).toEqual(liveClose);
  // The same frames: all of them, the needle, the binary one and the flagged one.
  await waitCount(panel, TOTAL);
  await panel.eval(setQuery('needle'));
  expect((await framesWhenN(panel, 1))[0]!.text).toContain('needle-42');
  await resetFilters(panel);
  await panel.eval(setSelect('filter-type', 'binary'));
  expect((await framesWhenN(panel, 1))[0]).toMatchObject({ dir: 'in', type: 'binary' });
  await resetFilters(panel);
  await panel.eval(setFlaggedOnly(true));
  expect((await framesWhenN(panel, 1))[0]!.text).toContain('lone');
  await resetFilters(panel);
  // The handshake as the file records it: its status, and exactly its response headers
  // (the browser's own when the live panel saw them, else what the page's side knew).
  const hs = await panel.waitFor<HandshakeViewRead>(`(doc) => (${readHandshakeView})(doc)`);
  expect(hs.noRecord).toBeNull();
  expect(hs.status).toMatch(/^101\b/);
  const inFile = (entry.response.headers as Array<{ name: string }>).map((h) => h.name);
  expect((hs.response ?? []).map((h) => h.name)).toEqual(inFile);

  await panel.click('[data-testid=back-to-live]');
  await panel.waitFor(`(doc) => !doc.querySelector('[data-testid=imported-banner]')`);
}

/**
 * A page pushing 64 KiB binary frames as fast as it can: live previews share an
 * allowance (src/hook/preview-budget.ts), so some are cut short. Sizes stay exact,
 * every cut preview is flagged and never below the floor, the others are whole, and
 * the panel says how many were shortened.
 */
export async function previewAllowance(ctx: DailyCtx) {
  // Sent in one synchronous loop, the outgoing frames land in one batch: 1000 × 4 KiB
  // of binary previews is many times the 64 KiB burst, whatever the machine's speed.
  const N = 1000;
  await ctx.page.evaluate(
    (url: string, n: number) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        const payload = new Uint8Array(65536).fill(7);
        let got = 0;
        ws.onerror = () => reject(new Error('socket error'));
        ws.onopen = () => {
          for (let i = 0; i < n; i++) ws.send(payload);
        };
        ws.onmessage = () => {
          if (++got === n) {
            ws.close(1000);
            resolve(got);
          }
        };
      }),
    `${ctx.server.wsOrigin}/ws/echo?id=budget`,
    N,
  );
  const seen = await ctx.panel.waitFor<{ frames: number; sizes: number[]; shortened: number; badShort: number; notWhole: number; banner: string }>(
    `(doc, win) => {
      const s = win.__wsd.store;
      const c = s.connections().find((x) => (x.facts.url || '').includes('id=budget'));
      if (!c) return null;
      const fr = s.frameArray(c);
      if (fr.length < ${2 * N}) return null;
      const banner = doc.querySelector('[data-testid=shortened]')?.textContent ?? '';
      // The frame's own flags, not its getters: a Firefox test reads the panel's objects
      // through Xray wrappers, which show own fields only.
      const isShort = (f) => (f.flags & ${FrameFlag.Shortened}) !== 0;
      const isCut = (f) => (f.flags & ${FrameFlag.Truncated}) !== 0;
      const shortened = fr.filter(isShort).length;
      if (!banner.replace(/[\\s,.\\u00a0\\u202f]/g, '').includes(String(shortened))) return null;
      const len = (f) => (f.b64 ? atob(f.b64).length : -1);
      return {
        frames: fr.length,
        sizes: [...new Set(fr.map((f) => f.size))],
        shortened,
        badShort: fr.filter((f) => isShort(f) && !(isCut(f) && len(f) >= 64 && len(f) < 4096)).length,
        notWhole: fr.filter((f) => !isShort(f) && len(f) !== 4096).length,
        banner,
      };
    }`,
    30_000,
  );
  expect(seen.frames).toBe(2 * N);
  expect(seen.sizes).toEqual([65536]);
  expect(seen.shortened).toBeGreaterThan(0);
  expect(seen.badShort).toBe(0);
  expect(seen.notWhole).toBe(0);
}

/**
 * Blobs: a page that keeps the default binaryType receives Blobs, and a page may send
 * one. While the panel is open the hook reads a Blob's first bytes (asynchronously),
 * so the panel shows them as it shows any binary frame, in order with what came after.
 */
export async function blobPreviews(ctx: DailyCtx) {
  const seen = (await ctx.page.evaluate(
    (url: string) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        const got: string[] = [];
        ws.onerror = () => reject(new Error('socket error'));
        ws.onopen = () => {
          ws.send(new Blob([Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 255)]));
          ws.send('after-blob');
        };
        ws.onmessage = (e) => got.push(e.data instanceof Blob ? `Blob ${e.data.size}` : String(e.data));
        ws.onclose = () => resolve(got);
      }),
    `${ctx.server.wsOrigin}/ws/script?id=blobs&hello=x&bin=300&close=1000&after=300`,
  )) as string[];
  // The page itself still gets a Blob.
  expect(seen).toEqual(['x', 'Blob 300']);
  await ctx.panel.waitFor(closedConnection('id=blobs'));
  expect(await ctx.panel.eval(selectConnection('id=blobs'))).toBe(true);
  const frames = await framesWhenN(ctx.panel, 4);
  const rows = await ctx.panel.eval<Array<{ dir: string; type: string; size: number; seq: number; text: string }>>(readFrames);
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  expect(frames).toHaveLength(4);
  expect(sorted.map((f) => [f.dir, f.type, f.size])).toEqual([
    ['out', 'binary', 5000],
    ['out', 'text', 10],
    ['in', 'text', 1],
    ['in', 'binary', 300],
  ]);
  expect(sorted[0]!.text.startsWith('00 07 0e 15 1c')).toBe(true);
  expect(sorted[3]!.text.startsWith('00 01 02 03 04')).toBe(true);
  expect(await ctx.panel.eval(selectFrame(sorted[0]!.seq))).toBe(true);
  const d = await ctx.panel.waitFor<{ hex: string | null; all: string }>(`(doc) => { const d = (${readDetail})(doc); return d && d.hex ? d : null; }`);
  expect(d.hex!.replace(/\s+/g, ' ')).toContain('00 07 0e 15 1c 23');
  expect(await ctx.panel.eval(`(doc) => !!doc.querySelector('[data-testid=frame-detail] [data-testid=blob-note]')`)).toBe(true);
  // 4096 of 5000 bytes: the preview says it is one.
  expect(await ctx.panel.eval(`(doc) => !!doc.querySelector('[data-testid=frame-detail] [data-testid=hex-preview-note]')`)).toBe(true);
}

/**
 * A burst large enough that its batches cross deflated (src/protocol/wire-zip.ts):
 * 3,000 sends of varied text (non-ASCII, astral, lone surrogates) and binary, all
 * echoed, must arrive in the panel exactly as the page sent and received them, in
 * order. Strings are compared as code units, which puppeteer carries intact.
 */
export async function burstExact(ctx: DailyCtx) {
  type Seen = Array<[dir: string, what: string]>;
  const seen = (await ctx.page.evaluate(
    (url: string) =>
      new Promise<Seen>((resolve, reject) => {
        const N = 3000;
        const units = (s: string) => 't:' + Array.from({ length: s.length }, (_, i) => s.charCodeAt(i).toString(16)).join(' ');
        const bytes = (b: Uint8Array) => 'b:' + btoa(String.fromCharCode(...b));
        const out: Seen = [];
        const ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        ws.onerror = () => reject(new Error('socket error'));
        ws.onopen = () => {
          for (let i = 0; i < N; i++) {
            if (i % 100 === 99) {
              const b = Uint8Array.from({ length: 40 + (i % 7) }, (_, k) => (i * 13 + k) & 255);
              ws.send(b);
              out.push(['out', bytes(b)]);
            } else {
              const s = i % 500 === 250 ? `lone ${i} ${String.fromCharCode(0xdc00 + (i % 7))} end` : `{"i":${i},"s":"${'é✓😀'.repeat(i % 4)}","r":${Math.random()}}`;
              ws.send(s);
              out.push(['out', units(s)]);
            }
          }
        };
        let got = 0;
        ws.onmessage = (e) => {
          out.push(['in', typeof e.data === 'string' ? units(e.data) : bytes(new Uint8Array(e.data as ArrayBuffer))]);
          if (++got === N) ws.close(1000);
        };
        ws.onclose = () => resolve(out);
      }),
    `${ctx.server.wsOrigin}/ws/echo?id=burst`,
  )) as Seen;
  expect(seen).toHaveLength(6000);
  await new Promise((r) => setTimeout(r, 2000));
  const held = await ctx.panel.waitFor<Seen>(
    `(doc, win) => {
      const s = win.__wsd.store;
      const c = s.connections().find((x) => x.facts.url.includes('id=burst'));
      if (!c || !c.facts.close) return null;
      const fs = s.frameArray(c);
      if (fs.length < 6000) return null;
      const units = (t) => 't:' + Array.from({ length: t.length }, (_, i) => t.charCodeAt(i).toString(16)).join(' ');
      return [...fs].sort((a, b) => a.seq - b.seq).map((f) => [f.dir, f.binary ? 'b:' + f.b64 : (f.flags & ${FrameFlag.Truncated} ? 'cut:' : '') + units(f.text)]);
    }`,
    60_000,
  );
  // Sends and echoes interleave in time, so compare each direction in its own order.
  const dir = (rows: Seen, d: string) => rows.filter((r) => r[0] === d).map((r) => r[1]);
  for (const d of ['out', 'in']) {
    const want = dir(seen, d);
    const got = dir(held, d);
    expect(got.length).toBe(want.length);
    const first = got.findIndex((g, i) => g !== want[i]);
    expect(first, first < 0 ? '' : `first difference (${d}) at ${first}: ${got[first]} vs ${want[first]}`).toBe(-1);
  }
}

/** The daily-driver tests, registered once for either browser; `ctx` is ready by the time they run. */
export function dailyTests(ctx: () => DailyCtx) {
  it('text, regex (an invalid one says so), direction, type and flagged filters find the frames that match', () => frameFilters(ctx()));

  it('exports the tab as HAR and imports it back with the same connections, frames and close facts', () => harRoundTrip(ctx()));

  it('a page pushing 64 KiB frames as fast as it can gets shortened previews, flagged and counted, with exact sizes', () => previewAllowance(ctx()));

  it('shows the first bytes of Blobs sent and received while the panel is open, in order', () => blobPreviews(ctx()));

  it('a burst of 6,000 varied frames (deflated on the way) arrives in the panel exactly as the page sent and received it', () => burstExact(ctx()));
}
