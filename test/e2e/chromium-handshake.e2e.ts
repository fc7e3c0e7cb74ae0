// Failed handshakes explained, in the real Chromium DevTools panel. Chromium 156 tells
// webRequest only net::ERR_FAILED for a 403 and for a refused connection alike (a 401
// alone comes with its status line, to an 'extraHeaders' listener), so the card says what DevTools' own log can tell:
// whether the handshake request went out. It must never name a status it was not given.
import { describe, expect, it } from 'vitest';
import { chromiumPanelSuite } from './harness/suite';
import { closedConnection, readCloseCard, readHandshake, selectConnection } from './harness/panel-queries';
import { expectNoneRequested, expectOpenHandshake, openSocketHandshake } from './handshake-scenarios';
import { freePort } from './harness/free-port';

type Seen = { events: string[]; close?: { code: number; reason: string; wasClean: boolean } };
type Handshake = { kind: string; confidence: string; summary: string; hints: string[]; causes: string | null };

// Handshakes are watched only while a panel is attached, from when it shows "live".
const s = chromiumPanelSuite();

async function failToOpen(url: string): Promise<Seen> {
  const seen = await s.page.evaluate((u: string) => (window as unknown as { openAndWait: (u: string) => Promise<Seen> }).openAndWait(u), url);
  // What the page sees is the same whatever happened: that is the point of the feature.
  expect(seen.events).toEqual(['error', 'close']);
  expect(seen.close).toEqual({ code: 1006, reason: '', wasClean: false });
  return seen;
}

/** Waits until the card's verdict is `kind` (records arrive separately: webRequest, then DevTools' log). */
async function handshakeFor(urlPart: string, kind: string): Promise<Handshake> {
  await s.panel.waitFor(closedConnection(urlPart));
  expect(await s.panel.eval(selectConnection(urlPart))).toBe(true);
  const card = await s.panel.waitFor<{ code: number; initiator: string }>(readCloseCard);
  expect(card.code).toBe(1006);
  expect(card.initiator).toBe('failure');
  return s.panel.waitFor<Handshake>(`(doc) => { const h = (${readHandshake})(doc); return h && h.kind === ${JSON.stringify(kind)} ? h : null; }`);
}

describe('failed handshakes in Chromium', () => {
  it('a 403: the request went out and the server said no or hung up; the card names no status it was not given', async () => {
    await failToOpen(`${s.server.wsOrigin}/ws/reject?status=403&id=hs403`);
    expect(s.server.upgrades.some((u) => u.path.includes('id=hs403'))).toBe(true);
    const h = await handshakeFor('id=hs403', 'request-sent');
    expect(h.confidence).toBe('medium');
    expect(h.summary).toContain(`127.0.0.1:${s.server.port}`);
    expect(h.summary).toMatch(/sent the handshake request/);
    expect(h.summary).not.toMatch(/answered the handshake with 403/);
    expect(h.hints.join(' ')).toMatch(/Network panel/);
    // Not certain, so the generic causes stay.
    expect(h.causes).toMatch(/handshake/i);
  });

  it('nothing listening: no connection was made, at that host and port', async () => {
    const port = await freePort();
    await failToOpen(`ws://127.0.0.1:${port}/refused?id=hsrefused`);
    const h = await handshakeFor('id=hsrefused', 'not-connected');
    expect(h.confidence).toBe('medium');
    expect(h.summary).toContain(`127.0.0.1:${port}`);
    expect(h.summary).toMatch(/No connection/);
    expect(h.hints.join(' ')).toMatch(/Nothing listens/);
  });

  it('a 401 is the one rejection Chromium reports with its status line', async () => {
    await failToOpen(`${s.server.wsOrigin}/ws/reject?status=401&id=hs401`);
    const h = await handshakeFor('id=hs401', 'rejected');
    expect(h.confidence).toBe('high');
    expect(h.summary).toBe('The server answered the handshake with 401 Unauthorized instead of 101 Switching Protocols');
    expect(h.causes).toBeNull();
  });

  it('an open socket: the Handshake tab shows the subprotocol list the page passed (from DevTools\' log), the server\'s choice and the headers, the cookie hidden', async () => {
    const v = await openSocketHandshake(s.page, s.panel, s.server, 'id=hsopen');
    const req = expectOpenHandshake(v);
    // Chromium adds the Sec-WebSocket-* request headers after webRequest saw the request: the view says so.
    expect(req.has('sec-websocket-key')).toBe(false);
    expect(v.notes.join(' ')).toMatch(/Chromium adds/);
  });

  it('a socket opened without subprotocols: none requested, none chosen', () => expectNoneRequested(s.page, s.panel, s.server, 'id=hsplain'));
});
