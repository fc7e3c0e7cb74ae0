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
import { utf8BenchScript, utf8PageBench } from './utf8-in-browser';
import type { PanelHandle } from '../e2e/harness/panel-handle';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SMALL_N = 100_000;
const BIG_N = 500;

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

  // Echo throughput with / without the extension, small text and 64 KiB binary.
  async function echoRatios(figure: string, target: number) {
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
        figure,
        workload: `echo ${label}: ${fmt(median(a), 0)} → ${fmt(median(b), 0)} msg/s`,
        value: fmt(r),
        target: `≥ ${fmt(target)}`,
        met: r >= target,
      });
      console.log(rows.at(-1));
    }
  }

  await echoRatios('hook overhead, DevTools closed', 0.97);

  {
    const [a, b] = await ab(
      () => sendCost(pagePlain, SMALL_N),
      () => sendCost(pageHooked, SMALL_N),
    );
    rows.push({
      figure: 'added latency per send()',
      workload: `100k send() calls: ${fmt(median(a), 0)} → ${fmt(median(b), 0)} ns/call`,
      value: `${median(b) >= median(a) ? '+' : '−'}${fmt(Math.abs(median(b) - median(a)), 0)} ns`,
      target: 'report',
      met: null,
    });
    console.log(rows.at(-1));
  }

  // The panel open and recording everything: the detached panel (panel.html?tabId=N
  // in a tab), so that Chrome's own DevTools, which instruments every frame once it
  // is open, does not count as WS Doctor's cost.
  const detached = await openDetachedPanel(hooked, pageHooked);
  await echoRatios('hook overhead, panel open and recording', 0.9);
  await detached.close();

  await panelFigures(hooked, server.origin);
  await plain.close();
  await hooked.close();
  await ingestFigures(server.origin);
  await utf8Figures(server.origin);
  await server.close();

  const table = [
    '| figure | workload | measured | target | met |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.figure} | ${r.workload} | ${r.value} | ${r.target} | ${r.met === null ? '–' : r.met ? 'yes' : '**no**'} |`),
  ].join('\n');
  const head = `# WS Doctor benchmark\n\nMeasured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with ${version}, headless, on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} and ${Math.round(totalmem() / 2 ** 30)} GiB. Medians of ${ROUNDS} interleaved rounds after a warm-up; ratios are with-extension / without, paired per round. String throughput counts UTF-16 code units (1 MB = 10^6 units).\n\n`;
  writeFileSync('test/bench/results.md', head + table + '\n');
  console.log('\n' + table);
}

/** Opens panel.html?tabId=N for `page` in a tab of its own and waits until it is live. */
async function openDetachedPanel(session: ChromiumSession, page: Page) {
  // An idle MV3 service worker is stopped and has no target: a panel page connecting wakes it.
  const panelPage = await session.browser.newPage();
  await panelPage.goto(`chrome-extension://${session.extensionId}/extension/panel.html?tabId=0`);
  const sw = await session.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().includes(session.extensionId!));
  const worker = await sw.worker();
  const url = page.url();
  const tabId = (await worker!.evaluate(`chrome.tabs.query({}).then((ts) => ts.find((t) => t.url === ${JSON.stringify(url)})?.id ?? -1)`)) as number;
  if (tabId < 0) throw new Error('no tab id for ' + url);
  await panelPage.goto(`chrome-extension://${session.extensionId}/extension/panel.html?tabId=${tabId}`);
  await panelPage.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent?.includes('Live'), { timeout: 20_000 });
  await page.bringToFront();
  return panelPage;
}

