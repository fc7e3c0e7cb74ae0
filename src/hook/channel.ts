// Hands the bridge (isolated world) a private MessagePort before any page script
// exists, and carries all traffic over it. Nothing ever goes through
// window.postMessage, so page `message` listeners hear nothing.
//
// The hook offers the port in a synchronous, cancelable event on window; the
// bridge takes it and calls preventDefault() as its acknowledgement, so
// dispatchEvent returns false here. If the bridge has not run yet, the hook
// waits for the bridge's hello event and offers again then. Both listeners are
// removed once the port is handed over.
//
// Threat model of the control channel (panel → background → bridge → hook), which
// since the reconnect simulator also carries commands that act on the page's sockets:
// - The page is hostile. It must not trigger a simulation, and must not read anything
//   the extension holds for another tab (or for itself, beyond what it already has).
// - The port is offered before any page script exists (document_start, synchronous
//   event) and both handshake listeners are gone once the bridge has it, so a page
//   script never holds either end. A page that dispatches its own offer or hello
//   events later finds nobody listening (the bridge takes one port, once). The hook
//   obeys nothing but this port: no window message, DOM event or global is read.
// - The bridge accepts commands only from browser.runtime.onMessage, which a page
//   cannot reach (no externally_connectable); it checks the sender is this extension,
//   the shape of the command, and that it names this very document (a frame that
//   navigated ignores a command meant for the page before).
// - The background accepts commands only on a port whose sender is one of our own
//   extension pages (the DevTools panel or the detached panel), applies them only to
//   the tab that port registered for, validates every field, and sends them to one
//   frame (tabs.sendMessage with frameId). Nothing in a command is taken from the page.
// - The panel sends a command only after a person confirmed it in the panel's own UI.
// - What a simulation gives the page is what a real server shutdown gives it (a close
//   event, failed connections): nothing of the extension's, nothing of another tab's.
//   A page can tell the synthetic close from a real one (isTrusted is false); the
//   panel says so.
// - The outage is enforced by the browser (a declarativeNetRequest session rule that
//   blocks WebSocket requests from this tab to one origin+path), never by the page.
//   It is time-limited, removed when the last panel of the tab closes, and every
//   session rule is cleared when the background starts.
import { CHANNEL_HELLO_EVENT, CHANNEL_OFFER_EVENT } from '../protocol/page-messages';
import type { Natives } from './natives';

export function openChannel(N: Natives, onPort: (port: MessagePort, bridgeEnd: MessagePort) => void) {
  let done = false;

  function offer(): boolean {
    const ch = new N.MessageChannel();
    const ev = new N.MessageEvent(CHANNEL_OFFER_EVENT, { ports: [ch.port2], cancelable: true });
    if (N.dispatch(N.win, ev)) return false; // nobody took it
    done = true;
    onPort(ch.port1, ch.port2);
    return true;
  }

  function onHello(e: Event) {
    e.stopImmediatePropagation();
    if (!done && offer()) N.removeListener(N.win, CHANNEL_HELLO_EVENT, onHello);
  }

  if (!offer()) N.addListener(N.win, CHANNEL_HELLO_EVENT, onHello);
}
