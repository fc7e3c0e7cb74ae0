// Real client libraries, hooked, in the real Firefox DevTools panel (see library-scenarios.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { firefoxPanelSuite } from './harness/suite';
import { socketIoThroughPanel, startSocketIoServer, stompThroughPanel, type SocketIoServer } from './library-scenarios';

const s = firefoxPanelSuite();
let sio: SocketIoServer;

beforeAll(async () => {
  sio = await startSocketIoServer();
});
afterAll(() => sio?.close());

describe('real client libraries in Firefox', () => {
  it('socket.io-client works as without WS Doctor, and the panel shows its packets, attachments and framing', () => socketIoThroughPanel(s.page, s.panel, s.server, sio));
  it('@stomp/stompjs works as without WS Doctor, and the Handshake tab shows the subprotocol list it offered', () => stompThroughPanel(s.page, s.panel, s.server));
});
