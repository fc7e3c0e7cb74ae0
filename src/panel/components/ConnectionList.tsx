import type { Conn, Store } from '../store';
import { connState } from '../store';
import { t } from '../i18n';
import { clock, count, shortUrl } from '../format';
import { lookupCloseCode } from '../../diagnosis/close-codes';
import { VirtualList } from './VirtualList';
import { signal } from '@preact/signals';
import { chainsOf } from '../chains';
import { now } from '../clock';
import { DEFAULT_ORDER, orderGroups, type ConnFigures, type ConnOrder, type Group } from '../conn-order';
import { ConnListBar, type ConnListState } from './ConnListBar';

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

/** The list's filter and sort: the person's, for as long as the panel is open (live and imported views alike). */
const order: ConnListState = { query: signal(DEFAULT_ORDER.query), key: signal(DEFAULT_ORDER.key), dir: signal(DEFAULT_ORDER.dir) };

function figures(store: Store, c: Conn, withBytes: boolean): ConnFigures {
  const cnt = c.counters;
  let bytes = 0;
  // Counters come from the hook and count every frame; without them (some HAR
  // imports) the frames held are all there is. Summed only when sorting by bytes.
  if (withBytes) {
    if (cnt) bytes = cnt.bytesOut + cnt.bytesIn;
    else for (let i = c.frames.start; i < c.frames.length; i++) bytes += c.frames.sizeAt(i);
  }
  return {
    url: c.facts.url,
    createdAt: c.facts.createdAt,
    frames: cnt ? cnt.framesOut + cnt.framesIn : c.frames.held,
    bytes,
  };
}

/**
 * Each reconnect chain is a group (later attempts right under its first socket,
 * unless folded); a socket whose constructor threw stands alone. conn-order.ts
 * filters and sorts the groups.
 */
function rowsOf(store: Store, o: ConnOrder): { rows: Row[]; shown: number; total: number } {
  const list = store.connections();
  const { chains } = chainsOf(store, now.peek());
  const groups: Array<Group<Row>> = [];
  const fold = folded.value;
  const withBytes = o.key === 'bytes';
  for (const ch of chains) {
    const rows: Row[] = [];
    const conns: ConnFigures[] = [];
    const n = ch.attempts.length;
    ch.attempts.forEach((a, i) => {
      const c = store.conn(a.id);
      if (!c) return;
      // A folded chain still sorts and filters by all its attempts.
      conns.push(figures(store, c, withBytes));
      if (i > 0 && fold.has(ch.key)) return;
      rows.push({ c, chain: { key: ch.key, attempt: i + 1, attempts: n } });
    });
    groups.push({ rows, conns });
  }
  for (const c of list) if (c.createError || !c.facts.url) groups.push({ rows: [{ c }], conns: [figures(store, c, withBytes)] });
  const r = orderGroups(groups, o);
  return { rows: r.groups.flatMap((g) => g.rows), shown: r.shown, total: r.total };
}

/** Arrow keys, Home and End move the selection through the rows as shown. */
function moveSelection(store: Store, rows: Row[], key: string): number | null {
  if (!rows.length) return null;
  const at = rows.findIndex((r) => r.c.key === store.selectedConn.peek());
  let next: number;
  if (key === 'ArrowDown') next = at < 0 ? 0 : Math.min(rows.length - 1, at + 1);
  else if (key === 'ArrowUp') next = at < 0 ? 0 : Math.max(0, at - 1);
  else if (key === 'Home') next = 0;
  else if (key === 'End') next = rows.length - 1;
  else return null;
  if (next !== at) {
    store.selectedConn.value = rows[next]!.c.key;
    store.selectedFrame.value = null;
  }
  return next;
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
  const o: ConnOrder = { query: order.query.value, key: order.key.value, dir: order.dir.value };
  const { rows, shown, total } = rowsOf(store, o);
  const sel = store.selectedConn.value;
  const selIndex = sel ? rows.findIndex((r) => r.c.key === sel) : -1;
  return (
    <div
      class="conn-list-wrap"
      onKeyDown={(e) => {
        if ((e.target as HTMLElement).closest('.vlist') && moveSelection(store, rows, e.key) !== null) e.preventDefault();
      }}
    >
      <ConnListBar state={order} shown={shown} total={total} />
      {rows.length ? (
        <VirtualList
          count={rows.length}
          rowHeight={ROW}
          label={t('panel_connections')}
          class="conn-list"
          reveal={selIndex}
          renderRow={(i) => {
            const r = rows[i]!;
            return <ConnectionRow key={r.c.key} c={r.c} store={store} flagged={flaggedOf(r.c)} chain={r.chain} />;
          }}
        />
      ) : (
        <div class="empty small" data-testid="conn-no-match">
          {t('conns_no_match', o.query.trim())}
        </div>
      )}
    </div>
  );
}
