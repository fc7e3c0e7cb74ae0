// A fixed-row-height virtualized list: only the rows in view (plus a small
// overscan) exist in the DOM, whatever the count. With `follow`, it sticks to
// the bottom while the person has not scrolled up, and says how many rows
// arrived since they did.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

interface Props {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ComponentChildren;
  follow?: boolean;
  class?: string;
  label: string;
  /** A row to keep in view (keyboard selection): scrolled to when it changes. */
  reveal?: number;
}

const OVERSCAN = 8;
/**
 * Browsers cap an element's height (Firefox near 17.9 million px), so beyond this
 * the spacer stays at this height and scrolling maps proportionally onto the rows.
 */
const MAX_SPACER_PX = 8_000_000;

export function VirtualList({ count, rowHeight, renderRow, follow = false, class: cls, label, reveal }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const [pinned, setPinned] = useState(true);
  const [seenCount, setSeenCount] = useState(count);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !follow) return;
    if (pinned) {
      el.scrollTop = el.scrollHeight;
      setSeenCount(count);
    }
  }, [count, pinned, follow]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || reveal === undefined || reveal < 0) return;
    // Row positions map 1:1 onto the scroll range only below the spacer cap; lists
    // that long are frames, which never ask for this.
    if (count * rowHeight > MAX_SPACER_PX) return;
    const top = reveal * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [reveal]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    if (follow) {
      const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
      if (atBottom !== pinned) setPinned(atBottom);
      if (atBottom) setSeenCount(count);
    }
  };

  const full = count * rowHeight;
  const spacer = Math.min(full, MAX_SPACER_PX);
  const ratio = spacer > height && full > spacer ? (full - height) / (spacer - height) : 1;
  const virtualTop = scrollTop * ratio;
  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((virtualTop + height) / rowHeight) + OVERSCAN);
  const offset = first * rowHeight - virtualTop + scrollTop;
  const rows: ComponentChildren[] = [];
  for (let i = first; i < last; i++) rows.push(renderRow(i));
  const unseen = follow && !pinned ? count - seenCount : 0;

  return (
    <div class={'vlist-wrap ' + (cls ?? '')}>
      <div class="vlist" ref={ref} onScroll={onScroll} role="list" aria-label={label} tabIndex={0}>
        <div class="vlist-spacer" style={{ height: spacer + 'px' }}>
          <div class="vlist-rows" style={{ transform: `translateY(${offset}px)` }}>
            {rows}
          </div>
        </div>
      </div>
      {unseen > 0 && (
        <button
          class="vlist-new"
          onClick={() => {
            const el = ref.current;
            if (el) el.scrollTop = el.scrollHeight;
            setPinned(true);
          }}
        >
          {t('panel_new_frames', unseen)}
        </button>
      )}
    </div>
  );
}
