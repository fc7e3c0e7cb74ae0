// `npm start`: builds the extension, starts the demo server on 127.0.0.1 and opens
// Chromium (or Firefox with --firefox) with WS Doctor loaded and DevTools open on
// the demo page, WS Doctor's panel selected. Works under xvfb-run too.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROME_DIST, openRealPanel } from '../e2e/harness/chromium';
import { startFixtureServer } from '../fixtures/server';

const firefox = process.argv.includes('--firefox');
const port = Number(process.env.PORT ?? 8787);

function fail(message: string): never {
  console.error(`\nWS Doctor demo: ${message}\n`);
  process.exit(1);
}

function findBrowser(): string {
  const candidates = firefox
    ? [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']
    : [process.env.CHROME_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found)
    fail(
      firefox
        ? 'no Firefox found. Install it (Debian: apt-get install firefox-esr) or set FIREFOX_PATH=/path/to/firefox.'
        : 'no Chromium or Chrome found. Install it (Debian: apt-get install chromium) or set CHROME_PATH=/path/to/chrome.',
    );
  return found;
}

async function main() {
  const browserPath = findBrowser();
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    fail('no display. Run it on a desktop, or headless under a virtual display: xvfb-run -a npm start');

  console.log('Building the extension…');
  const build = spawnSync(process.execPath, ['test/tools/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) fail('the build failed (see above).');

  const server = await startFixtureServer({ port }).catch((e: Error) => fail(`cannot listen on 127.0.0.1:${port} (${e.message}). Set PORT=another port.`));
  const demoUrl = `${server.origin}/demo.html`;
  console.log(`Demo page: ${demoUrl}`);

  if (firefox) {
    // web-ext installs the build as a temporary add-on; -devtools opens the toolbox.
    const child = spawn(
      process.execPath,
      ['node_modules/web-ext/bin/web-ext.js', 'run', '--source-dir', 'dist/firefox', '--firefox', browserPath, '--start-url', demoUrl, '--arg=-devtools', '--no-reload', '--no-input'],
      { stdio: 'inherit' },
    );
    child.on('exit', () => server.close().then(() => process.exit(0)));
    console.log('Firefox is starting. In the toolbox, pick the "WS Doctor" tab.');
    return;
  }

  const browser = await puppeteer.launch({
    executablePath: browserPath,
    headless: false,
    pipe: true,
    enableExtensions: true,
    handleDevToolsAsPage: true,
    defaultViewport: null,
    userDataDir: mkdtempSync(join(tmpdir(), 'wsd-demo-')),
    args: [...CHROMIUM_ARGS, '--window-size=1280,860'],
  });
  await browser.installExtension(CHROME_DIST);
  const [first] = await browser.pages();
  const page = first ?? (await browser.newPage());
  await page.goto(demoUrl);
  await openRealPanel(page).catch((e: Error) => console.warn('Could not select the WS Doctor panel automatically:', e.message));
  console.log('Chromium is open with DevTools on the demo page. Close the browser window to stop.');
  browser.on('disconnected', () => server.close().then(() => process.exit(0)));
}

main().catch((e: Error) => fail(e.message));
