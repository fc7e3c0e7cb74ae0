// The bridge: an isolated-world content script in every frame. It takes the
// hook's private port, validates everything that comes through it, and relays
// it to the background only while a panel watches this tab. With no panel it
// does nothing but answer the handshake and one hello to the background.
// Shipped as a self-contained script (no loader) so it is ready at document_start.
import browser from 'webextension-polyfill';
import {
  PORT_BRIDGE,
  type BackgroundToBridge,
  type BridgeHelloReply,
  type BridgeMessage,
  type BridgeReady,
  type DocInfo,
  type SimulateReply,
  type WireRecords,
} from '../protocol/extension-messages';
import { CHANNEL_HELLO_EVENT, CHANNEL_OFFER_EVENT, type BridgeToHook } from '../protocol/page-messages';
import { MAX_URL_CHARS } from '../protocol/limits';
import { validateHookBatch } from '../protocol/validate-hook-batch';
import { PROTOCOL_VERSION } from '../protocol/version';
import { DIRECT_BRIDGE_PORTS } from '../protocol/direct-ports';
import { toWire, type DraftRecords } from './to-wire';
import { worthZipping, zipFrames } from '../protocol/wire-zip';

/** Messages held while the background port is (re)connecting; beyond it they are counted and dropped. */
const MAX_QUEUED = 64;

const doc: DocInfo = {
  id: crypto.randomUUID(),
  url: location.href.slice(0, MAX_URL_CHARS),
  isTop: window === window.top,
  startedAt: Date.now(),
};

let hookPort: MessagePort | null = null;
/** Firefox: this document's port to the background, which relays to the panels. */
let bg: browser.Runtime.Port | null = null;
/** Chromium: the ports the tab's panels opened to this document (src/protocol/direct-ports.ts). */
const panelPorts: browser.Runtime.Port[] = [];
/** Firefox: a panel watches this tab, so the hook streams even while the port to the background reconnects. */
let wantLive = false;

/** Whether a panel is reading what this document sends. */
const streaming = () => (DIRECT_BRIDGE_PORTS ? panelPorts.length > 0 : bg !== null);
const queue: BridgeMessage[] = [];
let dropped = 0;
let rejected = 0;

/** False when the port is gone; a message the browser refuses to carry is counted and said instead. */
function postTo(port: browser.Runtime.Port, m: BridgeMessage): boolean {
  try {
    port.postMessage(m);
    return true;
  } catch (e) {
    // A message the browser refuses to carry must not take the whole channel down:
    // count it and say so; only a disconnected port goes back to queueing.
    if (/disconnected/i.test(String(e))) return false;
    dropped++;
    if (m.t !== 'notice') postTo(port, { v: PROTOCOL_VERSION, t: 'notice', doc, code: 'bridge-dropped', detail: String(e).slice(0, 200), count: dropped });
    return true;
  }
}

function post(m: BridgeMessage) {
  if (DIRECT_BRIDGE_PORTS) {
    let sent = false;
    for (const p of panelPorts.slice()) {
      if (postTo(p, m)) sent = true;
      else dropPanelPort(p);
    }
    if (sent) return;
  } else if (bg) {
    if (postTo(bg, m)) return;
    bg = null;
  }
  if (queue.length < MAX_QUEUED) queue.push(m);
  else dropped++;
}

function flushQueue() {
  while (queue.length && streaming()) post(queue.shift()!);
  if (dropped && streaming()) post({ v: PROTOCOL_VERSION, t: 'notice', doc, code: 'bridge-dropped', detail: 'bridge queue full', count: dropped });
}

/**
 * What goes to the background, in order. A batch being zipped (src/protocol/wire-zip.ts)
 * holds back everything after it; a document on its way out sends all of it at once,
 * unzipped, because its promises may never run again.
 */
interface OutboxItem {
  /** What goes out; null while its batch is being zipped. */
  m: BridgeMessage | null;
  /** The batch being zipped, sent unzipped if the zip fails or the document leaves first. */
  draft: DraftRecords | null;
}
const outbox: OutboxItem[] = [];

const canZip = typeof CompressionStream === 'function';
let leaving = false;

function send(m: Exclude<BridgeMessage, WireRecords> | DraftRecords) {
  if (m.t === 'notice' || m.t === 'pagehide' || !canZip || leaving || !worthZipping(m.frames)) outbox.push({ m, draft: null });
  else {
    const item: OutboxItem = { m: null, draft: m };
    zipFrames(m.frames, __IS_FIREFOX__)
      .then(
        (frames) => (item.m = { ...m, frames }),
        // Not zippable (text with a lone surrogate) or the zip failed: as it is.
        () => (item.m = m),
      )
      .finally(drain);
    outbox.push(item);
  }
  drain();
}

function drain(all = false) {
  while (outbox.length && (all || outbox[0]!.m !== null)) {
    const item = outbox.shift()!;
    post(item.m ?? item.draft!);
  }
}

function toHook(m: BridgeToHook) {
  hookPort?.postMessage(m);
}

/** A batch that cannot go on is counted and said in the panel, never dropped silently. */
function reject(detail: string) {
  rejected++;
  send({ v: PROTOCOL_VERSION, t: 'notice', doc, code: 'rejected', detail, count: rejected });
}

function onHookMessage(e: MessageEvent) {
  const checked = validateHookBatch(e.data);
  if (!checked.ok) return reject(checked.error);
  let wire: DraftRecords;
  try {
    wire = toWire(checked.value, doc);
  } catch (e) {
    return reject('bridge could not encode a batch: ' + String(e).slice(0, 200));
  }
  send(wire);
}

