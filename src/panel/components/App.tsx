import type { Store } from '../store';
import { t } from '../i18n';
import { Toolbar } from './Toolbar';
import { Banners } from './Banners';
import { ConnectionList } from './ConnectionList';
import { ConnectionView } from './ConnectionView';
import { flaggedCount } from '../analysis-cache';
import type { Conn } from '../store';

interface Props {
  store: Store;
  status: 'connecting' | 'connected' | 'reconnecting';
  detached: boolean;
  onDetach: () => void;
}

const flaggedOf = (c: Conn) => flaggedCount(c.frames, c.start);

export function App({ store, status, detached, onDetach }: Props) {
  store.revision.value;
  const key = store.selectedConn.value;
  const c = key ? store.conn(key) : undefined;
  return (
    <div class="app">
      <Toolbar store={store} status={status} detached={detached} onDetach={onDetach} />
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
