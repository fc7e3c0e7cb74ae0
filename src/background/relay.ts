// Relays, per tab, between the bridges in a tab's frames and the panels that
// inspect that tab. It holds no page data: the hooks keep their bounded buffers
// and resend a snapshot whenever a panel (re)attaches, so a stopped and
// restarted service worker loses nothing beyond those buffers.
// A tab's data only ever reaches panels registered for that same tab id.
import browser from 'webextension-polyfill';
import {
  PORT_BRIDGE,
  PORT_PANEL,
  type BackgroundToBridge,
  type BackgroundToPanel,
  type BridgeMessage,
  type PanelToBackground,
} from '../protocol/extension-messages';
import { PROTOCOL_VERSION } from '../protocol/version';

type Port = browser.Runtime.Port;

export function openDetached(tabId: number) {
  return browser.tabs.create({ url: `${browser.runtime.getURL('/extension/panel.html')}?tabId=${tabId}` });
}

export function startRelay() {
  const panels = new Map<number, Set<Port>>();
  const bridges = new Map<number, Set<Port>>();

  const add = (m: Map<number, Set<Port>>, tab: number, p: Port) => {
    let s = m.get(tab);
    if (!s) m.set(tab, (s = new Set()));
    s.add(p);
  };
  const remove = (m: Map<number, Set<Port>>, tab: number, p: Port) => {
    const s = m.get(tab);
    if (!s) return;
    s.delete(p);
    if (!s.size) m.delete(tab);
  };

  function toTab(tabId: number, m: BackgroundToBridge) {
    browser.tabs.sendMessage(tabId, m).catch(() => {
      // No content script in that tab (a browser page, or a tab opened before install).
    });
  }

  function onPanel(port: Port) {
    let tabId: number | null = null;
    port.onMessage.addListener((raw: unknown) => {
      const m = raw as PanelToBackground;
      if (!m || typeof m !== 'object') return;
      if (m.v !== PROTOCOL_VERSION) {
        port.disconnect();
        return;
      }
      if (m.t === 'panel-hello' && tabId === null && Number.isSafeInteger(m.tabId) && m.tabId >= 0) {
        tabId = m.tabId;
        add(panels, tabId, port);
        const ack: BackgroundToPanel = { v: PROTOCOL_VERSION, t: 'hello-ack', tabId };
        port.postMessage(ack);
        toTab(tabId, { v: PROTOCOL_VERSION, t: 'attach' });
      }
    });
    port.onDisconnect.addListener(() => {
      if (tabId === null) return;
      remove(panels, tabId, port);
      if (!panels.has(tabId)) {
        toTab(tabId, { v: PROTOCOL_VERSION, t: 'detach' });
        for (const b of bridges.get(tabId) ?? []) b.disconnect();
        bridges.delete(tabId);
      }
    });
  }

  function onBridge(port: Port) {
    const tabId = port.sender?.tab?.id;
    const frameId = port.sender?.frameId ?? 0;
    if (tabId === undefined || !panels.has(tabId)) {
      port.disconnect();
      return;
    }
    add(bridges, tabId, port);
    port.onMessage.addListener((raw: unknown) => {
      const msg = raw as BridgeMessage;
      const out: BackgroundToPanel = { v: PROTOCOL_VERSION, t: 'from-page', frameId, msg };
      for (const p of panels.get(tabId) ?? []) p.postMessage(out);
    });
    port.onDisconnect.addListener(() => remove(bridges, tabId, port));
  }

  // Only our own extension pages may register as panels; content scripts run on
  // page URLs and can only be bridges.
  const ownPages = browser.runtime.getURL('/');
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === PORT_PANEL && port.sender?.url?.startsWith(ownPages)) onPanel(port);
    else if (port.name === PORT_BRIDGE && port.sender?.tab) onBridge(port);
    else port.disconnect();
  });

  browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
    const m = raw as { v?: number; t?: string; tabId?: unknown } | null;
    if (!m || m.v !== PROTOCOL_VERSION) return undefined;
    if (m.t === 'bridge-hello' && sender.tab?.id !== undefined)
      return Promise.resolve({ v: PROTOCOL_VERSION, live: panels.has(sender.tab.id) });
    if (m.t === 'open-detached' && sender.url?.startsWith(ownPages) && Number.isSafeInteger(m.tabId) && (m.tabId as number) >= 0)
      return openDetached(m.tabId as number).then(() => true);
    return undefined;
  });

  // The toolbar button opens the detached panel for the tab it was clicked in.
  browser.action.onClicked.addListener((tab) => {
    if (tab.id !== undefined) openDetached(tab.id).catch(() => {});
  });
}
