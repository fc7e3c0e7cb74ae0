// `npm test`: everything CI runs, in order, with one closing line that totals
// every suite: "N passed, N failed". Typecheck, build and lint count as one
// check each; vitest suites count their tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const node = process.execPath;
let passed = 0;
let failed = 0;
const failures = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(node, [cmd, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(name, ok) {
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function vitestSuite(name, config) {
  mkdirSync('.tmp', { recursive: true });
  const out = `.tmp/${name}-results.json`;
  rmSync(out, { force: true });
  const ok = step(name, 'node_modules/vitest/vitest.mjs', ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  let report;
  try {
    report = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    check(`${name}: the runner produced no report`, false);
    return;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  for (const file of report.testResults ?? [])
    for (const t of file.assertionResults ?? []) if (t.status === 'failed') failures.push(`${name}: ${t.fullName}`);
  // A suite that failed to load has no failed tests but a failed run: count it.
  if (!ok && report.numFailedTests === 0) check(`${name}: suite error (see above)`, false);
  if (report.numTotalTests === 0) check(`${name}: ran no test`, false);
}

check('typecheck', step('typecheck', 'node_modules/typescript/bin/tsc', ['--noEmit', '-p', 'tsconfig.json']));
vitestSuite('unit', 'vitest.config.ts');
const built = step('build', 'test/tools/build.mjs', []);
check('build', built);
if (built) {
  check('web-ext lint (0 errors, 0 warnings)', step('web-ext lint', 'test/tools/lint-firefox.mjs', []));
  vitestSuite('e2e', 'vitest.e2e.config.ts');
} else {
  check('e2e: not run, the build failed', false);
}

if (failures.length) console.log('\nFailed:\n' + failures.map((f) => '  - ' + f).join('\n'));
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
