// Drives Debian's Chromium with the built extension, and reaches the REAL
// DevTools panel: DevTools is opened on the page and the extension's panel is
// selected from inside the DevTools front end (internal modules: kept here only).
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PanelHandle } from './panel-handle';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/lib/chromium/chromium';
export const CHROME_DIST = resolve('dist/chrome');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface ChromiumSession {
  browser: Browser;
  extensionId: string | null;
  close(): Promise<void>;
}

/**
 * `extension: false` runs Chromium without WS Doctor; `extensionsEnabled` keeps the
 * extension machinery on anyway, so that a benchmark compares two browsers launched
 * with the same flags and differing only in WS Doctor being installed.
 */
/**
 * `networkEnabled: false` keeps puppeteer from enabling the CDP Network domain on its
 * pages: with it on, Chromium reports every WebSocket frame to the test process, a
 * per-frame cost a benchmark must not put on both sides of a ratio.
 */
export async function launchChromium(
  opts: { extension?: boolean; extensionsEnabled?: boolean; lang?: string; extraArgs?: string[]; networkEnabled?: boolean } = {},
): Promise<ChromiumSession> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (install Debian's chromium or set CHROME_PATH)`);
  const withExt = opts.extension ?? true;
  if (withExt && !existsSync(join(CHROME_DIST, 'manifest.json'))) throw new Error('dist/chrome is missing: run npm run build');
  const userDataDir = mkdtempSync(join(tmpdir(), 'wsd-chromium-'));
  const args = [...CHROMIUM_ARGS, ...(opts.extraArgs ?? [])];
  if (opts.lang) args.push(`--lang=${opts.lang}`);
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    pipe: true,
    enableExtensions: withExt || opts.extensionsEnabled === true,
    handleDevToolsAsPage: true,
    networkEnabled: opts.networkEnabled ?? true,
    userDataDir,
    args,
    env: opts.lang ? { ...process.env, LANGUAGE: opts.lang, LANG: opts.lang === 'ru' ? 'ru_RU.UTF-8' : process.env.LANG ?? 'C.UTF-8' } : process.env,
  });
  const extensionId = withExt ? await browser.installExtension(CHROME_DIST) : null;
  return {
    browser,
    extensionId,
    async close() {
      await browser.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens DevTools on `page`, selects the WS Doctor panel and returns a handle on its document. */
export async function openRealPanel(page: Page): Promise<PanelHandle & { devtools: Page; frame: Frame }> {
  await page.bringToFront();
  const devtools = await page.openDevTools();
  await devtools.waitForFunction(() => document.readyState === 'complete', { timeout: 20_000 });
  // Source strings, not functions: the test runner's transform would rewrite a
  // dynamic import() inside a function before puppeteer serialises it.
  // Wait for the InspectorView without creating it (creating it too early throws).
  await devtools.waitForFunction(
    `(async () => {
      try {
        const UI = await import('./ui/legacy/legacy.js');
        return !!UI.InspectorView.InspectorView.maybeGetInspectorViewInstance();
      } catch {
        return false;
      }
    })()`,
    { timeout: 20_000, polling: 100 },
  );
  await devtools.evaluate(`(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    const iv = UI.InspectorView.InspectorView.instance();
    for (let i = 0; i < 100; i++) {
      const id = iv.tabbedPane.tabIds().find((x) => x.startsWith('chrome-extension://'));
      if (id) return iv.showPanel(id);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('extension panel tab not found: ' + iv.tabbedPane.tabIds().join(', '));
  })()`);
  let frame: Frame | undefined;
  for (let i = 0; i < 100 && !frame; i++) {
    frame = devtools.frames().find((f) => f.url().includes('/extension/panel.html'));
    if (!frame) await new Promise((r) => setTimeout(r, 100));
  }
  if (!frame) throw new Error('panel frame did not load: ' + devtools.frames().map((f) => f.url()).join(', '));
  await frame.waitForFunction(() => document.readyState === 'complete' && !!document.querySelector('.app'), { timeout: 20_000 });
  return { ...frameHandle(frame), devtools, frame };
}

/** A panel page opened as a normal tab (panel.html?tabId=N). */
export function frameHandle(frame: Frame): PanelHandle {
  return {
    async eval<T>(fnSource: string): Promise<T> {
      return (await frame.evaluate(`(${fnSource})(document, window)`)) as T;
    },
    async waitFor<T>(fnSource: string, timeout = 15_000): Promise<T> {
      try {
        const h = await frame.waitForFunction(`(${fnSource})(document, window)`, { timeout, polling: 50 });
        return (await h.jsonValue()) as T;
      } catch (e) {
        const state = await frame.evaluate(() => document.querySelector('.app')?.textContent?.slice(0, 600)).catch(() => '(panel unreadable)');
        throw new Error(`panel never satisfied: ${fnSource.replace(/\s+/g, ' ').slice(0, 240)}\npanel text: ${state}\n${(e as Error).message}`);
      }
    },
    async click(selector: string) {
      await frame.click(selector);
    },
  };
}

