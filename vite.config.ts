// One source, two builds: `WSD_BROWSER=chrome|firefox vite build` writes dist/<browser>/.
// The manifest differs only where the browsers differ (background, gecko settings);
// the code is the same, with __IS_FIREFOX__ folded in at build time.
import { defineConfig, type Plugin } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

type Browser = 'chrome' | 'firefox';
const browser: Browser = process.env.WSD_BROWSER === 'firefox' ? 'firefox' : 'chrome';
const debug = process.env.WSD_DEBUG === '1';

export const GECKO_ID = 'ws-doctor@ws-doctor.dev';

function manifestFor(target: Browser): ManifestV3Export {
  const base = JSON.parse(readFileSync('manifest.json', 'utf8'));
  // Extension messaging as a structured clone arrived in 148, opted into by
  // message_serialization: batches cross as typed arrays and exact strings
  // (src/protocol/wire-frames.ts), as they always do in Firefox. Older Chromium
  // ignores the key and would send JSON, so it is the minimum.
  if (target === 'chrome') return { ...base, minimum_chrome_version: '148', message_serialization: 'structured_clone' };
  const { service_worker, ...bg } = base.background;
  return {
    ...base,
    background: { ...bg, scripts: [service_worker] },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        // MAIN-world content scripts arrived in 128; data_collection_permissions in 140.
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}

/**
 * Merges the message fragments in extension/_locales/<lang>/*.json into the one
 * _locales/<lang>/messages.json a WebExtension reads. Fragments keep each area's
 * texts (close codes, UTF-8, reconnect, panel) in its own file.
 */
export function mergeLocales(dir = 'extension/_locales'): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const lang of readdirSync(dir)) {
    const merged: Record<string, unknown> = {};
    for (const file of readdirSync(join(dir, lang)).filter((f) => f.endsWith('.json')).sort()) {
      const part = JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Record<string, unknown>;
      for (const [k, v] of Object.entries(part)) {
        if (k in merged) throw new Error(`duplicate message key ${k} in ${lang}/${file}`);
        merged[k] = v;
      }
    }
    out[lang] = merged;
  }
  return out;
}

function locales(): Plugin {
  return {
    name: 'wsd-locales',
    generateBundle() {
      for (const [lang, messages] of Object.entries(mergeLocales())) {
        this.emitFile({ type: 'asset', fileName: `_locales/${lang}/messages.json`, source: JSON.stringify(messages) });
      }
    },
  };
}

/**
 * Preact's only HTML sink is dangerouslySetInnerHTML. WS Doctor renders page data
 * as text only, so the sink is cut out of the bundle: any future use fails loudly
 * instead of injecting markup, and `web-ext lint` sees no innerHTML assignment.
 */
function noHtmlSink(): Plugin {
  const sink = /(\b[\w$]+)\.innerHTML=([\w$]+)\.__html/g;
  return {
    name: 'wsd-no-html-sink',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]preact[\\/]/.test(id) || !code.includes('.innerHTML=')) return null;
      const out = code.replace(sink, "(()=>{throw new Error('WS Doctor renders text only: dangerouslySetInnerHTML is disabled')})()");
      if (out === code) throw new Error('preact changed: update the wsd-no-html-sink pattern');
      return { code: out, map: null };
    },
  };
}

export default defineConfig({
  publicDir: 'extension/public',
  define: {
    __IS_FIREFOX__: JSON.stringify(browser === 'firefox'),
    __WSD_DEBUG__: JSON.stringify(debug),
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: `dist/${browser}`,
    emptyOutDir: true,
    target: browser === 'firefox' ? 'firefox128' : 'chrome120',
    minify: !debug,
    sourcemap: debug,
    rollupOptions: { input: { panel: 'extension/panel.html' } },
  },
  plugins: [noHtmlSink(), crx({ manifest: manifestFor(browser), browser }), locales()],
});
