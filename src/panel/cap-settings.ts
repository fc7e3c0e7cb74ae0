// The memory cap a person can pick in the toolbar, and remembering it between
// panel sessions in storage.local. Storage is a nicety: where it is missing or
// fails, the panel works with the default and says the choice was not saved.
import browser from 'webextension-polyfill';
import { DEFAULT_LIMITS, type StoreLimits } from './store';

export const MIB = 1024 * 1024;
export const FRAME_PRESETS: readonly number[] = [100_000, DEFAULT_LIMITS.maxFrames, 5_000_000];
export const MB_PRESETS: readonly number[] = [64, DEFAULT_LIMITS.maxBytes / MIB, 1024];

const KEY = 'memoryCap';

/** Only preset values are accepted back: the control can show them, and a tampered value cannot ask for 100 GB. */
export function isPresetCap(v: unknown): v is StoreLimits {
  if (typeof v !== 'object' || v === null) return false;
  const { maxFrames, maxBytes } = v as Record<string, unknown>;
  return typeof maxFrames === 'number' && FRAME_PRESETS.includes(maxFrames) && typeof maxBytes === 'number' && MB_PRESETS.includes(maxBytes / MIB);
}

export async function loadCap(): Promise<StoreLimits | null> {
  try {
    const stored = await browser.storage.local.get(KEY);
    const v: unknown = stored[KEY];
    return isPresetCap(v) ? { maxFrames: v.maxFrames, maxBytes: v.maxBytes } : null;
  } catch {
    return null;
  }
}

/** False when the choice could not be stored (no storage API, quota, private context). */
export async function saveCap(cap: StoreLimits): Promise<boolean> {
  try {
    await browser.storage.local.set({ [KEY]: { maxFrames: cap.maxFrames, maxBytes: cap.maxBytes } });
    return true;
  } catch {
    return false;
  }
}
