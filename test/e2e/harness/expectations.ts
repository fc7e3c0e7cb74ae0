// What every browser's panel must show for the same fixtures: written once, so the
// Chromium and Firefox tests check the same thing.
import { expect } from 'vitest';
import { closedConnection, ENGLISH_SECTIONS, readConnections, readFrames, selectConnection } from './panel-queries';
import type { PanelHandle } from './panel-handle';

/** capture.html: its first <head> script's socket, closed by the server with 1001. */
type Conn = { url: string; chip: string | null; counts: string; text: string };
type FrameRow = { dir: string; type: string; size: number; text: string };

const fiveFrames = `(doc) => { const f = (${readFrames})(doc); return f.length === 5 ? f : null; }`;

export async function expectCaptureConnection(panel: PanelHandle, expectedUrl: string) {
  const row = await panel.waitFor<string>(closedConnection('/ws/script'));
  expect(row).toContain('1001');
  const conns = await panel.eval<Conn[]>(readConnections);
  expect(conns).toHaveLength(1);
  expect(conns[0]!.url).toBe(expectedUrl);
  expect(conns[0]!.chip).toBe('1001');
  expect(conns[0]!.counts).toBe('↑3 ↓2');
  expect(conns[0]!.text).toContain('server going down');
}

export async function expectCaptureFrames(panel: PanelHandle) {
  expect(await panel.eval(selectConnection('/ws/script'))).toBe(true);
  const frames = await panel.waitFor<FrameRow[]>(fiveFrames);
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
}

export interface CardReading {
  code: number;
  initiator: string;
  name: string;
  reason: string | null;
  sections: Array<{ title: string }>;
}

/** A server close 1001 "deploy": the card names the server and has the five English sections. */
export function expectServerGoAwayCard(card: CardReading) {
  expect(card.code).toBe(1001);
  expect(card.initiator).toBe('server');
  expect(card.name).toBe('Going Away');
  expect(card.reason).toBe('deploy');
  expect(card.sections.map((s) => s.title)).toEqual(ENGLISH_SECTIONS);
}

/** /ws/script with badutf8=1: the server sends invalid UTF-8; the page sees error then 1006, and the card names the cause. */
export async function expectInvalidUtf8FromServer(
  openAndWait: (path: string) => Promise<{ events: string[]; close?: { code: number } }>,
  cardFor: (urlPart: string) => Promise<{ code: number; initiator: string; causes: string }>,
) {
  const seen = await openAndWait('/ws/script?id=badutf8&badutf8=1&after=100');
  expect(seen.events).toEqual(['open', 'error', 'close']);
  expect(seen.close?.code).toBe(1006);
  const card = await cardFor('id=badutf8');
  expect(card.code).toBe(1006);
  expect(card.initiator).toBe('failure');
  expect(card.causes).toMatch(/UTF-8/);
}
