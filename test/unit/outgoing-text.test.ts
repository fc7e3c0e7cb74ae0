import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isPlainText,
  ANALYSIS_CAP_UNITS,
  LONE_SURROGATE_LIST_CAP,
  analyzeOutgoingText,
  findLoneSurrogates,
  fixAdvice,
  hexDump,
  utf8Length,
  wireBytes,
  wireWindow,
  type SignalKind,
  type TextAnalysis,
} from '../../src/diagnosis/outgoing-text';
import type { Msg } from '../../src/diagnosis/message';
import { MULTILINGUAL_CORPUS } from './fixtures/multilingual-corpus';
import { prng } from '../fixtures/prng';

// --- helpers -----------------------------------------------------------------

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Fragment = Record<string, Entry>;
const load = (lang: string): Fragment =>
  JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/outgoing-text.json`, import.meta.url), 'utf8')) as Fragment;
const EN = load('en');
const RU = load('ru');

/** Resolves a Msg the way browser.i18n.getMessage does with named placeholders. */
function render(m: Msg, messages: Fragment = EN): string {
  const e = messages[m.key];
  if (!e) throw new Error(`missing key ${m.key}`);
  return e.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
    const ph = e.placeholders?.[name.toLowerCase()];
    if (!ph) throw new Error(`${m.key}: unknown placeholder ${name}`);
    const n = Number(ph.content.slice(1));
    const sub = m.subs?.[n - 1];
    if (sub === undefined) throw new Error(`${m.key}: missing substitution $${n}`);
    return sub;
  });
}


/** Random strings mixing ASCII, Latin-1, BMP, valid pairs and lone surrogates of both kinds. */
function randomString(r: () => number, maxLen: number): string {
  const len = Math.floor(r() * maxLen);
  let s = '';
  for (let i = 0; i < len; i++) {
    const t = r();
    if (t < 0.3) s += String.fromCharCode(0x20 + Math.floor(r() * 0x5f));
    else if (t < 0.4) s += String.fromCharCode(Math.floor(r() * 0x100));
    else if (t < 0.55) s += String.fromCharCode(0x100 + Math.floor(r() * (0xd800 - 0x100)));
    else if (t < 0.65) s += String.fromCharCode(0xe000 + Math.floor(r() * 0x2000));
    else if (t < 0.8) s += String.fromCodePoint(0x10000 + Math.floor(r() * 0x100000));
    else if (t < 0.9) s += String.fromCharCode(0xd800 + Math.floor(r() * 0x400));
    else s += String.fromCharCode(0xdc00 + Math.floor(r() * 0x400));
  }
  return s;
}

/** Reference: lone surrogate positions by the plainest possible definition. */
function referenceLone(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const isHigh = c >= 0xd800 && c <= 0xdbff;
    const isLow = c >= 0xdc00 && c <= 0xdfff;
    const nextLow = i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
    const prevHigh = i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff;
    if (isHigh && nextLow) {
      i++;
      continue;
    }
    if (isHigh || (isLow && !prevHigh) || (isLow && prevHigh && out.includes(i - 1))) out.push(i);
  }
  return out;
}

function randomBytes(seed: number, n: number): Uint8Array {
  const r = prng(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

function binaryString(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function kinds(a: TextAnalysis): SignalKind[] {
  return a.signals.map((g) => g.kind);
}

function signal(a: TextAnalysis, kind: SignalKind) {
  return a.signals.find((g) => g.kind === kind);
}

const PNG_HEAD = [
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x5c, 0x72, 0xa8, 0x66,
];

// --- wire bytes ----------------------------------------------------------------

describe('wireBytes / utf8Length', () => {
  it('turns a lone surrogate into EF BF BD, as the browser does', () => {
    expect(Array.from(wireBytes('a\uD800b'))).toEqual([0x61, 0xef, 0xbf, 0xbd, 0x62]);
    expect(utf8Length('a\uD800b')).toBe(5);
  });

  it('encodes pairs, BMP and ASCII like TextEncoder', () => {
    expect(Array.from(wireBytes('é€😀'))).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    expect(wireBytes('').length).toBe(0);
  });

  it('matches TextEncoder (USVString conversion) on 2,000 random strings with random surrogates', () => {
    const enc = new TextEncoder();
    const r = prng(20240514);
    for (let k = 0; k < 2000; k++) {
      const s = randomString(r, 64);
      const expected = enc.encode(s);
      expect(wireBytes(s), JSON.stringify(s)).toEqual(expected);
      expect(utf8Length(s)).toBe(expected.length);
    }
  });

  it('treats a pair cut by start/end as lone, like sending s.slice(start, end)', () => {
    const enc = new TextEncoder();
    const r = prng(7);
    for (let k = 0; k < 500; k++) {
      const s = randomString(r, 40);
      const a = Math.floor(r() * (s.length + 1));
      const b = Math.floor(r() * (s.length + 1));
      expect(wireBytes(s, a, b)).toEqual(enc.encode(s.slice(a, b)));
    }
    expect(Array.from(wireBytes('😀', 0, 1))).toEqual([0xef, 0xbf, 0xbd]);
    expect(Array.from(wireBytes('😀', 1))).toEqual([0xef, 0xbf, 0xbd]);
    expect(Array.from(wireBytes('ab😀', -2))).toEqual([0xf0, 0x9f, 0x98, 0x80]);
  });
});

describe('findLoneSurrogates', () => {
  it('agrees with a plain reference scan on random strings', () => {
    const r = prng(99);
    for (let k = 0; k < 2000; k++) {
      const s = randomString(r, 50);
      expect(findLoneSurrogates(s), JSON.stringify(s)).toEqual(referenceLone(s));
    }
  });

  it('finds reversed pairs, split pairs and respects the limit', () => {
    expect(findLoneSurrogates('\uDC00\uD800')).toEqual([0, 1]);
    expect(findLoneSurrogates('😀'.slice(0, 1) + 'x')).toEqual([0]);
    expect(findLoneSurrogates('x\uDC00\uDC00\uD800\uD800😀')).toEqual([1, 2, 3, 4]);
    expect(findLoneSurrogates('x\uDC00\uDC00\uD800\uD800', 2)).toEqual([1, 2]);
    expect(findLoneSurrogates('👩‍💻🇫🇷')).toEqual([]);
  });

  it('scanning from an offset does not split a pair that starts before it', () => {
    expect(findLoneSurrogates('😀\uDC00', Infinity, 1)).toEqual([2]);
    expect(findLoneSurrogates('a\uDC00', Infinity, 1)).toEqual([1]);
  });
});

// --- the required corpus -------------------------------------------------------

describe('analyzeOutgoingText: ill-formed text', () => {
  it('lone high surrogate', () => {
    const a = analyzeOutgoingText('a\uD800b');
    expect(a.wellFormed).toBe(false);
    expect(a.flagged).toBe(true);
    expect(a.binaryInText).toBe(false);
    expect(a.loneSurrogateCount).toBe(1);
    expect(a.loneSurrogates).toEqual([{ index: 1, unit: 0xd800, kind: 'high', before: 'a', after: 'b' }]);
    expect(a.wireLength).toBe(5);
    expect(kinds(a)).toEqual(['lone-surrogate']);
    expect(signal(a, 'lone-surrogate')?.confidence).toBe('high');
    expect(render(a.signals[0]!.reason)).toContain('U+FFFD');
  });

  it('lone low surrogate', () => {
    const a = analyzeOutgoingText('Привет\uDE00!');
    expect(a.loneSurrogates).toEqual([{ index: 6, unit: 0xde00, kind: 'low', before: 'Привет', after: '!' }]);
    expect(a.wireLength).toBe(12 + 3 + 1);
    expect(a.flagged).toBe(true);
  });

  it('reversed pair is two lone surrogates', () => {
    const a = analyzeOutgoingText('\uDC00\uD800');
    expect(a.loneSurrogates.map((l) => [l.index, l.kind])).toEqual([
      [0, 'low'],
      [1, 'high'],
    ]);
    // Context is made safe: the neighbouring lone surrogate shows as U+FFFD.
    expect(a.loneSurrogates[0]?.after).toBe('\uFFFD');
    expect(a.loneSurrogates[1]?.before).toBe('\uFFFD');
    expect(a.wireLength).toBe(6);
  });

  it("pair split at a slice boundary: '😀'.slice(0, 1) + 'x'", () => {
    const s = '😀'.slice(0, 1) + 'x';
    const a = analyzeOutgoingText(s);
    expect(a.loneSurrogates).toEqual([{ index: 0, unit: 0xd83d, kind: 'high', before: '', after: 'x' }]);
    expect(Array.from(wireBytes(s))).toEqual([0xef, 0xbf, 0xbd, 0x78]);
    expect(fixAdvice(a).map((m) => m.key)).toEqual(['utf8_fix_cut_code_points', 'utf8_fix_well_formed']);
  });

  it('context is up to 8 units each side and never starts or ends inside a pair', () => {
    const s = '😀😀😀😀😀a\uD800😀😀😀😀😀';
    const a = analyzeOutgoingText(s);
    const l = a.loneSurrogates[0]!;
    expect(l.index).toBe(11);
    expect(l.before).toBe('😀😀😀a');
    expect(l.after).toBe('😀😀😀😀');
    expect(l.before.isWellFormed() && l.after.isWellFormed()).toBe(true);
    const long = analyzeOutgoingText('0123456789\uDFFFabcdefghij');
    expect(long.loneSurrogates[0]).toMatchObject({ before: '23456789', after: 'abcdefgh' });
  });

  it('caps the list but keeps the count exact', () => {
    const s = 'x\uD800'.repeat(LONE_SURROGATE_LIST_CAP + 50);
    const a = analyzeOutgoingText(s);
    expect(a.loneSurrogateCount).toBe(LONE_SURROGATE_LIST_CAP + 50);
    expect(a.loneSurrogates.length).toBe(LONE_SURROGATE_LIST_CAP);
    expect(a.wireLength).toBe(4 * (LONE_SURROGATE_LIST_CAP + 50));
  });
});

describe('analyzeOutgoingText: binary data in text', () => {
  it('PNG header as a binary string', () => {
    const a = analyzeOutgoingText(binaryString(Uint8Array.from(PNG_HEAD)));
    expect(a.wellFormed).toBe(true);
    expect(a.binaryInText).toBe(true);
    expect(a.flagged).toBe(true);
    const m = signal(a, 'magic-number');
    expect(m?.confidence).toBe('high');
    expect(m?.reason.subs).toEqual(['PNG', '0']);
    expect(render(m!.reason)).toMatch(/PNG file signature at code unit 0/);
    expect(fixAdvice(a).map((x) => x.key)).toContain('utf8_fix_binary_frames');
  });

  it('PNG bytes that went through a lossy TextDecoder', () => {
    const s = new TextDecoder().decode(Uint8Array.from([...PNG_HEAD, ...randomBytes(3, 200)]));
    const a = analyzeOutgoingText(s);
    expect(signal(a, 'magic-number')?.reason.subs?.[0]).toBe('PNG');
    expect(signal(a, 'replacement-char')?.confidence).toBe('high');
    expect(a.binaryInText).toBe(true);
  });

  it('other magic numbers at the start of a binary string', () => {
    const cases: Array<[string, number[]]> = [
      ['GZIP', [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]],
      ['ZIP', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]],
      ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]],
    ];
    for (const [name, bytes] of cases) {
      const a = analyzeOutgoingText(binaryString(Uint8Array.from(bytes)));
      expect(signal(a, 'magic-number')?.reason.subs?.[0], name).toBe(name);
      expect(a.binaryInText, name).toBe(true);
    }
    const pdf = analyzeOutgoingText('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>');
    expect(signal(pdf, 'magic-number')).toMatchObject({ confidence: 'high', reason: { subs: ['PDF', '0'] } });
  });

  it('a text-only magic in a chat message is a hint at most', () => {
    for (const text of ['%PDF-1.4 is the header of the file I mean', 'GIF89a — c’est l’en-tête, très connu, café ?']) {
      const a = analyzeOutgoingText(text);
      expect(a.flagged).toBe(false);
      expect(signal(a, 'magic-number')?.confidence).toBe('low');
    }
  });

  it('random bytes through String.fromCharCode (seeded)', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const a = analyzeOutgoingText(binaryString(randomBytes(seed, 1024)));
      expect(a.wellFormed).toBe(true);
      expect(a.binaryInText).toBe(true);
      expect(a.flagged).toBe(true);
      expect(signal(a, 'binary-string')?.confidence).toBe('high');
      expect(signal(a, 'control-chars')?.confidence).toBe('high');
      expect(a.wireLength).toBe(new TextEncoder().encode(binaryString(randomBytes(seed, 1024))).length);
    }
  });

  it('even 32 random bytes are caught', () => {
    let caught = 0;
    for (let seed = 1; seed <= 50; seed++) if (analyzeOutgoingText(binaryString(randomBytes(seed, 32))).binaryInText) caught++;
    expect(caught).toBeGreaterThanOrEqual(48);
  });

  it('a binary string escaped by JSON.stringify keeps its C1 characters', () => {
    const s = JSON.stringify({ file: binaryString(randomBytes(5, 600)) });
    const a = analyzeOutgoingText(s);
    expect(signal(a, 'binary-string')?.confidence).toBe('high');
    expect(a.binaryInText).toBe(true);
  });

  it('U+FFFD already present', () => {
    const a = analyzeOutgoingText('Ошибка: \uFFFD\uFFFD\uFFFD');
    expect(a.replacementChars).toEqual([8, 9, 10]);
    expect(a.replacementCharCount).toBe(3);
    expect(a.wellFormed).toBe(true);
    expect(a.flagged).toBe(true);
    expect(signal(a, 'replacement-char')).toMatchObject({ count: 3, firstIndex: 8 });
    expect(fixAdvice(a).map((x) => x.key)).toContain('utf8_fix_lossy_decoder');
  });

  it('random bytes through a lossy TextDecoder', () => {
    const a = analyzeOutgoingText(new TextDecoder().decode(randomBytes(11, 2048)));
    expect(signal(a, 'replacement-char')?.confidence).toBe('high');
    expect(a.binaryInText).toBe(true);
  });

  it('a single U+FFFD in a long text is only a hint', () => {
    const a = analyzeOutgoingText('The glyph \uFFFD means a decoding error. '.padEnd(400, 'and more words '));
    expect(signal(a, 'replacement-char')?.confidence).toBe('low');
    expect(a.flagged).toBe(false);
  });

  it('NUL runs are binary; STOMP and SignalR terminators are not', () => {
    const packed = analyzeOutgoingText('id=\0\0\0\x07name=alice\0\0\0\x05');
    expect(signal(packed, 'nul')?.confidence).toBe('high');
    expect(packed.binaryInText).toBe(true);
    expect(analyzeOutgoingText('MESSAGE\nid:1\n\nhello\0').signals).toEqual([]);
    expect(analyzeOutgoingText('{"type":6}\x1e{"type":6}\x1e').signals).toEqual([]);
  });

  it('a single stray control character in long text is low confidence and does not flag', () => {
    const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20);
    const a = analyzeOutgoingText(text.slice(0, 500) + '\x07' + text.slice(500));
    expect(kinds(a)).toEqual(['control-chars']);
    expect(signal(a, 'control-chars')).toMatchObject({ confidence: 'low', count: 1, firstIndex: 500 });
    expect(a.flagged).toBe(false);
    expect(a.binaryInText).toBe(false);
    expect(fixAdvice(a)).toEqual([]);
  });

  it('several control characters in a short frame flag it', () => {
    const a = analyzeOutgoingText('ab\x01\x02cd\x03\x04ef\x05');
    expect(signal(a, 'control-chars')).toMatchObject({ count: 5 });
    expect(signal(a, 'control-chars')?.confidence).not.toBe('low');
    expect(a.flagged).toBe(true);
  });

  it('tabs, LF, CR, VT, FF and ANSI escapes are never control-char signals', () => {
    expect(analyzeOutgoingText('a\tb\nc\r\nd\ve\ff \x1b[1mbold\x1b[0m').signals).toEqual([]);
  });

  it('mojibake: UTF-8 read as Latin-1 or windows-1252', () => {
    const latin1 = new TextDecoder('latin1').decode(new TextEncoder().encode('Café crème, déjà vu à Zürich'));
    const a = analyzeOutgoingText(latin1);
    expect(latin1).toContain('Ã©');
    expect(signal(a, 'mojibake')?.confidence).toBe('high');
    expect(a.binaryInText).toBe(true);
    expect(fixAdvice(a).map((x) => x.key)).toContain('utf8_fix_decode_utf8');

    const one = analyzeOutgoingText('Itâ€™s fine');
    expect(signal(one, 'mojibake')).toMatchObject({ confidence: 'medium', count: 1, firstIndex: 2 });
    expect(signal(one, 'mojibake')?.reason.subs?.[2]).toBe('â€™');

    const ru = new TextDecoder('windows-1252').decode(new TextEncoder().encode('Привет, мир'));
    expect(signal(analyzeOutgoingText(ru), 'mojibake')?.confidence).toBe('high');
  });

  it('mojibake with weak leads needs three before it flags', () => {
    // ı and İ are C4 B1 and C4 B0 in UTF-8: "Ä±" and "Ä°" when read as windows-1252.
    const tr = new TextDecoder('windows-1252').decode(new TextEncoder().encode('ılık İstanbul'));
    expect(tr).toBe('Ä±lÄ±k Ä°stanbul');
    expect(signal(analyzeOutgoingText(tr), 'mojibake')).toMatchObject({ confidence: 'medium', count: 3 });
    const two = analyzeOutgoingText('Ä±lÄ±k');
    expect(signal(two, 'mojibake')?.confidence).toBe('low');
    expect(two.flagged).toBe(false);
  });

  it('JSON containing the escaped text \\ud800 is not flagged', () => {
    const s = JSON.stringify({ note: 'literal \\ud800' });
    expect(s).toContain('\\\\ud800');
    for (const text of [s, '{"s":"\\ud800"}', String.raw`["\uDC00\uD800"]`]) {
      const a = analyzeOutgoingText(text);
      expect(a.wellFormed).toBe(true);
      expect(a.signals).toEqual([]);
      expect(a.flagged).toBe(false);
    }
  });
});

describe('analyzeOutgoingText: sizes', () => {
  it('empty string', () => {
    const a = analyzeOutgoingText('');
    expect(a).toMatchObject({
      wellFormed: true,
      length: 0,
      analysedUnits: 0,
      truncated: false,
      loneSurrogateCount: 0,
      wireLength: 0,
      flagged: false,
      binaryInText: false,
    });
    expect(a.signals).toEqual([]);
    expect(a.notes).toEqual([]);
    expect(fixAdvice(a)).toEqual([]);
  });

  it('a 10 MiB string is truncated at the cap, says so, and is fast', () => {
    const s = 'ping {"a":"Привет 😀"} '.repeat(Math.ceil((10 << 20) / 22)).slice(0, 10 << 20);
    const t0 = performance.now();
    const a = analyzeOutgoingText(s);
    const ms = performance.now() - t0;
    expect(a.length).toBe(10 << 20);
    expect(a.truncated).toBe(true);
    expect(a.analysedUnits).toBeLessThanOrEqual(ANALYSIS_CAP_UNITS);
    expect(a.analysedUnits).toBeGreaterThanOrEqual(ANALYSIS_CAP_UNITS - 1);
    expect(a.wireLength).toBe(utf8Length(s.slice(0, a.analysedUnits)));
    expect(a.notes.map((n) => n.key)).toEqual(['utf8_note_truncated']);
    expect(render(a.notes[0]!)).toBe(`Only the first ${a.analysedUnits} of ${10 << 20} code units were analysed; the byte count covers that part only.`);
    expect(a.flagged).toBe(false);
    expect(ms).toBeLessThan(500);
  });

  it('a lone surrogate past the cap still makes the string ill-formed', () => {
    const s = 'a'.repeat(5000) + '\uD800' + 'b'.repeat(10);
    const a = analyzeOutgoingText(s, 1000);
    expect(a.truncated).toBe(true);
    expect(a.wellFormed).toBe(false);
    expect(a.flagged).toBe(true);
    expect(a.loneSurrogateCount).toBe(0);
    expect(signal(a, 'lone-surrogate')).toMatchObject({ firstIndex: 5000, confidence: 'high' });
    expect(signal(a, 'lone-surrogate')?.reason.key).toBe('utf8_signal_lone_surrogate_beyond_cap');
  });

  it('the cap never splits a surrogate pair', () => {
    const a = analyzeOutgoingText('ab😀cd', 3);
    expect(a.analysedUnits).toBe(2);
    expect(a.wellFormed).toBe(true);
    expect(a.loneSurrogateCount).toBe(0);
    expect(a.wireLength).toBe(2);
  });
});

describe('ordinary text is never flagged', () => {
  it('has at least 60 realistic strings', () => {
    expect(MULTILINGUAL_CORPUS.length).toBeGreaterThanOrEqual(60);
  });

  for (const entry of MULTILINGUAL_CORPUS) {
    it(entry.name, () => {
      const a = analyzeOutgoingText(entry.text);
      expect(a.wellFormed).toBe(true);
      expect(a.flagged).toBe(false);
      expect(a.binaryInText).toBe(false);
      expect(a.wireLength).toBe(new TextEncoder().encode(entry.text).length);
      expect(a.signals).toEqual([]);
      expect(fixAdvice(a)).toEqual([]);
    });
  }
});

// --- presentation helpers ---------------------------------------------------------

describe('hexDump', () => {
  it('prints hexdump -C lines', () => {
    expect(hexDump(wireBytes('a\uD800b'))).toEqual([
      '00000000  61 ef bf bd 62                                    |a...b|',
    ]);
    expect(hexDump(wireBytes('a\uD800b hello world, this is long'))).toEqual([
      '00000000  61 ef bf bd 62 20 68 65  6c 6c 6f 20 77 6f 72 6c  |a...b hello worl|',
      '00000010  64 2c 20 74 68 69 73 20  69 73 20 6c 6f 6e 67     |d, this is long|',
    ]);
    expect(hexDump(new Uint8Array(0))).toEqual([]);
  });

  it('labels lines from the given offset', () => {
    // hexdump -C puts the text column at column 60 whatever the line length.
    expect(hexDump(Uint8Array.from([0x00, 0x7f, 0x20]), 0x1f0)).toEqual(['000001f0  00 7f 20' + ' '.repeat(42) + '|.. |']);
    expect(hexDump(new Uint8Array(17), 32)[1]).toBe('00000030  00' + ' '.repeat(60 - 12) + '|.|');
  });
});

describe('wireWindow', () => {
  it('highlights the EF BF BD a lone surrogate became', () => {
    const s = 'xx😀yy\uD800zz';
    const w = wireWindow(s, 6, 2);
    expect(Array.from(w.bytes.subarray(w.highlight[0], w.highlight[1]))).toEqual([0xef, 0xbf, 0xbd]);
    expect(w.byteOffset).toBe(6); // "xx" + the 4-byte emoji
    expect(Array.from(w.bytes)).toEqual([0x79, 0x79, 0xef, 0xbf, 0xbd, 0x7a, 0x7a]);
  });

  it('highlights a whole pair when pointed at either half, and never cuts one at the edge', () => {
    const s = 'ab😀cd';
    for (const i of [2, 3]) {
      const w = wireWindow(s, i, 0);
      expect(Array.from(w.bytes)).toEqual([0xf0, 0x9f, 0x98, 0x80]);
      expect(w.highlight).toEqual([0, 4]);
      expect(w.byteOffset).toBe(2);
    }
    const edge = wireWindow('😀x😀', 2, 0);
    expect(Array.from(edge.bytes)).toEqual([0x78]);
    const wide = wireWindow('😀x\uD800y😀', 3, 1);
    expect(wide.bytes.length).toBe(1 + 3 + 1);
    const wider = wireWindow('😀x\uD800y😀', 3, 2);
    expect(Array.from(wider.bytes)).toEqual([0xf0, 0x9f, 0x98, 0x80, 0x78, 0xef, 0xbf, 0xbd, 0x79, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('is always a slice of the whole message on the wire', () => {
    const r = prng(5);
    for (let k = 0; k < 500; k++) {
      const s = randomString(r, 60);
      if (s.length === 0) continue;
      const i = Math.floor(r() * s.length);
      const w = wireWindow(s, i, Math.floor(r() * 6));
      const all = wireBytes(s);
      expect(w.bytes).toEqual(all.subarray(w.byteOffset, w.byteOffset + w.bytes.length));
      const [h0, h1] = w.highlight;
      expect(h1 - h0).toBeGreaterThanOrEqual(1);
      expect(h1).toBeLessThanOrEqual(w.bytes.length);
    }
  });

  it('returns an empty window outside the string', () => {
    expect(wireWindow('abc', 3).bytes.length).toBe(0);
    expect(wireWindow('abc', -1).highlight).toEqual([0, 0]);
  });
});

// --- messages ----------------------------------------------------------------------

describe('locale fragments', () => {
  it('en and ru have the same keys, prefixes and placeholders', () => {
    expect(Object.keys(RU).sort()).toEqual(Object.keys(EN).sort());
    for (const [key, e] of Object.entries(EN)) {
      expect(key).toMatch(/^(utf8|suspect)_[a-z0-9_]+$/);
      const r = RU[key]!;
      expect(r.placeholders ?? {}, key).toEqual(e.placeholders ?? {});
      const names = (m: string) => [...m.matchAll(/\$([A-Z0-9_]+)\$/g)].map((x) => x[1]!.toLowerCase()).sort();
      expect(names(e.message), key).toEqual(Object.keys(e.placeholders ?? {}).sort());
      expect(names(r.message), key).toEqual(Object.keys(e.placeholders ?? {}).sort());
      expect(r.message).not.toBe(e.message);
    }
  });

  it('every Msg the analysis produces resolves in both languages', () => {
    const samples = [
      'a\uD800b',
      binaryString(randomBytes(9, 300)),
      binaryString(Uint8Array.from(PNG_HEAD)),
      new TextDecoder().decode(randomBytes(9, 300)),
      'Itâ€™s',
    ];
    const seen = new Set<string>();
    for (const s of samples) {
      const a = analyzeOutgoingText(s);
      for (const m of [...a.signals.map((g) => g.reason), ...fixAdvice(a), ...a.notes]) {
        seen.add(m.key);
        for (const lang of [EN, RU]) expect(render(m, lang)).not.toMatch(/\$/);
      }
    }
    const capped = analyzeOutgoingText('x'.repeat(20) + '\uDC00', 10);
    for (const m of [...capped.signals.map((g) => g.reason), ...capped.notes]) {
      seen.add(m.key);
      expect(render(m, RU)).not.toMatch(/\$/);
    }
    for (const k of ['utf8_signal_lone_surrogate', 'utf8_signal_binary_string', 'utf8_signal_magic_number', 'utf8_signal_mojibake']) {
      expect(seen.has(k), k).toBe(true);
    }
  });
});

describe('isPlainText (the panel skips the analysis for it)', () => {
  it('is true only for text whose analysis can flag nothing', () => {
    const samples = ['{"type":"tick","seq":1}', 'a\tb\r\nc', '', '~ !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}'];
    for (const s of samples) {
      expect(isPlainText(s)).toBe(true);
      expect(analyzeOutgoingText(s).flagged).toBe(false);
    }
    for (const s of ['a\u0000b', 'x\x7f', 'é', '\uFFFD', 'a\uD800', '\u0001']) expect(isPlainText(s)).toBe(false);
  });
});
