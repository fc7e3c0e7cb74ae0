// Relays, per tab, between the bridges in a tab's frames and the panels that
// inspect that tab. It holds no page data: the hooks keep their bounded buffers
// and resend a snapshot whenever a panel (re)attaches, so a stopped and
// restarted service worker loses nothing beyond those buffers.
// A tab's data only ever reaches panels registered for that same tab id.
//
// It also carries the reconnect simulator's commands from a panel to its tab (threat
// model: src/hook/channel.ts): Simulate 1001 goes to one frame's bridge, and a
// simulated outage is a declarativeNetRequest session rule scoped to the tab.
import browser from 'webextension-polyfill';
import {
  PORT_BRIDGE,
  PORT_PANEL,
  type BackgroundToBridge,
  type BackgroundToPanel,
  type BridgeMessage,
  type OutageInfo,
  type PanelToBackground,
  type SimulateReply,
} from '../protocol/extension-messages';
import { PROTOCOL_VERSION } from '../protocol/version';
import { outageRule, parseCommand, type Command } from './commands';
import { createHandshakeWatcher } from './handshakes';

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

  // ---------------------------------------------------------------- simulated outages
  //
  // Technique: the browser itself refuses the tab's new WebSocket requests to the
  // endpoint (a declarativeNetRequest block rule, session-scoped, for this tab id and
  // the websocket resource type only). The page then gets what an unreachable server
  // gives it, from the browser and not from us: readyState CONNECTING, then a trusted
  // `error`, then `close` 1006 with wasClean false. No byte reaches the network: the
  // request is cancelled before a connection is made (the e2e tests check the fixture
  // server saw no TCP connection while the outage lasted). The hook could not do this
  // alone: any native WebSocket it constructs with the page's URL starts connecting,
  // and one built with another URL shows that URL to the page.
  // Limits: the rule covers every socket of the tab to that origin+path, in every frame
  // and (in Chromium) in dedicated workers; the console shows the browser's "blocked"
  // message rather than "connection refused".
  const dnr = browser.declarativeNetRequest;
  interface Outage extends OutageInfo {
    ruleId: number;
    timer: ReturnType<typeof setTimeout>;
  }
  const outages = new Map<number, Map<string, Outage>>();
  let nextRuleId = 1;
  // Every session rule is ours. A background that restarted lost its timers, so the
  // rules they would have removed go now; commands wait for this.
  const rulesCleared: Promise<void> = (async () => {
    try {
      const old = await dnr.getSessionRules();
      if (old.length) await dnr.updateSessionRules({ removeRuleIds: old.map((r) => r.id) });
    } catch {}
  })();

  function outageList(tabId: number): OutageInfo[] {
    return [...(outages.get(tabId)?.values() ?? [])].map(({ endpoint, from, until }) => ({ endpoint, from, until }));
  }

  function toPanels(tabId: number, m: BackgroundToPanel) {
    for (const p of panels.get(tabId) ?? []) {
      try {
        p.postMessage(m);
      } catch {}
    }
  }

  // Failed handshakes explained: webRequest sees what the page cannot (src/background/handshakes.ts).
  const handshakes = createHandshakeWatcher((tabId, rec) => toPanels(tabId, { v: PROTOCOL_VERSION, t: 'handshake', rec }));

  function announceOutages(tabId: number) {
    toPanels(tabId, { v: PROTOCOL_VERSION, t: 'outages', list: outageList(tabId) });
  }

  async function endOutage(tabId: number, endpoint: string): Promise<boolean> {
    const o = outages.get(tabId)?.get(endpoint);
    if (!o) return false;
    clearTimeout(o.timer);
    outages.get(tabId)?.delete(endpoint);
    if (!outages.get(tabId)?.size) outages.delete(tabId);
    try {
      await dnr.updateSessionRules({ removeRuleIds: [o.ruleId] });
    } catch {}
    announceOutages(tabId);
    return true;
  }

  async function startOutage(tabId: number, url: string, seconds: number): Promise<string | null> {
    const rule = outageRule(url);
    if (!rule) return 'bad-url';
    await rulesCleared;
    await endOutage(tabId, rule.endpoint);
    const ruleId = nextRuleId++;
    try {
      await dnr.updateSessionRules({
        addRules: [
          {
            id: ruleId,
            priority: 1,
            action: { type: 'block' },
            condition: { regexFilter: rule.regexFilter, resourceTypes: ['websocket'], tabIds: [tabId] },
          },
        ],
      });
    } catch (e) {
      return 'rule-failed: ' + String(e).slice(0, 200);
    }
    const from = Date.now();
    let perTab = outages.get(tabId);
    if (!perTab) outages.set(tabId, (perTab = new Map()));
    const timer = setTimeout(() => void endOutage(tabId, rule.endpoint), seconds * 1000);
    perTab.set(rule.endpoint, { endpoint: rule.endpoint, from, until: from + seconds * 1000, ruleId, timer });
    announceOutages(tabId);
    return null;
  }

  /** Simulate 1001 on one socket: to the bridge of that frame, which checks it is still the same document. */
  async function simulateClose(tabId: number, frameId: number, doc: string, sock: number): Promise<string | null> {
    const m: BackgroundToBridge = { v: PROTOCOL_VERSION, t: 'simulate-close', doc, sock };
    try {
      const reply = (await browser.tabs.sendMessage(tabId, m, { frameId })) as SimulateReply | undefined;
      if (!reply || reply.v !== PROTOCOL_VERSION) return 'no-bridge';
      return reply.ok ? null : (reply.error ?? 'refused');
    } catch {
      return 'no-bridge';
    }
  }

  async function runCommand(tabId: number, cmd: Command): Promise<string | null> {
    if (cmd.t === 'simulate-close') return simulateClose(tabId, cmd.frameId, cmd.doc, cmd.sock);
    if (cmd.t === 'end-outage') return (await endOutage(tabId, cmd.endpoint)) ? null : 'no-outage';
    // The block goes in first: a page that reconnects at once from its close handler
    // must already meet the outage.
    const err = await startOutage(tabId, cmd.url, cmd.seconds);
    if (err || cmd.sock === null) return err;
    return simulateClose(tabId, cmd.frameId, cmd.doc, cmd.sock);
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
        const tab = tabId;
        handshakes.watch(tab);
        toTab(tab, { v: PROTOCOL_VERSION, t: 'attach' });
        // The webRequest listeners reach the browser's network side asynchronously (Firefox
        // missed a socket opened right after the panel appeared). The panel shows "live"
        // only after a round trip to the browser side that left after them, which travels
        // behind them: from then on every socket the page opens is watched.
        void browser.tabs
          .get(tab)
          .catch(() => undefined)
          .then(() => {
            try {
              const ack: BackgroundToPanel = { v: PROTOCOL_VERSION, t: 'hello-ack', tabId: tab };
              port.postMessage(ack);
              const list: BackgroundToPanel = { v: PROTOCOL_VERSION, t: 'outages', list: outageList(tab) };
              port.postMessage(list);
            } catch {
              // The panel went away meanwhile.
            }
          });
        return;
      }
      if (m.t === 'panel-hello' || tabId === null) return;
      // A simulation command: only for the tab this port registered for.
      const tab = tabId;
      const parsed = parseCommand(m, PROTOCOL_VERSION);
      const reply = (req: number | undefined, error: string | null) => {
        if (req === undefined) return;
        const r: BackgroundToPanel = error === null ? { v: PROTOCOL_VERSION, t: 'command-result', req, ok: true } : { v: PROTOCOL_VERSION, t: 'command-result', req, ok: false, error };
        try {
          port.postMessage(r);
        } catch {}
      };
      if (!parsed.ok) {
        reply(parsed.req, parsed.error);
        return;
      }
      runCommand(tab, parsed.cmd).then(
        (error) => reply(parsed.cmd.req, error),
        (e: unknown) => reply(parsed.cmd.req, 'failed: ' + String(e).slice(0, 200)),
      );
    });
    port.onDisconnect.addListener(() => {
      if (tabId === null) return;
      remove(panels, tabId, port);
      if (!panels.has(tabId)) {
        toTab(tabId, { v: PROTOCOL_VERSION, t: 'detach' });
        handshakes.unwatch(tabId);
        for (const b of bridges.get(tabId) ?? []) b.disconnect();
        bridges.delete(tabId);
        // Nobody watches the simulation any more: the server comes back.
        for (const endpoint of [...(outages.get(tabId)?.keys() ?? [])]) void endOutage(tabId, endpoint);
      }
    });
  }

  /** Firefox: a bridge's port, relayed to the tab's panels (Chromium's panels open their own: src/protocol/direct-ports.ts). */
  function onBridge(port: Port) {
    const tabId = port.sender?.tab?.id;
    const frameId = port.sender?.frameId ?? 0;
    if (tabId === undefined || !panels.has(tabId)) {
      port.disconnect();
      return;
    }
    add(bridges, tabId, port);
    port.onDisconnect.addListener(() => remove(bridges, tabId, port));
    port.onMessage.addListener((raw: unknown) => {
      const msg = raw as BridgeMessage;
      const out: BackgroundToPanel = { v: PROTOCOL_VERSION, t: 'from-page', frameId, msg };
      for (const p of panels.get(tabId) ?? []) p.postMessage(out);
    });
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
