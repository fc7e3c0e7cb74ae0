// Real client libraries through the real DevTools panel of either browser. Each must
// work exactly as without WS Doctor, and the panel must show its frames as sent:
// - socket.io-client against a socket.io server, over its WebSocket transport: acks,
//   binary attachments each way, the Socket.IO framing named;
// - @stomp/stompjs against a minimal broker: its subprotocol list in the Handshake tab.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { Server } from 'socket.io';
import type { PanelHandle } from './harness/panel-handle';
import type { FixtureServer } from '../fixtures/server';
import { closedConnection, readDetail, readFrames, readHandshakeView, selectConnection, selectFrame } from './harness/panel-queries';
import type { HandshakeViewRead } from './handshake-scenarios';

export interface SocketIoServer {
  url: string;
  close(): Promise<void>;
}

/** A socket.io server on its own port: acks `chat` and `bin`, and answers `bin` with four bytes. */
export async function startSocketIoServer(): Promise<SocketIoServer> {
  const http: HttpServer = createServer();
  const io = new Server(http, { transports: ['websocket'], cors: { origin: true } });
  io.on('connection', (socket) => {
    socket.on('chat', (m: string, ack: (r: string) => void) => ack('got ' + m));
    socket.on('bin', (b: Buffer, ack: (n: number) => void) => {
      ack(b.length);
      socket.emit('bin-back', Buffer.from([9, 8, 7, 6]));
    });
  });
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => io.close(() => ok())),
  };
}

type Frame = { dir: string; type: string; size: number; seq: number; text: string };

export async function socketIoThroughPanel(page: Page, panel: PanelHandle, fixtures: FixtureServer, sio: SocketIoServer) {
  await page.goto(`${fixtures.origin}/socketio.html`);
  const seen = await page.evaluate((u: string) => (window as unknown as { runSocketIo: (u: string) => Promise<{ connected: boolean; acks: unknown[]; binBack: number[] | null }> }).runSocketIo(u), sio.url);
  // The library, hooked, did all it does without WS Doctor.
  expect(seen.connected).toBe(true);
  expect([...seen.acks].sort()).toEqual([3, 'got hello']);
  expect(seen.binBack).toEqual([9, 8, 7, 6]);

  // Its one WebSocket, closed by socket.disconnect().
  await panel.waitFor(closedConnection('/socket.io/'));
  expect(await panel.eval(selectConnection('/socket.io/'))).toBe(true);
  const frames = await panel.waitFor<Frame[]>(`(doc) => { const f = (${readFrames})(doc); return f.length >= 9 ? f : null; }`);
  const text = (dir: string) => frames.filter((f) => f.dir === dir && f.type === 'text').map((f) => f.text);
  // Engine.IO open, Socket.IO connect, the event with ack id 0, the binary event (one attachment, ack id 1).
  expect(text('in')[0]).toMatch(/^0\{"sid":/);
  expect(text('out')).toEqual(expect.arrayContaining(['40', '420["chat","hello"]', '451-1["bin",{"_placeholder":true,"num":0}]']));
  expect(text('in')).toEqual(expect.arrayContaining(['430["got hello"]', '431[3]', '451-["bin-back",{"_placeholder":true,"num":0}]']));
  const bins = frames.filter((f) => f.type === 'binary');
  expect(bins.map((f) => [f.dir, f.size])).toEqual([
    ['out', 3],
    ['in', 4],
  ]);
  // The frame detail names the framing and shows the JSON inside it.
  const event = frames.find((f) => f.text === '420["chat","hello"]')!;
  expect(await panel.eval(selectFrame(event.seq))).toBe(true);
  const detail = await panel.waitFor<{ all: string }>(`(doc) => { const d = (${readDetail})(doc); return d && d.all.includes('Socket.IO') ? d : null; }`);
  expect(detail.all).toMatch(/Socket\.IO EVENT/);
  expect(detail.all).toMatch(/ack/i);
}

/**
 * The @stomp/stompjs client, which offers its subprotocols as a list (v12.stomp,
 * v11.stomp, v10.stomp): the hook does not read a page's list, so the Handshake tab
 * must get it from the browser's side, and the frames show STOMP's text frames.
 */
export async function stompThroughPanel(page: Page, panel: PanelHandle, fixtures: FixtureServer) {
  await page.goto(`${fixtures.origin}/stomp.html`);
  const seen = await page.evaluate((u: string) => (window as unknown as { runStomp: (u: string) => Promise<{ connected: boolean; got: string | null; protocol: string | null }> }).runStomp(u), `${fixtures.wsOrigin}/ws/stomp`);
  expect(seen.connected).toBe(true);
  expect(seen.got).toBe('hello stomp');
  // The server (ws) takes the first subprotocol offered.
  expect(seen.protocol).toMatch(/^v1[0-2]\.stomp$/);

  await panel.waitFor(closedConnection('/ws/stomp'));
  expect(await panel.eval(selectConnection('/ws/stomp'))).toBe(true);
  const frames = await panel.waitFor<Frame[]>(`(doc) => { const f = (${readFrames})(doc); return f.some((x) => x.dir === 'in' && x.text.startsWith('MESSAGE')) ? f : null; }`);
  const starts = (dir: string) => frames.filter((f) => f.dir === dir).map((f) => f.text.split('\n')[0]!.replace(/[^A-Z]/g, ''));
  expect(starts('out')).toEqual(expect.arrayContaining(['CONNECT', 'SUBSCRIBE', 'SEND', 'DISCONNECT']));
  expect(starts('in')).toEqual(expect.arrayContaining(['CONNECTED', 'MESSAGE', 'RECEIPT']));
  const hs = await panel.waitFor<HandshakeViewRead>(`(doc) => { const v = (${readHandshakeView})(doc); return v && !/perhaps|not known/.test(v.requested) ? v : null; }`);
  expect(hs.requested.split(', ').sort()).toEqual(['v10.stomp', 'v11.stomp', 'v12.stomp']);
  expect(hs.requested.startsWith(seen.protocol!)).toBe(true);
  expect(hs.chosen).toBe(seen.protocol);
}

/**
 * The library tests, registered once for either browser: a socket.io server for the
 * file, and the page and real panel of `s` (see harness/suite.ts).
 */
export function libraryTests(s: { readonly page: Page; readonly panel: PanelHandle; readonly server: FixtureServer }) {
  let sio: SocketIoServer | undefined;
  beforeAll(async () => {
    sio = await startSocketIoServer();
  });
  afterAll(() => sio?.close());
  it('socket.io-client works as without WS Doctor, and the panel shows its packets, attachments and framing', () => socketIoThroughPanel(s.page, s.panel, s.server, sio!));
  it('@stomp/stompjs works as without WS Doctor, and the Handshake tab shows the subprotocol list it offered', () => stompThroughPanel(s.page, s.panel, s.server));
}
