// The toolbar's memory cap: a button that says the cap in force and opens a small
// popover with the presets. Choosing applies at once (a lower cap drops the
// oldest frames now) and is remembered by the caller.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoreLimits } from '../store';
import { t } from '../i18n';
import { count } from '../format';
import { DEFAULT_LIMITS } from '../store';
import { FRAME_PRESETS, MB_PRESETS, MIB } from '../cap-settings';

interface Props {
  cap: StoreLimits;
  onChange: (cap: StoreLimits) => void;
  /** The last choice could not be stored. */
  unsaved: boolean;
}

/** 100000 → "100k", 1000000 → "1M": the toolbar has room for little. */
const compact = (n: number) => (n >= 1_000_000 ? t('conns_cap_millions', n / 1_000_000) : t('conns_cap_thousands', n / 1000));

const withDefault = (label: string, isDefault: boolean) => (isDefault ? t('conns_cap_default', label) : label);

export function MemoryCapControl({ cap, onChange, unsaved }: Props) {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLSpanElement>(null);
  const first = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const outside = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const mb = Math.round(cap.maxBytes / MIB);
  return (
    <span
      class="cap-wrap"
      ref={wrap}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          (wrap.current?.querySelector('.cap-btn') as HTMLElement | null)?.focus();
        }
      }}
    >
      <button
        class="tb-btn cap-btn"
        aria-haspopup="dialog"
        aria-expanded={open}
        title={t('conns_cap_title')}
        aria-label={t('conns_cap_aria', count(cap.maxFrames), mb)}
        onClick={() => setOpen(!open)}
        data-testid="cap-button"
        data-frames={cap.maxFrames}
        data-bytes={cap.maxBytes}
      >
        ⛁ {t('conns_cap_button', compact(cap.maxFrames), mb)}
      </button>
      {open && (
        <div class="cap-popover" role="dialog" aria-label={t('conns_cap_title')} data-testid="cap-popover">
          <label class="cap-field">
            {t('conns_cap_frames')}
            <select
              ref={first}
              value={String(cap.maxFrames)}
              onChange={(e) => onChange({ ...cap, maxFrames: Number((e.target as HTMLSelectElement).value) })}
              data-testid="cap-frames"
            >
              {FRAME_PRESETS.map((n) => (
                <option key={n} value={String(n)}>
                  {withDefault(count(n), n === DEFAULT_LIMITS.maxFrames)}
                </option>
              ))}
            </select>
          </label>
          <label class="cap-field">
            {t('conns_cap_memory')}
            <select
              value={String(mb)}
              onChange={(e) => onChange({ ...cap, maxBytes: Number((e.target as HTMLSelectElement).value) * MIB })}
              data-testid="cap-mb"
            >
              {MB_PRESETS.map((n) => (
                <option key={n} value={String(n)}>
                  {withDefault(t('conns_cap_mb', n), n * MIB === DEFAULT_LIMITS.maxBytes)}
                </option>
              ))}
            </select>
          </label>
          <p class="muted cap-note">{t('conns_cap_note')}</p>
          {unsaved && (
            <p class="cap-note warn" role="status" data-testid="cap-unsaved">
              {t('conns_cap_unsaved')}
            </p>
          )}
          <button class="tb-btn" onClick={() => setOpen(false)}>
            {t('conns_cap_close')}
          </button>
        </div>
      )}
    </span>
  );
}
