// Finding the frame that matters and sharing what you saw, in the real Chromium panel:
// the scenarios of daily-scenarios.ts, with Chrome's own download and upload.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { chromiumPanelSuite } from './harness/suite';
import { dailyTests, openDailySocket, type DailyCtx } from './daily-scenarios';

const env = chromiumPanelSuite();
const downloads = mkdtempSync(join(tmpdir(), 'wsd-downloads-'));
let ctx: DailyCtx;

beforeAll(async () => {
  const { page, panel } = env;
  const cdp = await env.session.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
  // The file exists (empty) before Chrome has written it: wait for Chrome to say it is complete.
  const downloadDone = new Promise<void>((resolve) => cdp.on('Browser.downloadProgress', (e: { state: string }) => e.state === 'completed' && resolve()));
  ctx = {
    page,
    panel,
    server: env.server,
    async exportHar() {
      await panel.click('[data-testid=export-har]');
      await downloadDone;
      const file = readdirSync(downloads).find((f) => f.endsWith('.har'));
      expect(file).toBeDefined();
      return join(downloads, file!);
    },
    async importHar(path) {
      const input = await panel.frame.$('input[data-testid=import-har]');
      await (input as ElementHandle<HTMLInputElement>).uploadFile(path);
    },
  };
  await openDailySocket(ctx);
});
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

describe('daily driver in Chromium', () => dailyTests(() => ctx));
