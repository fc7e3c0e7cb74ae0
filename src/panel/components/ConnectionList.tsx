import type { Conn, Store } from '../store';
import { connState } from '../store';
import { t } from '../i18n';
import { clock, count, shortUrl } from '../format';
import { lookupCloseCode } from '../../diagnosis/close-codes';
import { VirtualList } from './VirtualList';

const ROW = 44;

export function CloseChip({ c }: { c: Conn }) {
  const close = c.facts.close;
  if (!close) return null;
  const entry = lookupCloseCode(close.code);
  return (
    <span class={'chip chip-' + entry.category} title={t(entry.nameKey)} data-testid="close-chip">
      {close.code}
    </span>
  );
}

function frameLabel(c: Conn): string {
  return c.doc.info.isTop ? '' : t('panel_in_iframe', shortUrl(c.doc.info.url));
}

export function ConnectionRow({ c, store, flagged }: { c: Conn; store: Store; flagged: number }) {
  // Conn objects are mutated in place; @preact/signals skips a component whose
  // props are shallow-equal unless it reads a signal that changed.
  store.revision.value;
  const st = connState(c);
  const sel = store.selectedConn.value === c.key;
  const cnt = c.counters;
  const f = c.facts;
  return (
    <div
      class={'conn-row' + (sel ? ' selected' : '') + (c.previous ? ' previous' : '')}
      role="listitem"
      aria-selected={sel}
      data-testid="conn-row"
      data-url={f.url}
      onClick={() => {
        store.selectedConn.value = c.key;
        store.selectedFrame.value = null;
      }}
      title={f.url}
    >
      <div class="conn-line1">
        <span class={'dot dot-' + st} title={t('panel_state_' + st)} />
        <span class="conn-url">{c.createError ? t('panel_create_failed', c.createError.name) : shortUrl(f.url)}</span>
        <CloseChip c={c} />
        {flagged > 0 && (
          <span class="badge badge-flag" title={t('panel_flagged_title')} data-testid="conn-flagged">
            ⚠ {flagged}
          </span>
        )}
      </div>
      <div class="conn-line2">
        <span class="muted">{t('panel_state_' + st)}</span>
        <span class="muted"> · {clock(f.createdAt, false)}</span>
        {f.close && <span class="muted"> → {clock(f.close.time, false)}</span>}
        <span class="counts" data-testid="conn-counts">
          {' '}
          ↑{count(cnt?.framesOut ?? 0)} ↓{count(cnt?.framesIn ?? 0)}
        </span>
        {f.close?.reason && <span class="conn-reason"> “{f.close.reason.slice(0, 80)}”</span>}
        {frameLabel(c) && <span class="muted conn-frame"> · {frameLabel(c)}</span>}
        {c.previous && <span class="muted"> · {t('panel_previous_page')}</span>}
      </div>
    </div>
  );
}

export function ConnectionList({ store, flaggedOf }: { store: Store; flaggedOf: (c: Conn) => number }) {
  store.revision.value;
  const list = store.connections();
  if (!list.length)
    return (
      <div class="empty" data-testid="empty">
        <p>{t('panel_empty')}</p>
        <p class="muted">{t('panel_empty_hint')}</p>
      </div>
    );
  return (
    <VirtualList
      count={list.length}
      rowHeight={ROW}
      label={t('panel_connections')}
      class="conn-list"
      renderRow={(i) => <ConnectionRow key={list[i]!.key} c={list[i]!} store={store} flagged={flaggedOf(list[i]!)} />}
    />
  );
}
