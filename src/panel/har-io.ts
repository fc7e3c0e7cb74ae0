// Saving and opening HAR files from the panel: the browser-facing half of har.ts.
import { exportHar, harToJson, importHar, type ImportOk } from './har';
import { createStore, type Store } from './store';
import type { Msg } from '../diagnosis/message';

/** Downloads the store's sockets as a HAR file; returns its name. */
export function saveHar(store: Store, version: string): string {
  const har = exportHar({ connections: store.connections(), framesOf: store.frameArray, handshakeOf: store.handshakeShownOf, requestedOf: store.requestedOf, version });
  const blob = new Blob([harToJson(har, 2)], { type: 'application/json' });
  const name = `websockets-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.har`;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return name;
}

export interface ImportedView {
  store: Store;
  fileName: string;
  result: ImportOk;
}

/**
 * Opens a HAR into a store of its own, so live capture (and its navigations) never
 * mixes with it. Imported data goes through the same apply() as live data, so the
 * close diagnosis and the UTF-8 analysis run on it unchanged.
 */
export async function openHar(file: File): Promise<ImportedView | { error: Msg }> {
  const text = await file.text();
  const result = importHar(text, { fileName: file.name, idPrefix: 'har-' + Date.now().toString(36) });
  if (!result.ok) return { error: result.error };
  const store = createStore(undefined, { readOnly: true });
  store.setScheduler((fn) => setTimeout(fn, 0));
  store.preserveLog.value = true;
  for (const m of result.messages) store.apply(m.frameId, m.msg);
  store.setImportedHandshakes(result.handshakes);
  return { store, fileName: file.name, result };
}
