// Which way a bridge's batches travel to the panel.
//
// Chromium: a bridge's runtime.connect port reaches every extension context that
// listens to onConnect, the DevTools panel included, with the sender's tab and frame
// filled in by the browser. So the panel of that tab reads the port itself, and the
// background keeps its own end without listening to it: it must not disconnect it
// either, because in Chromium a receiver's disconnect closes the channel for every
// receiver. That takes the service worker's parse and re-serialise, and one routing
// through the browser process, out of every batch: measured during a small-text echo
// with the panel open, ~13 µs less CPU per frame across processes (36 → 22).
// Cost: every extension page listening to onConnect receives the port; panels of
// other tabs ignore it (without disconnecting), but still receive its messages.
//
// Firefox: the DevTools panel has no `tabs` API and its runtime.onConnect delivery to
// several receivers is not what Chromium does, so the background relays, as before.
export const DIRECT_BRIDGE_PORTS = !__IS_FIREFOX__;
