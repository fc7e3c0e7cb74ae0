// Frame filter over 1,000,000 small frames (target: a regex filter in <= 250 ms in
// Node). The frames are what a busy trading/chat socket produces: ~40-80 byte JSON
// text, both directions, 5% small binary frames. Each bench iteration filters all
// of them once, so the reported mean is the time for one pass over 1,000,000 frames.
// Run: npx vitest bench --run --config vitest.config.ts test/bench/frame-filter.bench.ts
import { bench, describe } from 'vitest';
import { compileFilter, countMatches, type CompiledFilter, type FilterSpec } from '../../src/panel/frame-filter';
import { isFlagged } from '../../src/panel/analysis-cache';
import { StoredFrame, type PanelFrame } from '../../src/panel/held-frames';
import { FrameFlag } from '../../src/protocol/records';
import { prng } from '../fixtures/prng';

const N = 1_000_000;


/**
 * Payload strings as the panel holds them: parsed out of JSON extension messages (batches of
 * 2,048 frames). Strings straight from JSON.stringify would not do: V8 pays a one-time cost on
 * their first read (about 0.5 us each), which the panel's strings, made by JSON.parse, do not.
 */
const payloads: Array<{ binary: boolean; data: string }> = (() => {
  const r = prng(7);
  const kinds = ['tick', 'quote', 'ack', 'chat', 'heartbeat'];
  const out: Array<{ binary: boolean; data: string }> = [];
  for (let b = 0; b < N; b += 2048) {
    const batch: Array<{ binary: boolean; data: string }> = [];
    for (let i = b; i < Math.min(N, b + 2048); i++) {
      if (r() < 0.05) {
        const bytes = Array.from({ length: 8 + Math.floor(r() * 24) }, () => Math.floor(r() * 256));
        batch.push({ binary: true, data: btoa(String.fromCharCode(...bytes)) });
      } else {
        const text = JSON.stringify({ type: kinds[Math.floor(r() * kinds.length)], id: i, px: Math.round(r() * 1e6) / 100, sym: r() < 0.5 ? 'BTC-USD' : 'ETH-USD' });
        batch.push({ binary: false, data: text });
      }
    }
    out.push(...(JSON.parse(JSON.stringify({ data: batch })) as { data: Array<{ binary: boolean; data: string }> }).data);
  }
  return out;
})();

const frames: PanelFrame[] = (() => {
  // Built by push, like the store's arrays: new Array(1e6) would be a slow dictionary-mode array.
  const out: PanelFrame[] = [];
  for (let i = 0; i < N; i++) {
    const { binary, data } = payloads[i]!;
    const dir = i % 10 < 3 ? 'out' : 'in';
    // Built the way the store builds them.
    const flags = (dir === 'out' ? FrameFlag.Out : 0) | (binary ? FrameFlag.Binary : 0);
    const f = new StoredFrame(i, flags, binary ? (data.length / 4) * 3 : data.length, 1.7e12 + i, data, i);
    out.push(f);
  }
  return out;
})();

function filter(spec: FilterSpec): CompiledFilter {
  const f = compileFilter(spec);
  if (!f.ok) throw new Error(f.error.key);
  return f;
}

const regex = filter({ search: { mode: 'regex', query: '"type":"(ack|chat)".*"sym":"ETH', flags: '' } });
const regexI = filter({ search: { mode: 'regex', query: 'eth-usd"\\}$', flags: 'i' } });
const plain = filter({ search: { mode: 'text', query: 'heartbeat' } });
const combined = filter({ dir: 'in', type: 'text', flaggedOnly: true, isFlagged, search: { mode: 'regex', query: 'quote' } });
const dirOnly = filter({ dir: 'out' });

// The first search decodes the binary frames (kept in a bounded cache); later passes reuse them.
const t0 = performance.now();
countMatches(frames, regex);
console.log(`first regex pass, decoding ${frames.filter((f) => f.binary).length} binary frames: ${(performance.now() - t0).toFixed(0)} ms`);

let sink = 0;
describe('filter 1,000,000 small frames (target: regex <= 250 ms per pass)', () => {
  bench('regex, case-sensitive, alternation', () => {
    sink ^= countMatches(frames, regex).matches;
  }, { iterations: 10, warmupIterations: 2 });
  bench('regex, i flag, anchored at end', () => {
    sink ^= countMatches(frames, regexI).matches;
  }, { iterations: 10, warmupIterations: 2 });
  bench('plain text (case-insensitive)', () => {
    sink ^= countMatches(frames, plain).matches;
  }, { iterations: 10, warmupIterations: 2 });
  bench('direction + type + flagged + regex', () => {
    sink ^= countMatches(frames, combined).matches;
  }, { iterations: 10, warmupIterations: 2 });
  bench('direction only', () => {
    sink ^= countMatches(frames, dirOnly).matches;
  }, { iterations: 10, warmupIterations: 2 });
});

export { sink };
