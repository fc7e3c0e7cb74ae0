// Real client libraries, hooked, in the real Firefox DevTools panel (see library-scenarios.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { firefoxSuite } from './harness/suite';
import { openRealFirefoxPanel } from './harness/firefox-panel';
import type { PanelHandle } from './harness/panel-handle';
import { socketIoThroughPanel, startSocketIoServer, stompThroughPanel, type SocketIoServer } from './library-scenarios';

const s = firefoxSuite();
let page: Page;
let panel: PanelHandle;
let sio: SocketIoServer;

beforeAll(async () => {
  sio = await startSocketIoServer();
  page = await s.session.browser.newPage();
  await page.goto(`${s.server.origin}/blank.html`);
  panel = await openRealFirefoxPanel(s.session, page);
  await panel.waitFor(`(doc) => doc.querySelector('[data-testid=status]')?.classList.contains('tb-status-connected')`);
});
afterAll(() => sio?.close());

describe('real client libraries in Firefox', () => {
  it('socket.io-client works as without WS Doctor, and the panel shows its packets, attachments and framing', () => socketIoThroughPanel(page, panel, s.server, sio));
  it('@stomp/stompjs works as without WS Doctor, and the Handshake tab shows the subprotocol list it offered', () => stompThroughPanel(page, panel, s.server));
});
