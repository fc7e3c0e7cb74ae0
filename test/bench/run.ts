// `npm run bench`: what users feel, in real headless Chromium against a `ws`
// server on 127.0.0.1. Comparative figures are ratios of runs interleaved in
// the same session (A, B, A, B … with alternating order) so machine drift
// cancels; every figure is a median after a warm-up. Writes test/bench/results.md.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { Page } from 'puppeteer-core';
import { launchChromium, openRealPanel, type ChromiumSession } from '../e2e/harness/chromium';
import { startFixtureServer } from '../fixtures/server';
import { fmt, median, pairedRatio } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SMALL_N = 100_000;
const BIG_N = 3_000;

type Row = { figure: string; workload: string; value: string; target: string; met: boolean | null };
const rows: Row[] = [];

async function echo(page: Page, n: number, kind: 'small' | 'bin64k'): Promise<number> {
  const r = (await page.evaluate((n: number, kind: string) => (window as unknown as { runEcho: (n: number, k: string) => Promise<{ perSecond: number }> }).runEcho(n, kind), n, kind)) as {
    perSecond: number;
  };
  return r.perSecond;
}

async function sendCost(page: Page, n: number): Promise<number> {
  const r = (await page.evaluate((n: number) => (window as unknown as { runSendCost: (n: number) => Promise<{ nsPerCall: number }> }).runSendCost(n), n)) as {
    nsPerCall: number;
  };
  return r.nsPerCall;
}

async function main() {
  const server = await startFixtureServer({ logFrames: false });
  const url = `${server.origin}/bench-echo.html`;
  const plain: ChromiumSession = await launchChromium({ extension: false });
  const hooked: ChromiumSession = await launchChromium({ extension: true });
  const pagePlain = await plain.browser.newPage();
  const pageHooked = await hooked.browser.newPage();
  await pagePlain.goto(url);
  await pageHooked.goto(url);
  const version = await plain.browser.version();

  // Interleaved A/B for a workload: returns [A runs, B runs] after one warm-up each.
  async function ab(fnA: () => Promise<number>, fnB: () => Promise<number>): Promise<[number[], number[]]> {
    await fnA();
    await fnB();
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2) {
        b.push(await fnB());
        a.push(await fnA());
      } else {
        a.push(await fnA());
        b.push(await fnB());
      }
    }
    return [a, b];
  }

  for (const [kind, n, label] of [
    ['small', SMALL_N, `${SMALL_N / 1000}k small text frames`],
    ['bin64k', BIG_N, `${BIG_N / 1000}k 64 KiB binary frames`],
  ] as const) {
    const [a, b] = await ab(
      () => echo(pagePlain, n, kind),
      () => echo(pageHooked, n, kind),
    );
    const r = pairedRatio(a, b);
    rows.push({
      figure: 'hook overhead, DevTools closed',
      workload: `echo ${label}: ${fmt(median(a), 0)} → ${fmt(median(b), 0)} msg/s`,
      value: fmt(r),
      target: '≥ 0.97',
      met: r >= 0.97,
    });
    console.log(rows.at(-1));
  }

  {
    const [a, b] = await ab(
      () => sendCost(pagePlain, SMALL_N),
      () => sendCost(pageHooked, SMALL_N),
    );
    rows.push({
      figure: 'added latency per send()',
      workload: `100k send() calls: ${fmt(median(a), 0)} → ${fmt(median(b), 0)} ns/call`,
      value: `+${fmt(median(b) - median(a), 0)} ns`,
      target: 'report',
      met: null,
    });
    console.log(rows.at(-1));
  }

  // The real DevTools panel open on the hooked page, recording everything.
  const panel = await openRealPanel(pageHooked);
  await panel.waitFor(`(doc) => doc.querySelector('[data-testid=status]')?.textContent?.includes('Live')`);
  for (const [kind, n, label] of [
    ['small', SMALL_N, `${SMALL_N / 1000}k small text frames`],
    ['bin64k', BIG_N, `${BIG_N / 1000}k 64 KiB binary frames`],
  ] as const) {
    const [a, b] = await ab(
      () => echo(pagePlain, n, kind),
      () => echo(pageHooked, n, kind),
    );
    const r = pairedRatio(a, b);
    rows.push({
      figure: 'hook overhead, panel open and recording',
      workload: `echo ${label}: ${fmt(median(a), 0)} → ${fmt(median(b), 0)} msg/s`,
      value: fmt(r),
      target: '≥ 0.90',
      met: r >= 0.9,
    });
    console.log(rows.at(-1));
  }

  await plain.close();
  await hooked.close();
  await server.close();

  const table = [
    '| figure | workload | measured | target | met |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.figure} | ${r.workload} | ${r.value} | ${r.target} | ${r.met === null ? '–' : r.met ? 'yes' : '**no**'} |`),
  ].join('\n');
  const head = `# WS Doctor benchmark\n\nMeasured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with ${version}, headless, on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} and ${Math.round(totalmem() / 2 ** 30)} GiB. Medians of ${ROUNDS} interleaved rounds after a warm-up; ratios are with-extension / without, paired per round.\n\n`;
  writeFileSync('test/bench/results.md', head + table + '\n');
  console.log('\n' + table);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
