// Failed handshakes explained, in the REAL Firefox DevTools panel. Firefox's webRequest
// reports the handshake response's status line and the network error by name, so the
// card can say exactly what happened. Mirrors chromium-handshake.e2e.ts.
import { describe, expect, it } from 'vitest';
import { firefoxPanelSuite } from './harness/suite';
import { closedConnection, readCloseCard, readHandshake, selectConnection } from './harness/panel-queries';
import { freePort } from './harness/free-port';
import { expectNoneRequested, expectOpenHandshake, openSocketHandshake } from './handshake-scenarios';

type Seen = { events: string[]; close?: { code: number; reason: string; wasClean: boolean } };
type Handshake = { kind: string; confidence: string; summary: string; hints: string[]; causes: string | null };

// Handshakes are watched only while a panel is attached, from when it shows "live".
const s = firefoxPanelSuite();

async function failToOpen(url: string): Promise<void> {
  const seen = await s.page.evaluate((u: string) => (window as unknown as { openAndWait: (u: string) => Promise<Seen> }).openAndWait(u), url);
  // What the page sees is the same whatever happened: that is the point of the feature.
  expect(seen.events).toEqual(['error', 'close']);
  expect(seen.close).toEqual({ code: 1006, reason: '', wasClean: false });
}

/** Source of a condition: the connection view shows the connection whose URL contains `urlPart`. */
const shows = (urlPart: string) => `(doc.querySelector('[data-testid=cv-url]')?.textContent ?? '').includes(${JSON.stringify(urlPart)})`;

/** Waits until the card of that socket gives the verdict `kind`. */
async function handshakeFor(urlPart: string, kind: string): Promise<Handshake> {
  await s.panel.waitFor(closedConnection(urlPart));
  expect(await s.panel.eval(selectConnection(urlPart))).toBe(true);
  const card = await s.panel.waitFor<{ code: number; initiator: string }>(`(doc) => ${shows(urlPart)} ? (${readCloseCard})(doc) : null`);
  expect(card.code).toBe(1006);
  expect(card.initiator).toBe('failure');
  return s.panel.waitFor<Handshake>(`(doc) => { if (!${shows(urlPart)}) return null; const h = (${readHandshake})(doc); return h && h.kind === ${JSON.stringify(kind)} ? h : null; }`);
}

describe('failed handshakes in the real Firefox DevTools panel', () => {
  it('a 403: the server answered the handshake with 403 Forbidden', async () => {
    await failToOpen(`${s.server.wsOrigin}/ws/reject?status=403&id=hs403`);
    const h = await handshakeFor('id=hs403', 'rejected');
    expect(h.confidence).toBe('high');
    expect(h.summary).toBe('The server answered the handshake with 403 Forbidden instead of 101 Switching Protocols');
    expect(h.hints.join(' ')).toMatch(/Origin check/);
    // A certain verdict replaces the generic guesses.
    expect(h.causes).toBeNull();
  });

  it('nothing listening: connection refused, at that host and port', async () => {
    const port = await freePort();
    await failToOpen(`ws://127.0.0.1:${port}/refused?id=hsrefused`);
    const h = await handshakeFor('id=hsrefused', 'refused');
    expect(h.confidence).toBe('high');
    expect(h.summary).toBe(`Connection refused: nothing listens at 127.0.0.1:${port} (NS_ERROR_CONNECTION_REFUSED)`);
  });

  it('an open socket: the Handshake tab shows the subprotocol list the page passed (from the request headers), the server\'s choice and the headers, the cookie hidden', async () => {
    const v = await openSocketHandshake(s.page, s.panel, s.server, 'id=hsopen');
    const req = expectOpenHandshake(v);
    expect(req.get('sec-websocket-protocol')?.value).toBe('wsd.chat, wsd.v2');
    expect(req.get('sec-websocket-extensions')?.value).toMatch(/permessage-deflate/);
    expect(v.extOffered).toMatch(/permessage-deflate/);
  });

  it('a socket opened without subprotocols: none requested, none chosen', () => expectNoneRequested(s.page, s.panel, s.server, 'id=hsplain'));
});
