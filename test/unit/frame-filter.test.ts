// Frame filters: each criterion alone, their combination, text and regex search
// over full texts, previews and binary payloads, regex errors and the slow-pattern
// warning, the time budget.
import { describe, expect, it } from 'vitest';
import { compileFilter, countMatches, matchingFrames, parseRegexInput, riskyPattern, type CompiledFilter, type FilterSpec } from '../../src/panel/frame-filter';
import { isFlagged } from '../../src/panel/analysis-cache';
import type { PanelFrame } from '../../src/panel/store';

let seq = 0;
function text(dir: 'out' | 'in', t: string, extra: Partial<PanelFrame> = {}): PanelFrame {
  return { seq: seq++, dir, binary: false, size: t.length, time: 1000 + seq, text: t, textComplete: !extra.truncated, truncated: false, blob: false, converted: false, order: seq, ...extra };
}
function bin(dir: 'out' | 'in', bytes: number[], extra: Partial<PanelFrame> = {}): PanelFrame {
  return { seq: seq++, dir, binary: true, size: bytes.length, time: 1000 + seq, b64: btoa(String.fromCharCode(...bytes)), truncated: false, blob: false, converted: false, order: seq, ...extra };
}

function ok(spec: FilterSpec): CompiledFilter {
  const r = compileFilter(spec);
  if (!r.ok) throw new Error(`filter failed: ${JSON.stringify(r.error)}`);
  return r;
}

const frames: PanelFrame[] = [
  text('out', '{"type":"chat","text":"Hello World"}'),
  text('in', '{"type":"ack","id":7}'),
  text('out', 'a\uD800b'), // lone surrogate: flagged
  text('in', 'Привет, МИР'),
  bin('in', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]),
  bin('out', [0x00, 0x05, 0x00, 0x41, 0x42]), // "..\0AB"
  text('in', 'preview of a long text ending in', { truncated: true, textComplete: false, size: 100_000 }),
  { seq: seq++, dir: 'out', binary: true, size: 2048, time: 5000, truncated: false, blob: true, converted: false, order: 99 },
];
const sel = (f: CompiledFilter) => frames.filter((x) => f.test(x)).map((x) => frames.indexOf(x));

