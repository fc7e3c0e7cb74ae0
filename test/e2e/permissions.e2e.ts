// The install warnings of the built extension, as each browser words them, with and
// without "webRequest": it must add none beyond what host access already shows.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { launchFirefox, type FirefoxSession } from './harness/firefox';

type Manifest = { permissions: string[]; host_permissions: string[] } & Record<string, unknown>;
const load = (browser: 'chrome' | 'firefox') => JSON.parse(readFileSync(`dist/${browser}/manifest.json`, 'utf8')) as Manifest;
const without = (m: Manifest, p: string): Manifest => ({ ...m, permissions: m.permissions.filter((x) => x !== p) });

describe('install warnings in Chromium', () => {
  let session: ChromiumSession;
  beforeAll(async () => {
    session = await launchChromium();
  });
  afterAll(() => session?.close());

  it('webRequest adds no warning to the host-access one', async () => {
    const sw = await session.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().includes(session.extensionId!));
    const worker = (await sw.worker())!;
    // A worker target can be reported before its extension bindings exist.
    for (let i = 0; !(await worker.evaluate(`typeof chrome === 'object' && !!chrome.management`).catch(() => false)); i++) {
      if (i > 100) throw new Error('the service worker never got its chrome.* bindings');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The parser needs plain strings where the build has __MSG_ keys.
    const plain = (m: Manifest) => {
      const { default_locale: _, ...rest } = m;
      return JSON.stringify({ ...rest, name: 'x', description: 'x', action: { default_title: 'x' } });
    };
    // Chromium's own wording of the install dialog; the API needs no "management" permission.
    const warnings = (m: Manifest) =>
      worker.evaluate(`new Promise((resolve) => chrome.management.getPermissionWarningsByManifest(${JSON.stringify(plain(m))}, (w) => resolve(w ?? String(chrome.runtime.lastError?.message))))`) as Promise<string[] | string>;
    const built = load('chrome');
    expect(built.permissions).toContain('webRequest');
    const withIt = await warnings(built);
    expect(withIt).toEqual(['Read and change all your data on all websites']);
    expect(await warnings(without(built, 'webRequest'))).toEqual(withIt);
  });
});

describe('install warnings in Firefox', () => {
  let session: FirefoxSession;
  beforeAll(async () => {
    session = await launchFirefox({ extension: false });
  });
  afterAll(() => session?.close());

  it('webRequest adds no permission prompt to the host-access one', async () => {
    type Reply = { result: { result?: { value?: string }; type?: string } };
    const conn = (session.browser as unknown as { connection: { send(method: string, params: unknown): Promise<Reply & { result: { contexts?: Array<{ url: string; context: string }> } }> } }).connection;
    const tree = await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const win = tree.result.contexts!.find((c) => c.url === 'chrome://browser/content/browser.xhtml')!;
    // Firefox's own wording of an install prompt (Firefox-internal module: may move in a new ESR).
    const prompt = async (m: Manifest) => {
      const expression = `(() => {
        const { ExtensionData } = ChromeUtils.importESModule('resource://gre/modules/Extension.sys.mjs');
        const r = ExtensionData.formatPermissionStrings({ permissions: { permissions: ${JSON.stringify(m.permissions)}, origins: ${JSON.stringify(m.host_permissions)} }, optionalPermissions: { permissions: [], origins: [] } }, { fullDomainsList: true });
        return JSON.stringify(r.msgs);
      })()`;
      const r = await conn.send('script.evaluate', { expression, target: { context: win.context }, awaitPromise: false });
      return JSON.parse(r.result.result?.value ?? 'null') as string[] | null;
    };
    const built = load('firefox');
    expect(built.permissions).toContain('webRequest');
    const withIt = await prompt(built);
    expect(withIt).toEqual(['Access your data for all websites']);
    expect(await prompt(without(built, 'webRequest'))).toEqual(withIt);
  });
});