function attach() {
  wantLive = true;
  if (DIRECT_BRIDGE_PORTS) {
    // Each panel of the tab opens its own port to this document when told it is here
    // (a panel already connected ignores this); the hook's snapshot goes out on each new port.
    const ready: BridgeReady = { v: PROTOCOL_VERSION, t: 'bridge-ready', doc: doc.id };
    browser.runtime.sendMessage(ready).catch(() => {});
    return;
  }
  if (!bg) {
    const port = browser.runtime.connect({ name: PORT_BRIDGE });
    bg = port;
    port.onDisconnect.addListener(() => {
      // The panel went away, or the background's service worker was stopped.
      // Stop streaming; the hook keeps recording into its ring meanwhile, and a
      // panel that (re)connects gets a fresh snapshot.
      if (bg !== port) return;
      bg = null;
      wantLive = false;
      toHook({ v: PROTOCOL_VERSION, t: 'detach' });
    });
    flushQueue();
  }
  toHook({ v: PROTOCOL_VERSION, t: 'attach' });
}

/** Chromium: a panel of this tab opened a port to this document. */
function onPanelPort(port: browser.Runtime.Port) {
  // Only this extension's pages can open a port to its content scripts; checked anyway.
  if (port.name !== PORT_BRIDGE || port.sender?.id !== browser.runtime.id) return;
  panelPorts.push(port);
  port.onDisconnect.addListener(() => dropPanelPort(port));
  flushQueue();
  // The snapshot, for this panel (the others drop what they already hold by sequence number).
  toHook({ v: PROTOCOL_VERSION, t: 'attach' });
}

/** The panel closed (or the document went into the back/forward cache): with no panel left, stop streaming. */
function dropPanelPort(port: browser.Runtime.Port) {
  const i = panelPorts.indexOf(port);
  if (i < 0) return;
  panelPorts.splice(i, 1);
  if (panelPorts.length === 0) toHook({ v: PROTOCOL_VERSION, t: 'detach' });
}
if (DIRECT_BRIDGE_PORTS) browser.runtime.onConnect.addListener(onPanelPort);

/** Stops streaming and lets go of every port (some may be closed already: see pageshow). */
function detach() {
  wantLive = false;
  toHook({ v: PROTOCOL_VERSION, t: 'detach' });
  const ports = panelPorts.splice(0);
  if (bg) ports.push(bg);
  bg = null;
  for (const port of ports) {
    try {
      port.disconnect();
    } catch {}
  }
}

function onOffer(e: Event) {
  const port = (e as MessageEvent).ports?.[0];
  if (!port || hookPort) return;
  e.preventDefault(); // the acknowledgement: the hook's dispatchEvent returns false
  e.stopImmediatePropagation();
  window.removeEventListener(CHANNEL_OFFER_EVENT, onOffer, true);
  hookPort = port;
  port.onmessage = onHookMessage;
  if (DIRECT_BRIDGE_PORTS ? streaming() : wantLive) toHook({ v: PROTOCOL_VERSION, t: 'attach' });
}

window.addEventListener(CHANNEL_OFFER_EVENT, onOffer, true);
// If the hook ran first it is waiting for this, and offers its port synchronously.
window.dispatchEvent(new Event(CHANNEL_HELLO_EVENT));

window.addEventListener('pagehide', (e) => {
  leaving = true;
  drain(true);
  if (streaming()) send({ v: PROTOCOL_VERSION, t: 'pagehide', doc, time: Date.now(), persisted: e.persisted });
});
// Back from the back/forward cache: the document lives on, and so does its promise
// queue. The browser closed its extension ports when it went in, but their disconnect
// events may arrive after this one (measured in Chromium: the restored page's sockets
// never reached the panel while the bridge waited for them). So the ports are dropped
// here, and the bridge says hello again: if a panel watches the tab it attaches anew and
// the hook's snapshot brings the panel what it missed (test/e2e/navigation-scenarios.ts).
window.addEventListener('pageshow', (e) => {
  leaving = false;
  if (!e.persisted) return;
  detach();
  hello();
});

/** Checks a simulate-close command field by field; the hook gets a fresh object, never the one that arrived. */
function simulateClose(m: Record<string, unknown>): SimulateReply {
  const keys = Object.keys(m);
  const sock = m.sock;
  if (keys.length !== 4 || typeof m.doc !== 'string' || typeof sock !== 'number' || !Number.isSafeInteger(sock) || sock < 1)
    return { v: PROTOCOL_VERSION, ok: false, error: 'malformed' };
  if (m.doc !== doc.id) return { v: PROTOCOL_VERSION, ok: false, error: 'other-document' };
  if (!hookPort) return { v: PROTOCOL_VERSION, ok: false, error: 'no-hook' };
  toHook({ v: PROTOCOL_VERSION, t: 'simulate-close', sock });
  return { v: PROTOCOL_VERSION, ok: true };
}

// Only this extension can reach this listener: pages cannot message content scripts
// (no externally_connectable), and the sender is checked anyway. See src/hook/channel.ts.
browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  const m = raw as BackgroundToBridge;
  if (!m || typeof m !== 'object' || m.v !== PROTOCOL_VERSION) return undefined;
  if (m.t === 'attach') attach();
  else if (m.t === 'detach') detach();
  else if (m.t === 'simulate-close') return Promise.resolve(simulateClose(m as unknown as Record<string, unknown>));
  return undefined;
});

function hello() {
  browser.runtime
    .sendMessage({ v: PROTOCOL_VERSION, t: 'bridge-hello' })
    .then((reply: unknown) => {
      if ((reply as BridgeHelloReply | undefined)?.live) attach();
    })
    .catch(() => {
      // No background yet (extension starting or updating): a panel's attach will reach us.
    });
}
hello();