describe('frame filter: criteria', () => {
  it('keeps everything with an empty spec', () => {
    expect(sel(ok({}))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('filters by direction and type, and combines them', () => {
    expect(sel(ok({ dir: 'out' }))).toEqual([0, 2, 5, 7]);
    expect(sel(ok({ dir: 'in' }))).toEqual([1, 3, 4, 6]);
    expect(sel(ok({ type: 'binary' }))).toEqual([4, 5, 7]);
    expect(sel(ok({ type: 'text' }))).toEqual([0, 1, 2, 3, 6]);
    expect(sel(ok({ dir: 'in', type: 'binary' }))).toEqual([4]);
  });

  it('keeps flagged frames through the injected predicate', () => {
    expect(sel(ok({ flaggedOnly: true, isFlagged }))).toEqual([2]);
    expect(sel(ok({ flaggedOnly: true, isFlagged: (f) => f.dir === 'in' }))).toEqual([1, 3, 4, 6]);
    const r = compileFilter({ flaggedOnly: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.key).toBe('daily_filter_error_no_flag_check');
  });

  it('filters connections by key, and all when no set is given', () => {
    const conns = [
      { key: 'd:1', frames: frames.slice(0, 2) },
      { key: 'd:2', frames: [undefined, ...frames.slice(2, 4)] },
    ];
    const all = ok({});
    expect(all.acceptsConnection('anything')).toBe(true);
    const only2 = ok({ connections: new Set(['d:2']), dir: 'in' });
    expect(only2.acceptsConnection('d:1')).toBe(false);
    expect(matchingFrames(conns, (c) => c.frames, only2)).toEqual([['d:2', frames[3]]]);
    expect(matchingFrames(conns, (c) => c.frames, all).map(([k]) => k)).toEqual(['d:1', 'd:1', 'd:2', 'd:2']);
  });
});

describe('frame filter: plain text search', () => {
  it('is a case-insensitive substring, including non-Latin text', () => {
    expect(sel(ok({ search: { mode: 'text', query: 'hello world' } }))).toEqual([0]);
    expect(sel(ok({ search: { mode: 'text', query: 'мир' } }))).toEqual([3]);
    expect(sel(ok({ search: { mode: 'text', query: '"type":"' } }))).toEqual([0, 1]);
  });

  it('treats regex metacharacters literally', () => {
    expect(sel(ok({ search: { mode: 'text', query: '.*' } }))).toEqual([]);
    expect(sel(ok({ search: { mode: 'text', query: '{"type"' } }))).toEqual([0, 1]);
  });

  it('finds lone surrogates', () => {
    expect(sel(ok({ search: { mode: 'text', query: '\uD800' } }))).toEqual([2]);
  });

  it('searches binary frames by whole-byte hex, in any spacing and case, and as latin1 text', () => {
    expect(sel(ok({ search: { mode: 'text', query: '50 4E 47' } }))).toEqual([4]);
    expect(sel(ok({ search: { mode: 'text', query: '504e47' } }))).toEqual([4]);
    expect(sel(ok({ search: { mode: 'text', query: 'PNG' } }))).toEqual([4]);
    // Whole bytes only: "05 00" is in frame 5; "50 00" is not, though "0500" has "50" inside it.
    expect(sel(ok({ search: { mode: 'text', query: '0500' } }))).toEqual([5]);
    expect(sel(ok({ search: { mode: 'text', query: '5000' } }))).toEqual([]);
    expect(sel(ok({ search: { mode: 'text', query: '50' } }))).toEqual([4]);
    expect(sel(ok({ search: { mode: 'text', query: 'ab' } }))).toEqual([5]);
  });

  it('reports that previews were searched, and frames without payload as unsearchable', () => {
    const f = ok({ search: { mode: 'text', query: 'ending in' } });
    const r = countMatches(frames, f);
    expect(r.matches).toBe(1);
    expect(f.searchedPreviewsOnly()).toBe(true);
    expect(r.stats).toEqual({ searched: 7, previews: 1, unsearchable: 1 });
    const g = ok({ dir: 'out', search: { mode: 'text', query: 'x' } });
    countMatches(frames, g);
    expect(g.searchedPreviewsOnly()).toBe(false);
    expect(g.stats().unsearchable).toBe(1);
  });

  it('an empty query is no search at all', () => {
    const f = ok({ search: { mode: 'text', query: '' } });
    expect(f.searching).toBe(false);
    expect(sel(f)).toHaveLength(frames.length);
  });
});

describe('frame filter: regex search', () => {
  it('uses the given flags, ignores g and y (a filter must not carry lastIndex)', () => {
    expect(sel(ok({ search: { mode: 'regex', query: '^\\{"type":"(chat|ack)"', flags: '' } }))).toEqual([0, 1]);
    expect(sel(ok({ search: { mode: 'regex', query: 'hello', flags: '' } }))).toEqual([]);
    expect(sel(ok({ search: { mode: 'regex', query: 'hello', flags: 'i' } }))).toEqual([0]);
    const g = ok({ search: { mode: 'regex', query: 'type', flags: 'gy' } });
    expect([g.test(frames[0]!), g.test(frames[0]!), g.test(frames[1]!)]).toEqual([true, true, true]);
  });

  it('matches binary hex with byte spacing and latin1 text', () => {
    expect(sel(ok({ search: { mode: 'regex', query: '^89 50' } }))).toEqual([4]);
    expect(sel(ok({ search: { mode: 'regex', query: '\\x00AB$' } }))).toEqual([5]);
  });

  it('finds lone surrogates with a u-less class', () => {
    expect(sel(ok({ search: { mode: 'regex', query: '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])' } }))).toEqual([2]);
  });

  it('returns a clear error Msg for an invalid pattern or flags, and never throws', () => {
    for (const [query, flags, key] of [
      ['(', '', 'daily_filter_error_regex'],
      ['a{2,1}', '', 'daily_filter_error_regex'],
      ['[z-a]', '', 'daily_filter_error_regex'],
      ['\\p{Foo}', 'u', 'daily_filter_error_regex'],
      ['a', 'x', 'daily_filter_error_regex_flags'],
      ['a', 'ii', 'daily_filter_error_regex'],
      ['a'.repeat(5000), '', 'daily_filter_error_regex_long'],
    ] as const) {
      const r = compileFilter({ search: { mode: 'regex', query, flags } });
      expect(r.ok, query).toBe(false);
      if (!r.ok) {
        expect(r.error.key, query).toBe(key);
        if (key === 'daily_filter_error_regex') expect(r.error.subs?.[0], query).toMatch(/regular expression|flags/i);
      }
    }
  });

  it('parses /pattern/flags input', () => {
    expect(parseRegexInput('/a\\/b/iu')).toEqual({ query: 'a\\/b', flags: 'iu' });
    expect(parseRegexInput('a/b')).toEqual({ query: 'a/b', flags: '' });
  });

  it('warns about patterns that can take exponential time, not about ordinary ones', () => {
    for (const p of ['(a+)+$', '(a|aa)*b', '(\\w+\\s?)*$', '((ab)*)+', '(x+x+)+y', '(?:a*){2,}']) expect(riskyPattern(p), p).toBe(true);
    for (const p of ['a+b', '"type":"(chat|ack)"', '(ab)+', '[(a+)+]', '\\(a+\\)+', '(a|b)', '(?:\\d{1,3}\\.){3}\\d{1,3}']) expect(riskyPattern(p), p).toBe(false);
    expect(ok({ search: { mode: 'regex', query: '(a+)+$' } }).warning?.key).toBe('daily_filter_warning_slow_regex');
    expect(ok({ search: { mode: 'regex', query: 'a+' } }).warning).toBeUndefined();
  });
});

describe('countMatches', () => {
  it('counts, skips holes, and stops when the time budget is spent', () => {
    const many: Array<PanelFrame | undefined> = [undefined, ...Array.from({ length: 10_000 }, (_, i) => text(i % 2 ? 'in' : 'out', `n=${i}`))];
    // Numbers ending in 7 are odd: all incoming, 1,000 of them.
    const f = ok({ dir: 'in', search: { mode: 'regex', query: '7$' } });
    expect(countMatches(many, f)).toMatchObject({ matches: 1000, tested: 10_001, complete: true });
    let t = 0;
    const r = countMatches(many, f, { budgetMs: 5, now: () => (t += 10) });
    expect(r.complete).toBe(false);
    expect(r.tested).toBe(4096);
  });
});
