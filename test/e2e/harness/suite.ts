// The setup most e2e files share: the fixture server and one browser for the
// whole file, stopped after it, and for most of them a page with the real DevTools
// panel open on it. Call at the top level of a test file; the returned object is
// filled in by the time the tests run.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server';
import { launchChromium, openRealPanel, type ChromiumSession } from './chromium';
import { launchFirefox, type FirefoxSession } from './firefox';
import { openRealFirefoxPanel } from './firefox-panel';
import type { PanelHandle } from './panel-handle';

interface Suite<S> {
  readonly server: FixtureServer;
  readonly session: S;
}

const missing = (what: string): never => {
  throw new Error(`${what} is used before beforeAll ran`);
};

function suite<S extends { close(): Promise<void> }>(launch: () => Promise<S>): Suite<S> {
  let server: FixtureServer | undefined;
  let session: S | undefined;
  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  return {
    get server() {
      return server ?? missing('the fixture server');
    },
    get session() {
      return session ?? missing('the browser');
    },
  };
}

export const chromiumSuite = (opts?: Parameters<typeof launchChromium>[0]): Suite<ChromiumSession> => suite(() => launchChromium(opts));
export const firefoxSuite = (opts?: Parameters<typeof launchFirefox>[0]): Suite<FirefoxSession> => suite(() => launchFirefox(opts));

interface PanelSuite<S, P extends PanelHandle> extends Suite<S> {
  /** A page on `path` of the fixture server. */
  readonly page: Page;
  /** The real DevTools panel on that page, once it shows "live" (from then on every socket and handshake of the page is watched). */
  readonly panel: P;
}

function panelSuite<S extends { browser: Browser; close(): Promise<void> }, P extends PanelHandle>(
  base: Suite<S>,
  path: string,
  open: (session: S, page: Page) => Promise<P>,
): PanelSuite<S, P> {
  let page: Page | undefined;
  let panel: P | undefined;
  // Registered after the base suite's beforeAll, so it runs after it.
  beforeAll(async () => {
    page = await base.session.browser.newPage();
    await page.goto(`${base.server.origin}${path}`);
    panel = await open(base.session, page);
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=status]')?.classList.contains('tb-status-connected')`);
  });
  return {
    get server() {
      return base.server;
    },
    get session() {
      return base.session;
    },
    get page() {
      return page ?? missing('the page');
    },
    get panel() {
      return panel ?? missing('the panel');
    },
  };
}

export const chromiumPanelSuite = (opts?: Parameters<typeof launchChromium>[0], path = '/blank.html') =>
  panelSuite(chromiumSuite(opts), path, (_, page) => openRealPanel(page));
export const firefoxPanelSuite = (opts?: Parameters<typeof launchFirefox>[0], path = '/blank.html') =>
  panelSuite(firefoxSuite(opts), path, (session, page) => openRealFirefoxPanel(session, page));
