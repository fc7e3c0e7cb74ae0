// Panel bootstrap. In DevTools the inspected tab comes from devtools.inspectedWindow;
// detached (panel.html?tabId=N in a normal tab) it comes from the URL.
import { render } from 'preact';
import { signal } from '@preact/signals';
import browser from 'webextension-polyfill';
import { createStore, type StoreLimits } from './store';
import { connectToTab } from './page-connection';
import { watchDevtoolsHar } from './devtools-har';
import { App } from './components/App';
import { applyTheme } from './theme';
import { startClock } from './clock';
import type { OpenDetached } from '../protocol/extension-messages';
import { openHar, saveHar, type ImportedView } from './har-io';
import { loadCap, saveCap } from './cap-settings';
import { msg, type Msg } from '../diagnosis/message';
import { PROTOCOL_VERSION } from '../protocol/version';
import './panel.css';

const params = new URLSearchParams(location.search);
const fromUrl = Number(params.get('tabId'));
const inDevtools = typeof browser.devtools?.inspectedWindow?.tabId === 'number';
const tabId = inDevtools ? browser.devtools.inspectedWindow.tabId : fromUrl;
const root = document.getElementById('app')!;

applyTheme(inDevtools ? browser.devtools.panels.themeName : undefined);

if (!Number.isSafeInteger(tabId) || tabId < 0) {
  root.textContent = browser.i18n.getMessage('panel_no_tab') || 'No tab to inspect';
} else {
  const store = createStore();
  // Not requestAnimationFrame: it does not fire while the DevTools window is in the
  // background, and an update must never wait for the person to look.
  // Ten updates a second are live enough to read, and leave the CPU to the page.
  store.setScheduler((fn) => setTimeout(fn, 100));
  startClock();
  const status = signal<'connecting' | 'connected' | 'reconnecting'>('connecting');
  connectToTab(tabId, store, (s) => (status.value = s));
  // Firefox's webRequest already names the status or the error; Chromium's needs DevTools' log.
  if (inDevtools && !__IS_FIREFOX__) watchDevtoolsHar(store);
  const onDetach = () => {
    const m: OpenDetached = { v: PROTOCOL_VERSION, t: 'open-detached', tabId };
    browser.runtime.sendMessage(m).catch(() => {});
  };
  const capUnsaved = signal(false);
  let capChosen = false;
  // Until storage answers the panel runs with the default; a choice made meanwhile wins.
  void loadCap().then((cap) => {
    if (cap && !capChosen) store.setLimits(cap);
  });
  const onCap = (cap: StoreLimits) => {
    capChosen = true;
    store.setLimits(cap);
    void saveCap(cap).then((ok) => (capUnsaved.value = !ok));
  };
  const imported = signal<ImportedView | null>(null);
  const ioMessage = signal<Msg | null>(null);
  const onExport = () => {
    const s = imported.value?.store ?? store;
    const name = saveHar(s, browser.runtime.getManifest().version);
    ioMessage.value = msg('daily_har_export_done', s.connections().length, name);
  };
  const onImport = (file: File) => {
    openHar(file)
      .then((r) => {
        if ('error' in r) ioMessage.value = r.error;
        else {
          imported.value = r;
          ioMessage.value = msg('daily_har_import_done', r.result.sockets, r.result.frames);
        }
      })
      .catch(() => (ioMessage.value = msg('daily_har_error_internal')));
  };
  const Root = () => (
    <App
      store={imported.value?.store ?? store}
      status={status.value}
      detached={!inDevtools}
      onDetach={onDetach}
      onExport={onExport}
      onImport={onImport}
      imported={imported.value}
      onBackToLive={() => {
        imported.value = null;
        ioMessage.value = null;
      }}
      message={ioMessage.value}
      cap={store.limits.value}
      onCap={onCap}
      capUnsaved={capUnsaved.value}
    />
  );
  render(<Root />, root);
  // For tests and for people poking at the panel from its own console.
  (window as unknown as { __wsd?: unknown }).__wsd = { store, tabId };
}
