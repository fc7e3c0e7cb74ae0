// Throughput of the outgoing-text checks. "1 MiB" here is 2^20 UTF-16 code units;
// MB/s = hz × size in code units / 1e6 (a mostly-ASCII string is about that many
// bytes on the wire; its UTF-16 storage is twice that). Targets: isWellFormed on a
// well-formed 1 MiB string >= 1 GB/s; all lone surrogates of a 1 MiB string with
// 1,000 of them >= 200 MB/s. The two alternative scans are here to show why
// findLoneSurrogates uses the hybrid it uses.
import { bench, describe } from 'vitest';
import { analyzeOutgoingText, findLoneSurrogates } from '../../src/diagnosis/outgoing-text';
import { prng } from '../fixtures/prng';

const MIB = 1 << 20;


/** Chat-like text: mostly ASCII, some Cyrillic and emoji, so V8 stores it as a two-byte string. */
function wellFormedText(units: number, seed: number): Uint16Array {
  const r = prng(seed);
  const u = new Uint16Array(units);
  for (let i = 0; i < units; i++) {
    const t = r();
    if (t < 0.85) u[i] = 0x20 + Math.floor(r() * 0x5f);
    else if (t < 0.98 || i + 1 >= units) u[i] = 0x430 + Math.floor(r() * 32);
    else {
      u[i] = 0xd83d;
      u[++i] = 0xde00 + Math.floor(r() * 0x40);
    }
  }
  return u;
}

function toStr(u: Uint16Array): string {
  let s = '';
  for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode(...u.subarray(i, i + 8192));
  return s;
}

const wellFormed2Byte = toStr(wellFormedText(MIB, 1));
const wellFormedAscii = 'x'.repeat(MIB - 1) + '!';

/** Exactly 1,000 lone surrogates (half high, half low), never next to another surrogate. */
const withLone = (() => {
  const u = wellFormedText(MIB, 2);
  const step = Math.floor(MIB / 1000);
  for (let k = 0; k < 1000; k++) {
    const p = k * step + step / 2;
    // Plain ASCII around each one, so it pairs with nothing and breaks no emoji.
    for (let j = p - 2; j <= p + 2; j++) u[j] = 0x61;
    if (((u[p - 3] ?? 0) & 0xfc00) === 0xd800) u[p - 3] = 0x61;
    if (((u[p + 3] ?? 0) & 0xfc00) === 0xdc00) u[p + 3] = 0x61;
    u[p] = k % 2 ? 0xd800 + k : 0xdc00 + k;
  }
  const s = toStr(u);
  if (findLoneSurrogates(s).length !== 1000) throw new Error('bench input must have 1,000 lone surrogates');
  if (!wellFormed2Byte.isWellFormed()) throw new Error('bench input must be well-formed');
  return s;
})();

const jsonFrame = (() => {
  const frame = (pad: string) =>
    JSON.stringify({
      type: 'message',
      channel: 'C024BE91L',
      user: 'U2147483697',
      ts: '1355517523.000005',
      text: 'Привет, команда! 👋 Релиз 2.3 готов: café, naïve, 東京, مرحبا.',
      attachments: [{ title: 'build #4812', fields: [{ k: 'status', v: 'ok ✔' }] }],
      pad,
    });
  const padUnits = 1024 - frame('').length;
  return frame('lorem ipsum '.repeat(100).slice(0, padUnits));
})();

function loopScan(s: string): number[] {
  const out: number[] = [];
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c & 0xf800) !== 0xd800) continue;
    if (c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++;
      continue;
    }
    out.push(i);
  }
  return out;
}

const LOOKAROUND = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function regexScan(s: string): number[] {
  const out: number[] = [];
  LOOKAROUND.lastIndex = 0;
  for (let m = LOOKAROUND.exec(s); m; m = LOOKAROUND.exec(s)) out.push(m.index);
  return out;
}

let sink = 0;

describe('well-formedness, 1 MiB well-formed (target >= 1 GB/s)', () => {
  bench('isWellFormed, two-byte string (chat text with emoji)', () => {
    sink ^= wellFormed2Byte.isWellFormed() ? 1 : 0;
  });
  bench('isWellFormed, one-byte string (pure ASCII)', () => {
    sink ^= wellFormedAscii.isWellFormed() ? 1 : 0;
  });
});

describe('locate lone surrogates, 1 MiB with 1,000 (target >= 200 MB/s)', () => {
  bench('findLoneSurrogates (surrogate regex + charCodeAt)', () => {
    sink ^= findLoneSurrogates(withLone).length;
  });
  bench('alternative: charCodeAt loop', () => {
    sink ^= loopScan(withLone).length;
  });
  bench('alternative: lookaround regex', () => {
    sink ^= regexScan(withLone).length;
  });
});

describe('analyzeOutgoingText', () => {
  bench(`1 KiB JSON frame (${jsonFrame.length} units)`, () => {
    sink ^= analyzeOutgoingText(jsonFrame).wireLength;
  });
  bench('1 MiB chat text', () => {
    sink ^= analyzeOutgoingText(wellFormed2Byte).wireLength;
  });
});

export { sink };
