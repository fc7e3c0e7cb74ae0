// Bytes as offset | 16 hex bytes | ASCII rows. Rows are virtualized: a 1 MB
// payload is 65 536 rows, and only the ones in view exist in the DOM.
import { Component } from 'preact';
import { t } from '../i18n';
import { hexRow, hexRowCount } from '../payload-bytes';
import { VirtualList } from './VirtualList';

const ROW = 16;
const MAX_VISIBLE_ROWS = 20;
const HEADER = '00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f';

/** The bytes of a frame never change: skip the panel's ten-a-second renders (scrolling re-renders the list itself). */
export class HexView extends Component<{ bytes: Uint8Array }> {
  override shouldComponentUpdate(next: { bytes: Uint8Array }): boolean {
    return next.bytes !== this.props.bytes;
  }

  override render() {
    return <HexRows bytes={this.props.bytes} />;
  }
}

function HexRows({ bytes }: { bytes: Uint8Array }) {
  const rows = hexRowCount(bytes.length);
  return (
    <div class="hex-view" data-testid="hex-view" data-rows={rows}>
      <div class="hex-row hex-head" aria-hidden="true">
        <span class="hx-off">{t('fv_hex_offset')}</span>
        <span class="hx-bytes">{HEADER}</span>
        <span class="hx-ascii">ASCII</span>
      </div>
      <div class="hex-body" style={{ height: Math.min(rows, MAX_VISIBLE_ROWS) * ROW + 'px' }}>
        <VirtualList
          count={rows}
          rowHeight={ROW}
          label={t('fv_hex_label')}
          class="hex-list"
          renderRow={(i) => {
            const r = hexRow(bytes, i);
            return (
              <div role="listitem" class="hex-row" data-testid="hex-row" data-offset={r.offset}>
                <span class="hx-off">{r.offset}</span>
                <span class="hx-bytes">{r.hex}</span>
                <span class="hx-ascii">{r.ascii}</span>
              </div>
            );
          }}
        />
      </div>
    </div>
  );
}
