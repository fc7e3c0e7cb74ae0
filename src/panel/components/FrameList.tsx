import type { Conn, FrameSeq, PanelFrame, Store } from '../store';
import { t } from '../i18n';
import { bytes, bytesPreview, base64ToBytes, clock, delta, visiblePreview } from '../format';
import { timeMode } from '../view-prefs';
import { VirtualList } from './VirtualList';

const ROW = 22;

function preview(f: PanelFrame): string {
  if (f.blob && f.b64 === undefined) return t('panel_blob_preview');
  if (f.converted) return t('panel_converted_preview');
  if (f.binary) return f.b64 !== undefined ? bytesPreview(base64ToBytes(f.b64.slice(0, 48))) : '';
  return visiblePreview(f.text ?? '', 200);
}

export function FrameList({ store, conn, frames, isFlagged }: { store: Store; conn: Conn; frames: FrameSeq; isFlagged: (f: PanelFrame) => boolean }) {
  store.revision.value; // see ConnectionRow
  const sel = store.selectedFrame.value;
  const deltas = timeMode.value === 'delta';
  if (!frames.length) return <div class="empty small">{t('panel_no_frames')}</div>;
  return (
    <div class="frames">
      <div class="frame-head">
        <span class="fc-dir" aria-hidden="true" />
        <span class="fc-type" aria-hidden="true">{t('panel_col_type')}</span>
        <span class="fc-size" aria-hidden="true">{t('panel_col_size')}</span>
        <button
          class="fc-time fc-time-toggle"
          data-testid="time-mode"
          data-mode={timeMode.value}
          title={t(deltas ? 'fv_time_show_clock' : 'fv_time_show_delta')}
          onClick={() => (timeMode.value = deltas ? 'clock' : 'delta')}
        >
          {t(deltas ? 'fv_col_delta' : 'panel_col_time')} ⇄
        </button>
        <span class="fc-data" aria-hidden="true">{t('panel_col_data')}</span>
      </div>
      <VirtualList
        count={frames.length}
        rowHeight={ROW}
        follow
        label={t('panel_frames')}
        class="frame-list"
        renderRow={(i) => {
          const f = frames.at(i);
          const flagged = isFlagged(f);
          return (
            // No key: rows are matched by position, so a scroll step rewrites the text
            // of the rows in place instead of removing and creating DOM nodes.
            <div
              role="listitem"
              class={'frame-row ' + f.dir + (sel === f.seq ? ' selected' : '') + (f.discarded ? ' discarded' : '') + (flagged ? ' flagged' : '')}
              data-testid="frame-row"
              data-dir={f.dir}
              data-type={f.binary ? 'binary' : 'text'}
              data-size={f.size}
              data-seq={f.seq}
              onClick={() => (store.selectedFrame.value = f.seq)}
            >
              <span class="fc-dir" title={t(f.dir === 'out' ? 'panel_dir_out' : 'panel_dir_in')}>
                {f.dir === 'out' ? '↑' : '↓'}
              </span>
              <span class="fc-type">{f.binary ? t('panel_type_binary') : t('panel_type_text')}</span>
              <span class="fc-size">{bytes(f.size)}</span>
              <span class="fc-time" data-testid="frame-time" title={deltas ? clock(f.time) : undefined}>
                {deltas ? (i > 0 ? delta(f.time - frames.timeAt(i - 1)) : '—') : clock(f.time)}
              </span>
              <span class="fc-data">
                {flagged && (
                  <span class="badge badge-flag" data-testid="frame-flag" title={t('panel_flagged_frame_title')}>
                    ⚠ {t('panel_flag_utf8')}
                  </span>
                )}
                {f.discarded && <span class="badge badge-lost">{t('panel_discarded')}</span>}
                {preview(f)}
              </span>
            </div>
          );
        }}
      />
    </div>
  );
}
