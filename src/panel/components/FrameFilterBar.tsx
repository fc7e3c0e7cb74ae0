// The Messages tab's filters: payload search (text, or /regex/flags), direction,
// type and flagged-only. They combine; the bar says how many frames match, and an
// invalid regex gets a message, never an exception.
import type { Signal } from '@preact/signals';
import { t, tm } from '../i18n';
import { count } from '../format';
import type { FilterResult } from '../frame-filter';
import type { DirFilter, TypeFilter } from '../frame-filter';

export interface FilterState {
  query: Signal<string>;
  dir: Signal<DirFilter>;
  type: Signal<TypeFilter>;
  flaggedOnly: Signal<boolean>;
}

export function FrameFilterBar({ state, compiled, shown, total }: { state: FilterState; compiled: FilterResult; shown: number; total: number }) {
  const previews = compiled.ok && compiled.searching && compiled.searchedPreviewsOnly();
  return (
    <div class="filter-bar" role="search">
      <input
        type="search"
        class={'filter-input' + (compiled.ok ? '' : ' invalid')}
        placeholder={t('panel_filter_placeholder')}
        value={state.query.value}
        onInput={(e) => (state.query.value = (e.target as HTMLInputElement).value)}
        aria-label={t('panel_filter_placeholder')}
        data-testid="filter-query"
      />
      <select value={state.dir.value} onChange={(e) => (state.dir.value = (e.target as HTMLSelectElement).value as DirFilter)} data-testid="filter-dir" aria-label={t('panel_filter_dir')}>
        <option value="both">{t('panel_filter_dir_both')}</option>
        <option value="out">{t('panel_dir_out')}</option>
        <option value="in">{t('panel_dir_in')}</option>
      </select>
      <select value={state.type.value} onChange={(e) => (state.type.value = (e.target as HTMLSelectElement).value as TypeFilter)} data-testid="filter-type" aria-label={t('panel_filter_type')}>
        <option value="both">{t('panel_filter_type_both')}</option>
        <option value="text">{t('panel_type_text')}</option>
        <option value="binary">{t('panel_type_binary')}</option>
      </select>
      <label class="tb-check">
        <input type="checkbox" checked={state.flaggedOnly.value} onChange={(e) => (state.flaggedOnly.value = (e.target as HTMLInputElement).checked)} data-testid="flagged-only" />
        {t('panel_flagged_only')}
      </label>
      <span class="filter-count muted" data-testid="filter-count">
        {shown === total ? count(total) : t('panel_filter_count', count(shown), count(total))}
      </span>
      {!compiled.ok && (
        <div class="filter-error" role="alert" data-testid="filter-error">
          {tm(compiled.error)}
        </div>
      )}
      {compiled.ok && compiled.warning && <div class="filter-note muted">{tm(compiled.warning)}</div>}
      {previews && <div class="filter-note muted">{t('panel_filter_previews')}</div>}
    </div>
  );
}
