// Everything the panel must not hide: frames it did not keep, messages it
// rejected, a version mismatch with a stale tab.
import type { Store } from '../store';
import { t, tm } from '../i18n';
import { count } from '../format';
import { MIB } from '../cap-settings';
import { OutageBanners } from './SimulateControls';

export function Banners({ store }: { store: Store }) {
  store.revision.value;
  const s = store.stats();
  const out = [];
  if (store.protocolProblem.value)
    out.push(
      <div class="banner banner-error" key="proto" role="alert">
        {t('panel_version_mismatch', store.protocolProblem.value)}
      </div>,
    );
  if (s.notKept > 0)
    out.push(
      <div class="banner banner-warn" key="notkept" data-testid="not-kept">
        {t('panel_not_kept', count(s.notKept))}
      </div>,
    );
  if (s.evictedByCap > 0)
    out.push(
      <div class="banner banner-warn" key="cap" data-testid="evicted">
        {t('conns_evicted', count(s.evictedByCap), count(store.limits.value.maxFrames), Math.round(store.limits.value.maxBytes / MIB))}
      </div>,
    );
  if (s.shortenedFrames > 0)
    out.push(
      <div class="banner banner-info" key="shortened" data-testid="shortened">
        {t('panel_previews_shortened', count(s.shortenedFrames))}
      </div>,
    );
  if (s.droppedEvents > 0)
    out.push(
      <div class="banner banner-warn" key="events">
        {t('panel_events_dropped', count(s.droppedEvents))}
      </div>,
    );
  for (const [i, n] of store.notices().entries())
    out.push(
      <div class="banner banner-error" key={'n' + i} role="alert" data-testid="notice">
        {tm(n.msg)}
      </div>,
    );
  if (store.outages.value.length) out.push(<OutageBanners store={store} key="outages" />);
  return out.length ? <div class="banners">{out}</div> : null;
}
