import { describe, expect, it } from 'vitest';
import {
  CHUNK,
  childCount,
  childrenOf,
  copyValue,
  displayKey,
  formatPath,
  formatScalar,
  initiallyOpen,
  kindOf,
  parseForTree,
  pathSegment,
  shownChildren,
  summarize,
  type Json,
} from '../../src/panel/json-tree';

describe('parseForTree', () => {
  it('gives a tree for an object or an array', () => {
    expect(parseForTree('{"a":1}', true)).toEqual({ kind: 'tree', value: { a: 1 } });
    expect(parseForTree('  [1,2]', true)).toEqual({ kind: 'tree', value: [1, 2] });
  });

  it('calls bare JSON scalars scalars and anything else not JSON', () => {
    expect(parseForTree('42', true).kind).toBe('scalar');
    expect(parseForTree('"hi"', true).kind).toBe('scalar');
    expect(parseForTree('hello', true).kind).toBe('not-json');
    expect(parseForTree('{"a":', true).kind).toBe('not-json');
  });

  it('says a cut preview of JSON is cut, with how many units were kept', () => {
    const text = '{"items":[1,2,3';
    expect(parseForTree(text, false)).toEqual({ kind: 'cut', units: text.length });
    // A cut preview that is not JSON-looking is just text.
    expect(parseForTree('hello wor', false).kind).toBe('not-json');
  });

  it('keeps a "__proto__" key as data, not as the prototype', () => {
    const r = parseForTree('{"__proto__":{"x":1},"b":2}', true);
    expect(r.kind).toBe('tree');
    if (r.kind !== 'tree') return;
    expect(childrenOf(r.value)).toEqual([
      ['__proto__', { x: 1 }],
      ['b', 2],
    ]);
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });
});

describe('paths', () => {
  it('writes identifiers with a dot, everything else in brackets with JS string escaping', () => {
    expect(formatPath([])).toBe('$');
    expect(formatPath(['data', 'items', 3, 'weird key'])).toBe('$.data.items[3]["weird key"]');
    expect(formatPath(['$ok', '_x1', '1abc', 'a-b', ''])).toBe('$.$ok._x1["1abc"]["a-b"][""]');
    expect(formatPath(['quote"in', 'new\nline', 'back\\slash'])).toBe('$["quote\\"in"]["new\\nline"]["back\\\\slash"]');
    expect(pathSegment('ключ')).toBe('["ключ"]');
  });

  it('produces paths that evaluate back to the same value', () => {
    const root = { data: { items: [0, 1, 2, { 'weird key': ['deep'] }] }, 'a"b': { '\u2028': true } };
    const check = (path: Array<string | number>, expected: unknown) => {
      const expr = formatPath(path);
      const got = new Function('$', `return ${expr};`)(root) as unknown;
      expect(got, expr).toEqual(expected);
    };
    check(['data', 'items', 3, 'weird key', 0], 'deep');
    check(['a"b', '\u2028'], true);
  });

  it('shows keys bare when they are identifiers or indices, quoted otherwise', () => {
    expect(displayKey('name')).toBe('name');
    expect(displayKey(7)).toBe('7');
    expect(displayKey('two words')).toBe('"two words"');
    expect(displayKey('tab\there')).toBe('"tab\\there"');
  });
});

describe('values', () => {
  it('quotes strings and escapes what would be invisible', () => {
    expect(formatScalar('a\u0000b')).toBe('"a\\u0000b"');
    expect(formatScalar('x\ud800y')).toBe('"x\\ud800y"');
    expect(formatScalar(1.5)).toBe('1.5');
    expect(formatScalar(false)).toBe('false');
    expect(formatScalar(null)).toBe('null');
  });

  it('cuts a long string in the view but never in the copy', () => {
    const long = 'x'.repeat(5000);
    const shown = formatScalar(long, 10);
    expect(shown).toBe('"xxxxxxxxxx…"');
    expect(copyValue(long)).toBe(JSON.stringify(long));
  });

  it('summarizes containers with their count and a short preview', () => {
    expect(summarize([1, 'a', null])).toBe('(3) [1, "a", null]');
    expect(summarize({ a: 1, b: { c: 2 }, 'x y': [] })).toBe('(3) {a: 1, b: {…}, "x y": […]}');
    expect(summarize([])).toBe('(0) []');
    const many = Array.from({ length: 500 }, (_, i) => i);
    const s = summarize(many, 30);
    expect(s.startsWith('(500) [0, 1, 2')).toBe(true);
    expect(s.endsWith(', …]')).toBe(true);
    expect(s.length).toBeLessThan(45);
  });

  it('names kinds', () => {
    const kinds = ([null, true, 1, 's', [], {}] as Json[]).map(kindOf);
    expect(kinds).toEqual(['null', 'boolean', 'number', 'string', 'array', 'object']);
  });

  it('copies a subtree as indented JSON', () => {
    expect(copyValue({ a: [1, { b: null }] })).toBe('{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}');
    expect(copyValue('x')).toBe('"x"');
  });
});

describe('chunking and opening', () => {
  it('draws at most a chunk at a time, a chunk more per request', () => {
    expect(shownChildren(50, 1)).toBe(50);
    expect(shownChildren(50_000, 1)).toBe(CHUNK);
    expect(shownChildren(50_000, 3)).toBe(3 * CHUNK);
    expect(shownChildren(250, 3)).toBe(250);
    expect(shownChildren(250, 0)).toBe(CHUNK);
  });

  it('hands out children by range, for arrays and objects alike', () => {
    const arr = Array.from({ length: 1000 }, (_, i) => i * 2);
    expect(childCount(arr)).toBe(1000);
    expect(childrenOf(arr, 998)).toEqual([
      [998, 1996],
      [999, 1998],
    ]);
    const obj: Record<string, number> = {};
    for (let i = 0; i < 300; i++) obj['k' + i] = i;
    expect(childCount(obj)).toBe(300);
    expect(childrenOf(obj, 100, 102)).toEqual([
      ['k100', 100],
      ['k101', 101],
    ]);
    expect(childrenOf(5)).toEqual([]);
    expect(childCount('abc')).toBe(0);
  });

  it('opens the root and its small children, nothing deeper', () => {
    expect(initiallyOpen(0, 100_000)).toBe(true);
    expect(initiallyOpen(1, 3)).toBe(true);
    expect(initiallyOpen(1, 5000)).toBe(false);
    expect(initiallyOpen(2, 1)).toBe(false);
  });
});
