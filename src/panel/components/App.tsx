import type { Store, StoreLimits } from '../store';
import { t } from '../i18n';
import { Toolbar } from './Toolbar';
import { Banners } from './Banners';
import { ConnectionList } from './ConnectionList';
import { ConnectionView } from './ConnectionView';
import { flaggedCount } from '../analysis-cache';
import type { Conn } from '../store';
import type { ImportedView } from '../har-io';
import type { Msg } from '../../diagnosis/message';
import { tm } from '../i18n';

interface Props {
  store: Store;
  status: 'connecting' | 'connected' | 'reconnecting';
  detached: boolean;
  onDetach: () => void;
  onExport: () => void;
  onImport: (file: File) => void;
  /** Set while a HAR file is shown instead of the live tab. */
  imported: ImportedView | null;
  onBackToLive: () => void;
  /** The last export/import outcome, shown until the next one. */
  message: Msg | null;
  cap: StoreLimits;
  onCap: (cap: StoreLimits) => void;
  capUnsaved: boolean;
}

const flaggedOf = (c: Conn) => flaggedCount(c.frames);

export function App({ store, status, detached, onDetach, onExport, onImport, imported, onBackToLive, message, cap, onCap, capUnsaved }: Props) {
  store.revision.value;
  const key = store.selectedConn.value;
  const c = key ? store.conn(key) : undefined;
  return (
    <div class="app">
      <Toolbar
        store={store}
        status={status}
        detached={detached}
        onDetach={onDetach}
        onExport={onExport}
        onImport={onImport}
        cap={cap}
        onCap={onCap}
        capUnsaved={capUnsaved}
      />
      {imported && (
        <div class="banner imported" data-testid="imported-banner">
          {t('panel_imported', imported.fileName, imported.result.sockets, imported.result.frames)}{' '}
          <button class="link" onClick={onBackToLive} data-testid="back-to-live">
            {t('panel_back_to_live')}
          </button>
          {imported.result.notes.map((n, i) => (
            <div key={i} class="muted">
              {tm(n)}
            </div>
          ))}
        </div>
      )}
      {message && (
        <div class="banner" role="status" data-testid="io-message">
          {tm(message)}
        </div>
      )}
      <Banners store={store} />
      <div class="main">
        <div class="pane-conns">
          <ConnectionList store={store} flaggedOf={flaggedOf} />
        </div>
        <div class="pane-detail">
          {c ? <ConnectionView store={store} c={c} /> : <div class="empty small">{t('panel_select_connection')}</div>}
        </div>
      </div>
      <footer class="footnote muted">{t('panel_not_hooked')}</footer>
    </div>
  );
}
