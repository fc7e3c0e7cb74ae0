// An open socket's handshake in the panel's Handshake tab, through the real DevTools
// panel of either browser. The page passes its subprotocols as a list, which the hook
// never reads (reading a page's array is observable): the panel has to learn them from
// the browser's side (webRequest's request headers in Firefox; DevTools' own network
// log in Chromium, whose webRequest does not see the Sec-WebSocket-* headers).
import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { PanelHandle } from './harness/panel-handle';
import type { FixtureServer } from '../fixtures/server';
import { readHandshakeView, selectConnection } from './harness/panel-queries';

type Header = { name: string; value: string; hidden: boolean };
export interface HandshakeViewRead {
  status: string;
  requested: string;
  chosen: string;
  extOffered: string | null;
  extAccepted: string;
  notes: string[];
  noRecord: string | null;
  request: Header[] | null;
  response: Header[] | null;
  all: string;
}

/** Opens `new WebSocket(url, ['wsd.chat', 'wsd.v2'])` with a cookie set, and reads its Handshake tab once the requested list is known. */
export async function openSocketHandshake(page: Page, panel: PanelHandle, server: FixtureServer, id: string): Promise<HandshakeViewRead> {
  await page.evaluate(() => {
    document.cookie = 'wsdsession=topsecret-cookie; path=/';
  });
  await page.evaluate(
    (u: string) =>
      new Promise<void>((ok, fail) => {
        const ws = new WebSocket(u, ['wsd.chat', 'wsd.v2']);
        ws.onopen = () => ok();
        ws.onerror = () => fail(new Error('no open'));
      }),
    `${server.wsOrigin}/ws/echo?${id}`,
  );
  await panel.waitFor(`(doc) => [...doc.querySelectorAll('[data-testid=conn-row]')].some((r) => (r.dataset.url || '').includes(${JSON.stringify(id)}))`);
  expect(await panel.eval(selectConnection(id))).toBe(true);
  return panel.waitFor<HandshakeViewRead>(
    `(doc) => { const v = (${readHandshakeView})(doc); return v && v.request && v.response && !/perhaps|not known/.test(v.requested) && !v.chosen.startsWith('—') ? v : null; }`,
  );
}

/** What both browsers must show for that socket. */
export function expectOpenHandshake(v: HandshakeViewRead) {
  expect(v.noRecord).toBeNull();
  expect(v.requested).toBe('wsd.chat, wsd.v2');
  // ws picks the first protocol offered.
  expect(v.chosen).toBe('wsd.chat');
  expect(v.status).toMatch(/101/);
  const req = new Map(v.request!.map((h) => [h.name.toLowerCase(), h]));
  expect(req.get('origin')?.value).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(req.get('cookie')?.hidden).toBe(true);
  expect(v.all).not.toContain('topsecret');
  const res = new Map(v.response!.map((h) => [h.name.toLowerCase(), h]));
  expect(res.get('sec-websocket-protocol')?.value).toBe('wsd.chat');
  expect(res.get('upgrade')?.value.toLowerCase()).toBe('websocket');
  // The fixture server turns compression off.
  expect(v.extAccepted).toBe('none');
  return req;
}

/** A socket opened with no subprotocols: the tab says none were requested (known, not "not known"), and none chosen. */
export async function expectNoneRequested(page: Page, panel: PanelHandle, server: FixtureServer, id: string) {
  await page.evaluate(
    (u: string) =>
      new Promise<void>((ok, fail) => {
        const ws = new WebSocket(u);
        ws.onopen = () => ok();
        ws.onerror = () => fail(new Error('no open'));
      }),
    `${server.wsOrigin}/ws/echo?${id}`,
  );
  await panel.waitFor(`(doc) => [...doc.querySelectorAll('[data-testid=conn-row]')].some((r) => (r.dataset.url || '').includes(${JSON.stringify(id)}))`);
  expect(await panel.eval(selectConnection(id))).toBe(true);
  const v = await panel.waitFor<HandshakeViewRead>(`(doc) => { const v = (${readHandshakeView})(doc); return v && !v.chosen.startsWith('—') ? v : null; }`);
  expect(v.requested).toBe('none');
  expect(v.chosen).toBe('none');
}
