// The hook's UTF-8 length, with node's built-ins standing in for the page's natives:
// equal to what an encoder writes (lone surrogates as U+FFFD) on both paths, the JS
// walk for short strings and encodeInto slices for long ones, pairs across a slice edge included.
import { describe, expect, it } from 'vitest';
import { createUtf8Length } from '../../src/hook/utf8-length';
import type { Natives } from '../../src/hook/natives';

const natives = (withEncoder: boolean) =>
  ({
    Uint8Array,
    charCodeAt: (s: string, i: number) => s.charCodeAt(i),
    strSlice: (s: string, a: number, b?: number) => s.slice(a, b),
    TextEncoder: withEncoder ? TextEncoder : null,
    encodeInto: (e: TextEncoder, s: string, into: Uint8Array) => e.encodeInto(s, into),
  }) as unknown as Natives;

const wire = (s: string) => new TextEncoder().encode(s).length;

describe('utf8Length', () => {
  const pair = '\uD83D\uDE00';
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['ASCII', '{"type":"tick","seq":1}'],
    ['two- and three-byte', 'привет, 世界'],
    ['a pair', 'a' + pair + 'b'],
    ['lone high, lone low, reversed pair', '\uD800x\uDC00\uDE00\uD83D'],
    ['long ASCII', 'x'.repeat(100_000)],
    ['long mixed with lone surrogates', ('привет 😀 ' + '\uD800' + ' x').repeat(5000)],
    // A pair whose halves sit on either side of the 16 K-unit slice edge.
    ['a pair across a slice edge', 'y'.repeat(16 * 1024 - 1) + pair + 'z'.repeat(100)],
    ['a lone high surrogate at a slice edge', 'y'.repeat(16 * 1024 - 1) + '\uD800' + 'z'.repeat(100)],
    ['ending in a lone high surrogate', 'y'.repeat(20_000) + '\uD800'],
  ];
  for (const withEncoder of [true, false]) {
    it(`counts what the wire carries (${withEncoder ? 'encodeInto for long strings' : 'JS walk only'})`, () => {
      const { utf8Length } = createUtf8Length(natives(withEncoder));
      for (const [what, s] of cases) expect(utf8Length(s), what).toBe(wire(s));
    });
  }
});
