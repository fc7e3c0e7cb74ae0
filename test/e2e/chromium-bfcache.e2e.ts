// A page restored from the back/forward cache, in the real Chromium DevTools panel
// (see navigation-scenarios.ts). Its own browser: puppeteer's network monitoring, which
// the other suites use, keeps pages out of the cache.
import { beforeAll, describe, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { chromiumSuite } from './harness/suite';
import { openRealPanel } from './harness/chromium';
import type { PanelHandle } from './harness/panel-handle';
import { backForwardCache } from './navigation-scenarios';

const s = chromiumSuite({ networkEnabled: false });
let page: Page;
let panel: PanelHandle;

beforeAll(async () => {
  page = await s.session.browser.newPage();
  await page.goto(`${s.server.origin}/blank.html`);
  panel = await openRealPanel(page);
  await panel.waitFor(`(doc) => doc.querySelector('[data-testid=status]')?.classList.contains('tb-status-connected')`);
});

describe('the back/forward cache in Chromium', () => {
  it('shows the sockets of a page restored from the cache', () => backForwardCache(page, panel, s.server));
});