/** Panel lag and recording completeness, through the whole path into the real panel. */
async function panelFigures(session: ChromiumSession, origin: string) {
  const page = await session.browser.newPage();
  await page.goto(`${origin}/bench-panel.html`);
  const panel = await openRealPanel(page);
  await panel.waitFor(`(doc) => doc.querySelector('[data-testid=status]')?.textContent?.includes('Live')`);
  const lags: number[] = [];
  const N = 10_000;
  for (let r = 0; r <= ROUNDS; r++) {
    const run = `lag${r}`;
    await panel.eval(`(doc, win) => { win.__wsd.store.clear(); return true; }`);
    const shown = panel.eval<number>(`(doc) => new Promise((resolve) => {
      const check = () => {
        const row = [...doc.querySelectorAll('[data-testid=conn-row]')].find((x) => (x.dataset.url || '').includes('run=${run}'));
        const txt = (row && row.querySelector('[data-testid=conn-counts]')?.textContent || '').replace(/\\s/g, '');
        if (txt.includes('↓${N + 1}')) resolve(Date.now()); else setTimeout(check, 5);
      };
      check();
    })`);
    const got = (await page.evaluate((n: number, run: string) => (window as unknown as { runPush: (n: number, r: string) => Promise<{ at: number }> }).runPush(n, run), N, run)) as { at: number };
    const lag = (await shown) - got.at;
    if (r > 0) lags.push(lag); // the first round is the warm-up
  }
  const lag = median(lags) / 1000;
  rows.push({ figure: 'panel lag', workload: `server pushes 10k small frames; page got the last → panel shows it`, value: `${fmt(lag, 3)} s`, target: '≤ 0.5 s', met: lag <= 0.5 });
  console.log(rows.at(-1));

  // Recording completeness: a 10 s burst, as fast as the page can send.
  await panel.eval(`(doc, win) => { win.__wsd.store.clear(); return true; }`);
  const burst = (await page.evaluate((ms: number) => (window as unknown as { runBurst: (ms: number) => Promise<{ sent: number; url: string }> }).runBurst(ms), 10_000)) as { sent: number; url: string };
  const rec = await panel.waitFor<{ held: number; counted: number; notKept: number; evicted: number }>(
    `(doc, win) => {
      const s = win.__wsd.store;
      const c = s.connections().find((x) => x.facts.url === ${JSON.stringify(burst.url)});
      if (!c || !c.counters || c.counters.framesOut < ${burst.sent} || !c.facts.close) return null;
      const st = s.stats();
      return { held: s.framesOf(c).length, counted: c.counters.framesOut, notKept: st.notKept, evicted: st.evictedByCap };
    }`,
    60_000,
  );
  const missing = burst.sent - rec.held;
  const exact = missing === rec.notKept + rec.evicted && rec.counted === burst.sent;
  rows.push({
    figure: 'recording completeness',
    workload: `10 s burst: ${burst.sent} frames sent (${fmt(burst.sent / 10, 0)}/s); panel holds ${rec.held}, drop counters ${rec.notKept + rec.evicted}`,
    value: missing === 0 ? '100%' : `${fmt((100 * rec.held) / burst.sent, 1)}%, counter ${exact ? 'exact' : 'NOT exact'}`,
    target: '100%, or drops counted exactly',
    met: exact,
  });
  console.log(rows.at(-1));
  await page.close();
}

