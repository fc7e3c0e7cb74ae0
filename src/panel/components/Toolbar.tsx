import type { Store, StoreLimits } from '../store';
import { t } from '../i18n';
import { MemoryCapControl } from './MemoryCapControl';

interface Props {
  store: Store;
  status: 'connecting' | 'connected' | 'reconnecting';
  detached: boolean;
  onDetach: () => void;
  onExport: () => void;
  onImport: (file: File) => void;
  /** The live tab's memory cap (an imported HAR has its own store, not capped from here). */
  cap: StoreLimits;
  onCap: (cap: StoreLimits) => void;
  capUnsaved: boolean;
}

export function Toolbar({ store, status, detached, onDetach, onExport, onImport, cap, onCap, capUnsaved }: Props) {
  store.revision.value; // re-render on data changes (counts)
  const n = store.connections().length;
  return (
    <div class="toolbar" role="toolbar">
      <button class="tb-btn" onClick={() => store.clear()} title={t('panel_clear_title')} data-testid="clear">
        ⊘ {t('panel_clear')}
      </button>
      <label class="tb-check" title={t('panel_preserve_title')}>
        <input
          type="checkbox"
          checked={store.preserveLog.value}
          onChange={(e) => (store.preserveLog.value = (e.target as HTMLInputElement).checked)}
          data-testid="preserve-log"
        />
        {t('panel_preserve')}
      </label>
      {!detached && (
        <button class="tb-btn" onClick={onDetach} title={t('panel_detach_title')} data-testid="detach">
          ↗ {t('panel_detach')}
        </button>
      )}
      <button class="tb-btn" onClick={onExport} title={t('panel_export_title')} data-testid="export-har">
        ⤓ {t('panel_export')}
      </button>
      <label class="tb-btn" title={t('panel_import_title')}>
        ⤒ {t('panel_import')}
        <input
          type="file"
          accept=".har,application/json"
          hidden
          data-testid="import-har"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            if (file) onImport(file);
            input.value = '';
          }}
        />
      </label>
      <MemoryCapControl cap={cap} onChange={onCap} unsaved={capUnsaved} />
      <span class="tb-spacer" />
      <span class={'tb-status tb-status-' + status} data-testid="status">
        {status === 'connected' ? t('panel_status_live', n) : t('panel_status_' + status)}
      </span>
    </div>
  );
}
