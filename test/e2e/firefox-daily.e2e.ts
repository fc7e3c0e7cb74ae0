// Finding the frame that matters and sharing what you saw, in the REAL Firefox
// DevTools panel: the scenarios of daily-scenarios.ts. Export HAR is a real
// download (Firefox told by prefs to save into a folder without asking); Import HAR
// gets the file the way the file dialog would give it (harness uploadFile).
import { afterAll, beforeAll, describe } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firefoxPanelSuite } from './harness/suite';
import { dailyTests, openDailySocket, type DailyCtx } from './daily-scenarios';

const downloads = mkdtempSync(join(tmpdir(), 'wsd-ff-downloads-'));
const env = firefoxPanelSuite({
  prefs: {
    'browser.download.folderList': 2,
    'browser.download.dir': downloads,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
    'browser.download.alwaysOpenPanel': false,
  },
});
let ctx: DailyCtx;

/** Firefox writes beside a .part file and renames: the download is done when the .har parses and no .part is left. */
async function finishedHar(timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const files = readdirSync(downloads);
    const har = files.find((f) => f.endsWith('.har'));
    if (har && !files.some((f) => f.endsWith('.part'))) {
      const path = join(downloads, har);
      try {
        JSON.parse(readFileSync(path, 'utf8'));
        return path;
      } catch {
        // still being written
      }
    }
    if (Date.now() > deadline) throw new Error(`no complete .har in ${downloads} after ${timeout} ms: [${files.join(', ')}]`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const { page, panel } = env;
  ctx = {
    page,
    panel,
    server: env.server,
    async exportHar() {
      await panel.click('[data-testid=export-har]');
      return finishedHar();
    },
    async importHar(path) {
      if (!existsSync(path)) throw new Error(`no file ${path}`);
      await panel.uploadFile('input[data-testid=import-har]', path);
    },
  };
  await openDailySocket(ctx);
});
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

describe('daily driver in the real Firefox DevTools panel', () => dailyTests(() => ctx));
