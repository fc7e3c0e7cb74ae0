// Every message exists in English and Russian with the same placeholders, and
// every key the panel code names literally exists.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeLocales } from '../../vite.config';

type Message = { message: string; placeholders?: Record<string, { content: string }> };
const locales = mergeLocales() as Record<string, Record<string, Message>>;

function placeholders(m: Message): string {
  const used = [...m.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((x) => x[1]!.toLowerCase()).sort();
  const declared = Object.entries(m.placeholders ?? {})
    .map(([k, v]) => `${k}=${v.content}`)
    .sort();
  return JSON.stringify({ used: [...new Set(used)], declared });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('locales', () => {
  it('has English and Russian, nothing else missing', () => {
    expect(Object.keys(locales).sort()).toEqual(['en', 'ru']);
    expect(Object.keys(locales.en!).length).toBeGreaterThan(300);
  });

  it('has the same keys in both languages', () => {
    expect(Object.keys(locales.ru!).sort()).toEqual(Object.keys(locales.en!).sort());
  });

  it('has the same placeholders for every key, each one declared and used', () => {
    for (const [key, en] of Object.entries(locales.en!)) {
      const ru = locales.ru![key]!;
      expect(placeholders(ru), key).toBe(placeholders(en));
      const p = JSON.parse(placeholders(en)) as { used: string[]; declared: string[] };
      expect(p.declared.map((d) => d.split('=')[0]), key).toEqual(p.used);
      expect(ru.message.trim(), key).not.toBe('');
    }
  });

  it('keys are valid WebExtension message names', () => {
    for (const key of Object.keys(locales.en!)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it('has every message key that the panel names literally', () => {
    const missing: string[] = [];
    for (const file of sourceFiles('src/panel')) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt\('([a-z0-9_]+)'\s*[,)]/g)) if (!(m[1]! in locales.en!)) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('has every key of the families the panel builds from a prefix', () => {
    const families: Record<string, string[]> = {
      panel_state_: ['connecting', 'open', 'closing', 'closed', 'failed', 'gone'],
      panel_status_: ['connecting', 'reconnecting'],
      utf8_confidence_: ['high', 'medium', 'low'],
      reconnect_outcome_: ['opened', 'failed', 'closed', 'open', 'connecting'],
      simulate_error_: ['offline', 'other_document', 'no_hook', 'no_bridge', 'bad_url', 'bad_seconds', 'malformed', 'no_outage', 'other'],
      simulate_status_ok_: ['close', 'outage', 'end'],
    };
    for (const [prefix, names] of Object.entries(families)) for (const n of names) expect(locales.en![prefix + n], prefix + n).toBeDefined();
  });

  it('translates the manifest texts', () => {
    const manifest = readFileSync('manifest.json', 'utf8');
    for (const m of manifest.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) {
      expect(locales.en![m[1]!]).toBeDefined();
      expect(locales.ru![m[1]!]).toBeDefined();
    }
  });
});