/** Panel ingest and memory, in a fresh browser: 100k frames handed to the real panel's store. */
async function ingestFigures(origin: string) {
  const session = await launchChromium({ extraArgs: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] });
  try {
    const page = await session.browser.newPage();
    await page.goto(`${origin}/blank.html`);
    const panel: PanelHandle = await openRealPanel(page);
    const synth = (n: number, textOf: string) => `(doc, win) => {
      const now = Date.now();
      const id = 'bench-' + Math.random();
      const f = { fseq0: 0, sock: [], flags: [], size: [], time: [], data: [], repairs: [] };
      for (let i = 0; i < ${n}; i++) { const t = ${textOf}; f.sock.push(1); f.flags.push(i & 1); f.size.push(t.length); f.time.push(now + i); f.data.push(t); }
      const msg = { v: 2, t: 'snapshot', doc: { id, url: 'http://bench/', isTop: false, startedAt: now }, frames: f,
        events: [{ k: 'create', eseq: 0, at: 0, time: now, sock: 1, url: 'ws://bench/' + id, protocols: null }],
        counters: [{ sock: 1, framesOut: ${n} / 2, framesIn: ${n} / 2, bytesOut: 0, bytesIn: 0 }], nextFseq: ${n}, nextEseq: 1, droppedEvents: 0 };
      // As delivered by extension messaging: parsed from JSON, every string its own.
      win.__benchMsg = JSON.parse(JSON.stringify(msg));
      win.__benchKey = id + ':1';
      return true;
    }`;
    const ingest = `(doc, win) => new Promise((resolve) => {
      const t0 = performance.now();
      win.__wsd.store.apply(-1, win.__benchMsg);
      win.__benchMsg = null;
      win.__wsd.store.selectedConn.value = win.__benchKey;
      const check = () => {
        const rows = doc.querySelectorAll('[data-testid=frame-row]').length;
        if (rows) setTimeout(() => resolve({ ms: performance.now() - t0, rows, all: doc.querySelectorAll('*').length }), 0);
        else setTimeout(check, 1);
      };
      check();
    })`;
    const times: number[] = [];
    let rowsSeen = 0;
    for (let r = 0; r <= 3; r++) {
      await panel.eval(`(doc, win) => { win.__wsd.store.clear(); return true; }`);
      await panel.eval(synth(100_000, `'{"type":"tick","seq":' + i + ',"px":1234.5}'`));
      const res = await panel.eval<{ ms: number; rows: number }>(ingest);
      if (r > 0) times.push(res.ms);
      rowsSeen = Math.max(rowsSeen, res.rows);
    }
    const ingestS = median(times) / 1000;
    rows.push({ figure: 'panel ingest', workload: `100k frames into the real panel → frames list rendered (${rowsSeen} DOM rows)`, value: `${fmt(ingestS, 3)} s`, target: '≤ 1 s, ≤ 200 rows', met: ingestS <= 1 && rowsSeen <= 200 });
    console.log(rows.at(-1));

    const heap = `(doc, win) => { win.gc(); win.gc(); return performance.memory.usedJSHeapSize; }`;
    await panel.eval(`(doc, win) => { win.__wsd.store.clear(); win.__wsd.store.selectedConn.value = null; return true; }`);
    const before = await panel.eval<number>(heap);
    await panel.eval(synth(100_000, `(i.toString(36) + '|' + 'x'.repeat(1024)).slice(0, 1024)`));
    await panel.eval(ingest);
    const after = await panel.eval<number>(heap);
    const mb = after / 1e6;
    rows.push({ figure: 'panel memory', workload: `100k frames of 1 KiB held in the panel (JS heap after GC; ${fmt((after - before) / 1e6, 0)} MB for the frames)`, value: `${fmt(mb, 0)} MB`, target: '≤ 150 MB', met: mb <= 150 });
    console.log(rows.at(-1));
  } finally {
    await session.close();
  }
}

/** UTF-8 analysis speed, measured in the browser's own engine. */
async function utf8Figures(origin: string) {
  const session = await launchChromium({ extension: false });
  try {
    const page = await session.browser.newPage();
    await page.goto(`${origin}/blank.html`);
    await page.addScriptTag({ content: await utf8BenchScript() });
    const r = (await page.evaluate(`(${utf8PageBench})(15)`)) as { found: number; wfMBs: number; loneMBs: number; analyzeMBs: number };
    if (r.found !== 1000) throw new Error(`UTF-8 bench located ${r.found} lone surrogates, expected 1000`);
    rows.push({ figure: 'UTF-8 check', workload: '1 MiB well-formed string, native isWellFormed()', value: `${fmt(r.wfMBs / 1000, 2)} GB/s`, target: '≥ 1 GB/s', met: r.wfMBs >= 1000 });
    rows.push({ figure: 'UTF-8 check', workload: '1 MiB string, all 1,000 lone surrogates located', value: `${fmt(r.loneMBs, 0)} MB/s`, target: '≥ 200 MB/s', met: r.loneMBs >= 200 });
    rows.push({ figure: 'UTF-8 analysis', workload: 'same string, full analysis (positions, wire length, binary signals)', value: `${fmt(r.analyzeMBs, 0)} MB/s`, target: 'report', met: null });
    console.log(rows.slice(-3));
  } finally {
    await session.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
