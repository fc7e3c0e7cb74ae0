// Above the connections list: the URL filter, the sort key and its direction.
import type { Signal } from '@preact/signals';
import { t } from '../i18n';
import { count } from '../format';
import type { ConnSortKey, SortDir } from '../conn-order';

export interface ConnListState {
  query: Signal<string>;
  key: Signal<ConnSortKey>;
  dir: Signal<SortDir>;
}

export function ConnListBar({ state, shown, total }: { state: ConnListState; shown: number; total: number }) {
  const asc = state.dir.value === 'asc';
  return (
    <div class="conn-bar" role="search">
      <input
        type="search"
        class="conn-filter"
        placeholder={t('conns_filter_placeholder')}
        aria-label={t('conns_filter_placeholder')}
        value={state.query.value}
        onInput={(e) => (state.query.value = (e.target as HTMLInputElement).value)}
        data-testid="conn-filter"
      />
      {shown !== total && (
        <span class="muted conn-count" role="status" data-testid="conn-filter-count">
          {t('conns_filter_count', count(shown), count(total))}
        </span>
      )}
      <select
        value={state.key.value}
        onChange={(e) => (state.key.value = (e.target as HTMLSelectElement).value as ConnSortKey)}
        aria-label={t('conns_sort_label')}
        title={t('conns_sort_label')}
        data-testid="conn-sort"
      >
        <option value="time">{t('conns_sort_time')}</option>
        <option value="frames">{t('conns_sort_frames')}</option>
        <option value="bytes">{t('conns_sort_bytes')}</option>
      </select>
      <button
        class="tb-btn conn-dir"
        onClick={() => (state.dir.value = asc ? 'desc' : 'asc')}
        aria-label={t(asc ? 'conns_sort_asc' : 'conns_sort_desc')}
        title={t(asc ? 'conns_sort_asc' : 'conns_sort_desc')}
        data-testid="conn-sort-dir"
        data-dir={state.dir.value}
      >
        {asc ? '↑' : '↓'}
      </button>
    </div>
  );
}
