// Which way a bridge's batches travel to the panel.
//
// Chromium: each panel opens a port to each document of its tab (tabs.connect with
// that document's frame and id, when the document's bridge says it is here), and the
// bridge streams on the ports it was given. A batch then goes from the page's renderer
// through the browser to that panel and nowhere else. Before, the bridge opened the
// port with runtime.connect, which reaches every extension context listening to
// onConnect: the service worker (which kept the port to close it when the tab's last
// panel went) and the panels of every other tab received and parsed every batch too.
// A panel closing closes its ports; a bridge with none left stops streaming.
//
// Firefox: the DevTools panel has no `tabs` API and its runtime.onConnect delivery to
// several receivers is not what Chromium does, so the bridge connects to the
// background, which relays to the tab's panels.
export const DIRECT_BRIDGE_PORTS = !__IS_FIREFOX__;
