// The panel's port to the background, and (in Chromium) the bridges' ports read
// directly (src/protocol/direct-ports.ts). It reconnects when the port drops (the
// MV3 service worker was stopped, or the extension restarted its background),
// and each (re)connection makes every hook in the tab resend its snapshot; the
// store drops what it already has by sequence number.
import browser from 'webextension-polyfill';
import { PORT_BRIDGE, PORT_PANEL, validateHandshakeRecord, type BackgroundToPanel, type BridgeMessage, type BridgeReady, type PanelToBackground } from '../protocol/extension-messages';
import { DIRECT_BRIDGE_PORTS } from '../protocol/direct-ports';
import { MAX_URL_CHARS } from '../protocol/limits';
import { PROTOCOL_VERSION } from '../protocol/version';
import type { Store } from './store';
import { fromWire } from './from-wire';

export function connectToTab(tabId: number, store: Store, onStatus: (s: 'connected' | 'reconnecting') => void) {
  let retry = 0;
  /** The port once the background acknowledged it; commands go nowhere else. */
  let live: browser.Runtime.Port | null = null;
  store.setSender((m: PanelToBackground) => {
    if (!live) return false;
    try {
      live.postMessage(m);
      return true;
    } catch {
      return false;
    }
  });
  const fromPage = (frameId: number, msg: BridgeMessage) => {
    if (!msg || typeof msg !== 'object') return;
    if (msg.v !== PROTOCOL_VERSION) {
      store.protocolProblem.value = `page v${String(msg.v)} / panel v${PROTOCOL_VERSION}`;
      return;
    }
    try {
      store.apply(frameId, fromWire(msg));
    } catch (e) {
      console.error('WS Doctor could not apply a batch', e);
    }
  };
  if (DIRECT_BRIDGE_PORTS) {
    // Each document of this tab says it is here (src/protocol/direct-ports.ts); the
    // panel opens a port to that one document and reads it. Only this extension's
    // content scripts can send this (no externally_connectable), and the browser fills
    // in the sender's tab, frame and document. Nothing is answered: the background
    // answers other messages of the same kind.
    const connected = new Map<string, browser.Runtime.Port>();
    browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
      const m = raw as Partial<Record<keyof BridgeReady, unknown>> | null;
      if (!m || typeof m !== 'object' || m.t !== 'bridge-ready' || m.v !== PROTOCOL_VERSION) return undefined;
      if (sender.id !== browser.runtime.id || sender.tab?.id !== tabId) return undefined;
      const frameId = sender.frameId ?? 0;
      const documentId = (sender as { documentId?: unknown }).documentId;
      const key = typeof documentId === 'string' ? documentId : `${frameId}:${String(m.doc).slice(0, 64)}`;
      if (connected.has(key)) return undefined;
      let port: browser.Runtime.Port;
      try {
        const info = { name: PORT_BRIDGE, frameId, ...(typeof documentId === 'string' && { documentId }) };
        port = browser.tabs.connect(tabId, info as browser.Tabs.ConnectConnectInfoType);
      } catch {
        return undefined;
      }
      connected.set(key, port);
      port.onMessage.addListener((msg: unknown) => fromPage(frameId, msg as BridgeMessage));
      port.onDisconnect.addListener(() => {
        if (connected.get(key) === port) connected.delete(key);
      });
      return undefined;
    });
  }
  const open = () => {
    let port: browser.Runtime.Port;
    try {
      port = browser.runtime.connect({ name: PORT_PANEL });
    } catch {
      setTimeout(open, Math.min(2000, 100 * 2 ** retry++));
      return;
    }
    port.onMessage.addListener((raw: unknown) => {
      const m = raw as BackgroundToPanel;
      if (!m || typeof m !== 'object') return;
      if (m.v !== PROTOCOL_VERSION) {
        store.protocolProblem.value = `background v${String(m.v)} / panel v${PROTOCOL_VERSION}`;
        return;
      }
      if (m.t === 'hello-ack') {
        retry = 0;
        live = port;
        onStatus('connected');
      } else if (m.t === 'command-result' || m.t === 'outages') {
        store.applyControl(m);
      } else if (m.t === 'handshake') {
        // The URL and status line come from the page and its server.
        const rec = validateHandshakeRecord(m.rec, MAX_URL_CHARS);
        if (rec) store.addHandshake(rec);
      } else if (m.t === 'from-page') {
        fromPage(m.frameId, m.msg);
      }
    });
    port.onDisconnect.addListener(() => {
      if (live === port) live = null;
      const pending = store.command.peek();
      if (pending?.status === 'pending') store.applyControl({ v: PROTOCOL_VERSION, t: 'command-result', req: pending.req, ok: false, error: 'offline' });
      onStatus('reconnecting');
      setTimeout(open, Math.min(2000, 50 * 2 ** retry++));
    });
    const hello: PanelToBackground = { v: PROTOCOL_VERSION, t: 'panel-hello', tabId };
    port.postMessage(hello);
  };
  open();
}
