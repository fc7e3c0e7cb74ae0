// The selected connection: a compact header, then two tabs. "Messages" holds the
// frames and the frame detail; "Diagnosis" holds the close card and the misuse
// found. A closed connection that needs explaining opens on Diagnosis.
import type { Conn, Store } from '../store';
import { connState } from '../store';
import { t, tm } from '../i18n';
import { bytes, clock, count } from '../format';
import { isFlagged } from '../analysis-cache';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useKeyedState } from './use-keyed-state';
import { createFilteredFrames, frameBySeq } from '../filtered-frames';
import { compileFilter, parseRegexInput, type DirFilter, type TypeFilter } from '../frame-filter';
import { FrameFilterBar, type FilterState } from './FrameFilterBar';
import { CloseCard, MisuseList } from './CloseCard';
import { FrameList } from './FrameList';
import { FrameDetail } from './FrameDetail';
import { SimulateControls } from './SimulateControls';
import { HandshakeView } from './HandshakeView';
import { findMisuse } from '../../diagnosis/page-misuse';
import { lookupCloseCode } from '../../diagnosis/close-codes';
import { inferInitiator } from '../../diagnosis/close-initiator';

type Tab = 'messages' | 'diagnosis' | 'handshake';

function defaultTab(c: Conn): Tab {
  const code = c.facts.close?.code;
  if (code !== undefined && code !== 1000) return 'diagnosis';
  if (c.facts.close === undefined && c.facts.pageHiddenAt !== undefined) return 'diagnosis';
  return findMisuse(c.facts).length ? 'diagnosis' : 'messages';
}

export function ConnectionView({ store, c }: { store: Store; c: Conn }) {
  store.revision.value;
  const filter: FilterState = {
    query: useSignal(''),
    dir: useSignal<DirFilter>('both'),
    type: useSignal<TypeFilter>('both'),
    flaggedOnly: useSignal(false),
  };
  const tab = useKeyedState<Tab>(c.key, () => defaultTab(c));
  // A frame picked elsewhere (a 1007 suspect link) is shown where frames live. Only a
  // new pick switches the tab: a view that mounts after one keeps the tab it chose.
  const reveal = store.revealed.value;
  const seenReveal = useRef(reveal);
  useEffect(() => {
    if (reveal !== seenReveal.current) tab.value = 'messages';
    seenReveal.current = reveal;
  }, [reveal]);

  const all = store.framesOf(c);
  const q = filter.query.value.trim();
  const compiled = useMemo(
    () =>
      compileFilter({
        dir: filter.dir.value,
        type: filter.type.value,
        flaggedOnly: filter.flaggedOnly.value,
        isFlagged,
        search: q === '' ? null : q.startsWith('/') ? { mode: 'regex', ...parseRegexInput(q) } : { mode: 'text', query: q },
      }),
    [q, filter.dir.value, filter.type.value, filter.flaggedOnly.value],
  );
  const filtering = q !== '' || filter.dir.value !== 'both' || filter.type.value !== 'both' || filter.flaggedOnly.value;
  const filteredOf = useMemo(createFilteredFrames, []);
  const frames = compiled.ok && filtering ? filteredOf(c, compiled) : all;
  const f = c.facts;
  const cnt = c.counters;
  const sel = store.selectedFrame.value;
  const selFrame = sel === null ? undefined : frameBySeq(c, sel);
  const held = all.length;
  const total = (cnt?.framesIn ?? 0) + (cnt?.framesOut ?? 0);
  const misuse = findMisuse(f);
  const finding = inferInitiator(f);
  const code = f.close?.code ?? (finding?.initiator === 'browser' ? 1001 : undefined);
  const entry = code !== undefined ? lookupCloseCode(code) : null;

  return (
    <div class="conn-view" data-testid="conn-view">
      <div class="cv-head">
        <div class="cv-url" data-testid="cv-url" title={f.url}>
          {f.url}
        </div>
        <div class="muted">
          {t('panel_state_' + connState(c))} · {t('panel_created', clock(f.createdAt))}
          {f.openedAt !== undefined && ' · ' + t('panel_opened', clock(f.openedAt))}
          {f.protocol ? ' · ' + t('panel_protocol', f.protocol) : ''}
          {f.extensions ? ' · ' + f.extensions : ''}
        </div>
        <div class="muted">
          ↑ {count(cnt?.framesOut ?? 0)} ({bytes(cnt?.bytesOut ?? 0)}) · ↓ {count(cnt?.framesIn ?? 0)} ({bytes(cnt?.bytesIn ?? 0)})
          {held < total && ' · ' + t('panel_held_of', count(held), count(total))}
        </div>
        {entry && code !== undefined && (
          <button class="close-strip link-block" onClick={() => (tab.value = 'diagnosis')} data-testid="close-strip">
            <span class={'chip chip-' + entry.category}>{code}</span> <strong>{t(entry.nameKey)}</strong>
            {finding && <span> — {tm(finding.summary)}</span>}
          </button>
        )}
        {!store.readOnly && <SimulateControls store={store} c={c} />}
      </div>
      <div class="tabs" role="tablist">
        <button role="tab" aria-selected={tab.value === 'messages'} class={tab.value === 'messages' ? 'active' : ''} onClick={() => (tab.value = 'messages')} data-testid="tab-messages">
          {t('panel_tab_messages', count(held))}
        </button>
        <button role="tab" aria-selected={tab.value === 'diagnosis'} class={tab.value === 'diagnosis' ? 'active' : ''} onClick={() => (tab.value = 'diagnosis')} data-testid="tab-diagnosis">
          {t('panel_tab_diagnosis')}
          {misuse.length > 0 && <span class="badge badge-lost">{misuse.length}</span>}
        </button>
        <button role="tab" aria-selected={tab.value === 'handshake'} class={tab.value === 'handshake' ? 'active' : ''} onClick={() => (tab.value = 'handshake')} data-testid="tab-handshake">
          {t('handshake_tab')}
        </button>
      </div>
      {tab.value === 'handshake' ? (
        <HandshakeView store={store} c={c} />
      ) : tab.value === 'diagnosis' ? (
        <div class="cv-diagnosis" data-testid="diagnosis">
          <MisuseList c={c} store={store} />
          <CloseCard c={c} store={store} />
          {!misuse.length && !finding && <div class="empty small">{t('panel_diagnosis_none')}</div>}
        </div>
      ) : (
        <>
          <FrameFilterBar state={filter} compiled={compiled} shown={frames.length} total={all.length} />
          <FrameList store={store} conn={c} frames={frames} isFlagged={isFlagged} />
          {selFrame && <FrameDetail f={selFrame} onClose={() => (store.selectedFrame.value = null)} />}
        </>
      )}
    </div>
  );
}
