// web-ext lint on the Firefox build; fails on any error or warning, and says which.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['node_modules/web-ext/bin/web-ext.js', 'lint', '--source-dir', 'dist/firefox', '--self-hosted', '--output', 'json'], {
  encoding: 'utf8',
});
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error('web-ext lint gave no JSON:\n' + r.stdout + r.stderr);
  process.exit(1);
}
const { errors, warnings, notices } = report.summary;
for (const kind of ['errors', 'warnings', 'notices'])
  for (const m of report[kind]) console.log(`${kind}: ${m.code} ${m.file ?? ''} ${m.message}`);
console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
process.exit(errors || warnings ? 1 : 0);
