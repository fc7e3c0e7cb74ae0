// Builds src/diagnosis/outgoing-text.ts as a classic script for the benchmark
// page, so the UTF-8 figures are measured in the real browser's engine.
import { build } from 'vite';

export async function utf8BenchScript(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry: 'src/diagnosis/outgoing-text.ts', formats: ['iife'], name: 'wsdText' },
    },
  });
  const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => ('output' in o ? o.output : []));
  const chunk = chunks.find((c) => c.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('no bundle for the UTF-8 benchmark');
  return chunk.code;
}

/** Runs in the page: medians over `runs` of each measurement, in MB/s of string length (1 MB = 10^6 code units). */
export const utf8PageBench = `(runs) => {
  const MiB = 1 << 20;
  let base = '';
  const words = ['hello', 'мир', 'données', 'χαίρετε', '😀', 'データ', 'ok'];
  for (let i = 0; base.length < MiB; i++) base += words[i % words.length] + ' ';
  const wellFormed = base.slice(0, MiB - 1) + ' ';
  const units = wellFormed.split('');
  for (let k = 0; k < 1000; k++) {
    let at = Math.floor(((k + 0.5) * MiB) / 1000);
    // only on a plain unit, so each insertion makes exactly one lone surrogate
    while (units[at].charCodeAt(0) >= 0xd800 && units[at].charCodeAt(0) <= 0xdfff) at++;
    units[at] = '\\ud800';
  }
  const withLone = units.join('');
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const time = (fn) => {
    const xs = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      fn();
      xs.push(performance.now() - t0);
    }
    return median(xs);
  };
  let sink = 0;
  time(() => (sink += wellFormed.isWellFormed() ? 1 : 0));
  const wfMs = time(() => { for (let i = 0; i < 10; i++) sink += wellFormed.isWellFormed() ? 1 : 0; }) / 10;
  const lone = wsdText.findLoneSurrogates(withLone);
  const loneMs = time(() => (sink += wsdText.findLoneSurrogates(withLone).length));
  const analyzeMs = time(() => (sink += wsdText.analyzeOutgoingText(withLone).loneSurrogateCount));
  return { units: MiB, found: lone.length, wfMBs: MiB / wfMs / 1000, loneMBs: MiB / loneMs / 1000, analyzeMBs: MiB / analyzeMs / 1000, sink };
}`;
