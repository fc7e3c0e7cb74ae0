// Hands the bridge (isolated world) a private MessagePort before any page script
// exists, and carries all traffic over it. Nothing ever goes through
// window.postMessage, so page `message` listeners hear nothing.
//
// The hook offers the port in a synchronous, cancelable event on window; the
// bridge takes it and calls preventDefault() as its acknowledgement, so
// dispatchEvent returns false here. If the bridge has not run yet, the hook
// waits for the bridge's hello event and offers again then. Both listeners are
// removed once the port is handed over.
import { CHANNEL_HELLO_EVENT, CHANNEL_OFFER_EVENT } from '../protocol/page-messages';
import type { Natives } from './natives';

export function openChannel(N: Natives, onPort: (port: MessagePort) => void) {
  let done = false;

  function offer(): boolean {
    const ch = new N.MessageChannel();
    const ev = new N.MessageEvent(CHANNEL_OFFER_EVENT, { ports: [ch.port2], cancelable: true });
    if (N.dispatch(N.win, ev)) return false; // nobody took it
    done = true;
    onPort(ch.port1);
    return true;
  }

  function onHello(e: Event) {
    e.stopImmediatePropagation();
    if (!done && offer()) N.removeListener(N.win, CHANNEL_HELLO_EVENT, onHello);
  }

  if (!offer()) N.addListener(N.win, CHANNEL_HELLO_EVENT, onHello);
}
