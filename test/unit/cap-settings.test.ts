import { describe, expect, it, vi } from 'vitest';

const storage = vi.hoisted(() => ({ data: {} as Record<string, unknown>, fail: false }));
vi.mock('webextension-polyfill', () => ({
  default: {
    storage: {
      local: {
        get: async (k: string) => {
          if (storage.fail) throw new Error('no storage');
          return k in storage.data ? { [k]: storage.data[k] } : {};
        },
        set: async (o: Record<string, unknown>) => {
          if (storage.fail) throw new Error('no storage');
          Object.assign(storage.data, o);
        },
      },
    },
  },
}));

const { isPresetCap, loadCap, saveCap, MIB } = await import('../../src/panel/cap-settings');

describe('memory cap settings', () => {
  it('accepts only the preset frame counts and sizes', () => {
    expect(isPresetCap({ maxFrames: 100_000, maxBytes: 64 * MIB })).toBe(true);
    expect(isPresetCap({ maxFrames: 1_000_000, maxBytes: 1024 * MIB })).toBe(true);
    expect(isPresetCap({ maxFrames: 123, maxBytes: 64 * MIB })).toBe(false);
    expect(isPresetCap({ maxFrames: 100_000, maxBytes: 65 * MIB })).toBe(false);
    expect(isPresetCap({ maxFrames: '100000', maxBytes: 64 * MIB })).toBe(false);
    expect(isPresetCap(null)).toBe(false);
  });

  it('saves and loads a choice', async () => {
    storage.fail = false;
    expect(await saveCap({ maxFrames: 100_000, maxBytes: 1024 * MIB })).toBe(true);
    expect(await loadCap()).toEqual({ maxFrames: 100_000, maxBytes: 1024 * MIB });
  });

  it('ignores a stored value that is not a preset', async () => {
    storage.fail = false;
    storage.data.memoryCap = { maxFrames: 1e12, maxBytes: 1e15 };
    expect(await loadCap()).toBeNull();
  });

  it('falls back quietly when storage fails', async () => {
    storage.fail = true;
    expect(await loadCap()).toBeNull();
    expect(await saveCap({ maxFrames: 100_000, maxBytes: 64 * MIB })).toBe(false);
  });
});
