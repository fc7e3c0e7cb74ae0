import type { Conn, Store } from '../store';
import { connState } from '../store';
import { t } from '../i18n';
import { clock, count, shortUrl } from '../format';
import { lookupCloseCode } from '../../diagnosis/close-codes';
import { VirtualList } from './VirtualList';
import { signal } from '@preact/signals';
import { chainsOf } from '../chains';
import { now } from '../clock';

/** Chains the person folded (by chain key); a chain shows all its attempts until folded. */
const folded = signal<ReadonlySet<string>>(new Set());

/** Where a row sits in its reconnect chain. */
export interface RowChain {
  key: string;
  /** 1-based attempt number. */
  attempt: number;
  attempts: number;
}

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

function ChainToggle({ chain }: { chain: RowChain }) {
  const isFolded = folded.value.has(chain.key);
  return (
    <button
      class="chain-toggle"
      aria-expanded={!isFolded}
      title={t(isFolded ? 'reconnect_chain_unfold' : 'reconnect_chain_fold', chain.attempts)}
      data-testid="chain-toggle"
      onClick={(e) => {
        e.stopPropagation();
        const next = new Set(folded.value);
        if (isFolded) next.delete(chain.key);
        else next.add(chain.key);
        folded.value = next;
      }}
    >
      {isFolded ? '▸' : '▾'}
    </button>
  );
}

export function ConnectionRow({ c, store, flagged, chain }: { c: Conn; store: Store; flagged: number; chain?: RowChain }) {
  // Conn objects are mutated in place; @preact/signals skips a component whose
  // props are shallow-equal unless it reads a signal that changed.
  store.revision.value;
  const st = connState(c);
  const sel = store.selectedConn.value === c.key;
  const cnt = c.counters;
  const f = c.facts;
  const head = chain !== undefined && chain.attempt === 1 && chain.attempts > 1;
  const child = chain !== undefined && chain.attempt > 1;
  const blocked = store.blockedBy(c);
  return (
    <div
      class={'conn-row' + (sel ? ' selected' : '') + (c.previous ? ' previous' : '') + (child ? ' chain-child' : '')}
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
        {head && <ChainToggle chain={chain} />}
        {child && (
          <span class="attempt-no muted" data-testid="attempt-no" title={t('reconnect_attempt_of', chain.attempt, chain.attempts)}>
            ↻{chain.attempt}
          </span>
        )}
        <span class={'dot dot-' + st} title={t('panel_state_' + st)} />
        <span class="conn-url">{c.createError ? t('panel_create_failed', c.createError.name) : shortUrl(f.url)}</span>
        <CloseChip c={c} />
        {head && (
          <span class="badge badge-chain" title={t('reconnect_chain_title', chain.attempts)} data-testid="chain-count">
            ↻ {chain.attempts}
          </span>
        )}
        {c.simulatedClose && (
          <span class="badge badge-sim" title={t('simulate_close_note')} data-testid="conn-simulated">
            {t('simulate_badge')}
          </span>
        )}
        {blocked && (
          <span class="badge badge-sim" title={t('simulate_blocked_note')} data-testid="conn-blocked">
            {t('simulate_blocked_badge')}
          </span>
        )}
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

interface Row {
  c: Conn;
  chain?: RowChain;
}

/**
 * Rows in creation order of each chain's first socket, later attempts right under
 * it (unless folded). A socket whose constructor threw stands alone.
 */
function rowsOf(store: Store): Row[] {
  const list = store.connections();
  const { chains } = chainsOf(store, now.peek());
  const groups: Array<{ at: number; rows: Row[] }> = [];
  const fold = folded.value;
  for (const ch of chains) {
    const rows: Row[] = [];
    const n = ch.attempts.length;
    ch.attempts.forEach((a, i) => {
      const c = store.conn(a.id);
      if (!c || (i > 0 && fold.has(ch.key))) return;
      rows.push({ c, chain: { key: ch.key, attempt: i + 1, attempts: n } });
    });
    groups.push({ at: ch.attempts[0]?.createdAt ?? 0, rows });
  }
  for (const c of list) if (c.createError || !c.facts.url) groups.push({ at: c.facts.createdAt, rows: [{ c }] });
  groups.sort((a, b) => a.at - b.at);
  return groups.flatMap((g) => g.rows);
}

export function ConnectionList({ store, flaggedOf }: { store: Store; flaggedOf: (c: Conn) => number }) {
  store.revision.value;
  folded.value;
  const list = store.connections();
  if (!list.length)
    return (
      <div class="empty" data-testid="empty">
        <p>{t('panel_empty')}</p>
        <p class="muted">{t('panel_empty_hint')}</p>
      </div>
    );
  const rows = rowsOf(store);
  return (
    <VirtualList
      count={rows.length}
      rowHeight={ROW}
      label={t('panel_connections')}
      class="conn-list"
      renderRow={(i) => {
        const r = rows[i]!;
        return <ConnectionRow key={r.c.key} c={r.c} store={store} flagged={flaggedOf(r.c)} chain={r.chain} />;
      }}
    />
  );
}
