// A page restored from the back/forward cache, in the real Chromium DevTools panel
// (see navigation-scenarios.ts). Its own browser: puppeteer's network monitoring, which
// the other suites use, keeps pages out of the cache.
import { describe, it } from 'vitest';
import { chromiumPanelSuite } from './harness/suite';
import { backForwardCache } from './navigation-scenarios';

const s = chromiumPanelSuite({ networkEnabled: false });

describe('the back/forward cache in Chromium', () => {
  it('shows the sockets of a page restored from the cache', () => backForwardCache(s.page, s.panel, s.server));
});
