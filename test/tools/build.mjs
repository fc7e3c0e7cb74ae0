// `npm run build`: dist/chrome and dist/firefox from one source, then a
// store-ready zip of each in dist/. Each build runs in its own vite process.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const vite = 'node_modules/vite/bin/vite.js';
const webExt = 'node_modules/web-ext/bin/web-ext.js';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

function run(cmd, args, env = {}) {
  const r = spawnSync(process.execPath, [cmd, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`build failed: ${[cmd, ...args].join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

for (const browser of ['chrome', 'firefox']) {
  run(vite, ['build', '--logLevel', 'warn'], { WSD_BROWSER: browser });
  const zip = `dist/ws-doctor-${browser}-${version}.zip`;
  if (existsSync(zip)) rmSync(zip);
  run(webExt, ['build', '--source-dir', `dist/${browser}`, '--artifacts-dir', 'dist', '--filename', `ws-doctor-${browser}-${version}.zip`, '--overwrite-dest'], {});
}
console.log('built dist/chrome, dist/firefox and their zips');
