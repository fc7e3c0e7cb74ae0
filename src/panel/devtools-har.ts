// Chromium tells webRequest almost nothing about a failed handshake (net::ERR_FAILED),
// but DevTools' own network log, which the panel can read while DevTools is open,
// holds the handshake's request headers only when a connection was made and the
// request went out (measured in Chromium 156; see src/diagnosis/handshake.ts).
// It also holds the request as sent, so the subprotocols a page passed as a list.
// The log is read only for such sockets (store.harWanted(): a list, once a person opens
// its Handshake tab) that have no entry yet.
import browser from 'webextension-polyfill';
import { effect } from '@preact/signals';
import { harSocketEntries } from './har-sockets';
import type { Store } from './store';

/** Reads wait this long and gather every socket wanting one meanwhile: getHAR copies the whole log of the tab. */
const READ_DELAY_MS = 500;

/** A socket's entry may land in the log a moment after the page's close reached the panel: one more try. */
const ATTEMPTS = 2;

export function watchDevtoolsHar(store: Store) {
  const network = browser.devtools?.network;
  if (!network) return;
  const tries = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const read = () => {
    timer = null;
    network
      .getHAR()
      .then((log) => store.setHarEntries(harSocketEntries(log)))
      .catch(() => {});
  };
  effect(() => {
    store.revision.value;
    // Only sockets not yet tried (twice) start a read: the read itself changes the store.
    const fresh = store.harWanted().filter((k) => (tries.get(k) ?? 0) < ATTEMPTS);
    if (!fresh.length || timer !== null) return;
    for (const k of fresh) tries.set(k, (tries.get(k) ?? 0) + 1);
    if (tries.size > 10_000) tries.clear();
    timer = setTimeout(read, READ_DELAY_MS);
  });
}
