// Drives Debian's Firefox ESR over WebDriver BiDi with the built extension
// installed as a temporary add-on, its UUID pinned so moz-extension:// URLs are known.
import puppeteer, { type Browser } from 'puppeteer-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_DIST = resolve('dist/firefox');
export const GECKO_ID = 'ws-doctor@ws-doctor.dev';
export const EXTENSION_UUID = '6d1f2c3a-7b4e-4c59-9a1d-2f5e8b7c0a11';

export interface FirefoxSession {
  browser: Browser;
  /** moz-extension://<uuid> */
  extensionOrigin: string;
  close(): Promise<void>;
}

export async function launchFirefox(
  opts: { extension?: boolean; lang?: string; systemAccess?: boolean; prefs?: Record<string, unknown> } = {},
): Promise<FirefoxSession> {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`Firefox not found at ${FIREFOX_PATH} (install Debian's firefox-esr or set FIREFOX_PATH)`);
  const withExt = opts.extension ?? true;
  if (withExt && !existsSync(join(FIREFOX_DIST, 'manifest.json'))) throw new Error('dist/firefox is missing: run npm run build');
  const userDataDir = mkdtempSync(join(tmpdir(), 'wsd-firefox-'));
  const prefs: Record<string, unknown> = {
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    'devtools.chrome.enabled': true,
    'datareporting.policy.dataSubmissionEnabled': false,
    'browser.shell.checkDefaultBrowser': false,
  };
  if (opts.lang) {
    prefs['intl.locale.requested'] = opts.lang;
    prefs['intl.accept_languages'] = opts.lang;
  }
  Object.assign(prefs, opts.prefs);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir,
    args: opts.systemAccess === false ? [] : ['--remote-allow-system-access'],
    extraPrefsFirefox: prefs,
  });
  if (withExt) await browser.installExtension(FIREFOX_DIST);
  return {
    browser,
    extensionOrigin: `moz-extension://${EXTENSION_UUID}`,
    async close() {
      await browser.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
