// The selected connection: its header, the close card, misuse found, its frames
// and the frame detail.
import type { Conn, Store } from '../store';
import { connState } from '../store';
import { t } from '../i18n';
import { bytes, clock, count } from '../format';
import { isFlagged } from '../analysis-cache';
import { useSignal } from '@preact/signals';
import { CloseCard, MisuseList } from './CloseCard';
import { FrameList } from './FrameList';
import { FrameDetail } from './FrameDetail';

export function ConnectionView({ store, c }: { store: Store; c: Conn }) {
  store.revision.value;
  const flaggedOnly = useSignal(false);
  const all = store.framesOf(c);
  const frames = flaggedOnly.value ? all.filter(isFlagged) : all;
  const f = c.facts;
  const cnt = c.counters;
  const sel = store.selectedFrame.value;
  const selFrame = sel === null ? undefined : all.find((x) => x.seq === sel);
  const held = all.length;
  const total = (cnt?.framesIn ?? 0) + (cnt?.framesOut ?? 0);
  return (
    <div class="conn-view" data-testid="conn-view">
      <div class="cv-head">
        <div class="cv-url" data-testid="cv-url">
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
      </div>
      <div class="cv-scroll">
        <MisuseList c={c} />
        <CloseCard c={c} frames={all} store={store} />
      </div>
      <div class="frames-bar">
        <strong>{t('panel_frames')}</strong>
        <label class="tb-check">
          <input
            type="checkbox"
            checked={flaggedOnly.value}
            onChange={(e) => (flaggedOnly.value = (e.target as HTMLInputElement).checked)}
            data-testid="flagged-only"
          />
          {t('panel_flagged_only')}
        </label>
      </div>
      <FrameList store={store} conn={c} frames={frames} isFlagged={isFlagged} />
      {selFrame && <FrameDetail f={selFrame} onClose={() => (store.selectedFrame.value = null)} />}
    </div>
  );
}
