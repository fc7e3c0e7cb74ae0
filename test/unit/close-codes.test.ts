import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  closeSummary,
  deepSections,
  lookupCloseCode,
  type CloseCategory,
  type CloseInitiator,
  type DeepObservation,
} from '../../src/diagnosis/close-codes';
import type { Msg } from '../../src/diagnosis/message';

interface Placeholder {
  content: string;
}
interface Message {
  message: string;
  placeholders?: Record<string, Placeholder>;
}
type Fragment = Record<string, Message>;

function loadFragment(lang: 'en' | 'ru'): Fragment {
  const url = new URL(`../../extension/_locales/${lang}/close-codes.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Fragment;
}
const en = loadFragment('en');
const ru = loadFragment('ru');

/** Placeholder names referenced in the message text, lowercased as declared. */
function referenced(m: Message): string[] {
  return [...new Set([...m.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((r) => (r[1] ?? '').toLowerCase()))].sort();
}

function render(fragment: Fragment, m: Msg): string {
  const entry = fragment[m.key];
  if (!entry) throw new Error(`missing key ${m.key}`);
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    const index = Number(content.slice(1)) - 1;
    const sub = m.subs?.[index];
    if (sub === undefined) throw new Error(`${m.key}: no sub for ${name}`);
    return sub;
  });
}

const INITIATORS: CloseInitiator[] = ['server', 'page', 'browser', 'failure', 'unknown'];
const DEEP: Array<1001 | 1007> = [1001, 1007];

// The observation shapes the deep explanation distinguishes.
const OBSERVATIONS: Array<Omit<DeepObservation, 'initiator'>> = [
  {},
  { closedAt: '12:03:04' },
  { closedAt: '12:03:04', lifetime: '42 s' },
  { lifetime: '42 s' },
  { closedAt: '12:03:04', lifetime: '42 s', reason: 'deploy', suspectCount: 1, illFormedCount: 1 },
  { closedAt: '12:03:04', reason: 'bad json', suspectCount: 4, illFormedCount: 2 },
  { suspectCount: 0, illFormedCount: 0, reason: '' },
];

/** The spec of the catalog, restated independently of the table in the module. */
function expectedCategory(code: number): CloseCategory {
  if (!Number.isInteger(code) || code < 1000 || code > 4999) return 'invalid';
  if (code >= 3000) return 'application';
  if (code >= 1016) return 'reserved';
  const byCode: Record<number, CloseCategory> = {
    1000: 'normal',
    1001: 'going-away', 1012: 'going-away', 1013: 'going-away',
    1002: 'client-error', 1003: 'client-error', 1007: 'client-error',
    1008: 'client-error', 1009: 'client-error', 1010: 'client-error',
    1011: 'server-error', 1014: 'server-error',
    1005: 'abnormal', 1006: 'abnormal', 1015: 'abnormal',
    1004: 'reserved',
  };
  const category = byCode[code];
  if (!category) throw new Error(`test table lacks ${code}`);
  return category;
}

function expectedRange(code: number): [number, number] | undefined {
  if (!Number.isInteger(code) || code < 0 || code > 4999) return [5000, 65535];
  const spans: Array<[number, number]> = [[0, 999], [1016, 2999], [3000, 3999], [4000, 4999]];
  return spans.find(([a, b]) => code >= a && code <= b);
}

const ODD_CODES = [-1, 5001, 65535, 1000.5, Number.NaN, Number.POSITIVE_INFINITY, -0.5, 70000];
const ALL_CODES = [...Array.from({ length: 5001 }, (_, i) => i), ...ODD_CODES];

/** Every Msg the module can return, for the key and placeholder checks. */
function everyMsg(): Msg[] {
  const out: Msg[] = [];
  for (const code of ALL_CODES) {
    const e = lookupCloseCode(code);
    out.push({ key: e.nameKey }, { key: e.meaningKey }, { key: e.fixKey });
  }
  for (const code of DEEP)
    for (const initiator of INITIATORS)
      for (const obs of OBSERVATIONS)
        for (const s of deepSections(code, { initiator, ...obs })) out.push({ key: s.titleKey }, ...s.body);
  for (const initiator of INITIATORS)
    for (const reason of ['', 'deploy']) out.push(closeSummary(1001, initiator, reason));
  // The same key with the same number of subs checks the same way.
  const unique = new Map(out.map((m) => [`${m.key}/${m.subs?.length ?? 0}`, m]));
  return [...unique.values()];
}

describe('lookupCloseCode', () => {
  it('maps every code to the category the spec gives it', () => {
    for (const code of ALL_CODES) expect(lookupCloseCode(code).category, `code ${code}`).toBe(expectedCategory(code));
  });

  it('gives 1000-1015 their own entries and each range exactly one shared entry', () => {
    const byName = new Map<string, Set<string>>();
    for (const code of ALL_CODES) {
      const e = lookupCloseCode(code);
      const range = expectedRange(code);
      expect(e.range, `code ${code}`).toEqual(range);
      expect(e.code).toBe(code);
      const group = range ? range.join('-') : String(code);
      const groups = byName.get(e.nameKey) ?? new Set<string>();
      groups.add(group);
      byName.set(e.nameKey, groups);
    }
    // 16 single codes + 0-999, 1016-2999, 3000-3999, 4000-4999, out of range.
    expect(byName.size).toBe(21);
    for (const [key, groups] of byName) expect([...groups], key).toHaveLength(1);
    for (let code = 1000; code <= 1015; code++) expect(lookupCloseCode(code).nameKey).toBe(`close_${code}_name`);
  });

  it('keeps name, meaning and fix keys distinct and belonging together', () => {
    for (const code of ALL_CODES) {
      const e = lookupCloseCode(code);
      const stem = e.nameKey.replace(/_name$/, '');
      expect(e.meaningKey).toBe(`${stem}_meaning`);
      expect(e.fixKey).toBe(`${stem}_fix`);
    }
  });

  it('marks what page script may send, what never travels and what is deep', () => {
    for (const code of ALL_CODES) {
      const e = lookupCloseCode(code);
      const int = Number.isInteger(code);
      expect(e.sendableByPage, `code ${code}`).toBe(int && (code === 1000 || (code >= 3000 && code <= 4999)));
      expect(e.neverOnWire, `code ${code}`).toBe([1005, 1006, 1015].includes(code));
      expect(e.deep, `code ${code}`).toBe(code === 1001 || code === 1007);
    }
  });
});

describe('close-codes messages', () => {
  const msgs = everyMsg();
  const keys = [...new Set(msgs.map((m) => m.key))];

  it('exist in English and Russian with the same placeholders', () => {
    for (const key of keys) {
      const e = en[key];
      const r = ru[key];
      expect(e, `en ${key}`).toBeDefined();
      expect(r, `ru ${key}`).toBeDefined();
      if (!e || !r) continue;
      expect(referenced(r), key).toEqual(referenced(e));
      expect(Object.keys(r.placeholders ?? {}).sort(), key).toEqual(Object.keys(e.placeholders ?? {}).sort());
      for (const [name, p] of Object.entries(e.placeholders ?? {}))
        expect(r.placeholders?.[name]?.content, `${key} ${name}`).toBe(p.content);
    }
  });

  it('get as many subs as their placeholders use, numbered $1..$n', () => {
    for (const m of msgs) {
      for (const fragment of [en, ru]) {
        const entry = fragment[m.key];
        if (!entry) throw new Error(`missing ${m.key}`);
        const names = referenced(entry);
        expect(Object.keys(entry.placeholders ?? {}).sort(), m.key).toEqual(names);
        const contents = names.map((n) => entry.placeholders?.[n]?.content).sort();
        expect(contents, m.key).toEqual(names.map((_, i) => `$${i + 1}`));
        expect(m.subs?.length ?? 0, m.key).toBe(names.length);
      }
    }
  });

  it('leave nothing unsubstituted once rendered', () => {
    for (const m of msgs) {
      expect(render(en, m)).not.toMatch(/\$/);
      expect(render(ru, m)).not.toMatch(/\$/);
    }
  });

  it('are all reachable, and well-formed fragment keys', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    expect(Object.keys(ru).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(key).toMatch(/^close_[a-z0-9_]+$/);
  });

  it('use «» rather than straight double quotes in Russian', () => {
    for (const key of keys) expect(ru[key]?.message, key).not.toMatch(/"/);
  });

  it('say the abnormal codes never travel in a frame', () => {
    for (const code of [1005, 1006, 1015]) {
      expect(render(en, { key: lookupCloseCode(code).meaningKey })).toMatch(/never sent in a frame/i);
      expect(render(ru, { key: lookupCloseCode(code).meaningKey })).toMatch(/никогда не передаётся в кадре/i);
    }
  });

  it('explain that invalid UTF-8 from the server shows as 1006, with 1002 from Chromium', () => {
    const text = render(en, { key: lookupCloseCode(1006).meaningKey });
    for (const needle of ['UTF-8', '1007', '1002', 'Chromium', 'Firefox', 'handshake']) expect(text).toContain(needle);
  });

  it('point 4000-4999 to the reason text', () => {
    for (const code of [4000, 4321, 4999]) {
      const key = lookupCloseCode(code).meaningKey;
      expect(render(en, { key })).toMatch(/reason/);
      expect(render(en, { key })).toMatch(/application's own/i);
      expect(render(ru, { key })).toMatch(/причин/);
    }
  });
});

describe('deepSections', () => {
  const titles = ['close_section_description', 'close_section_when', 'close_section_fix', 'close_section_differences', 'close_section_which'];

  it('has the five sections in the seed order for every initiator', () => {
    for (const code of DEEP)
      for (const initiator of INITIATORS) {
        const sections = deepSections(code, { initiator });
        expect(sections.map((s) => s.titleKey)).toEqual(titles);
        for (const s of sections) expect(s.body.length, `${code} ${s.titleKey}`).toBeGreaterThan(0);
      }
  });

  it('titles the sections as the seed does', () => {
    expect(titles.map((k) => en[k]?.message)).toEqual(['Description', 'When you see it', 'How to fix', 'Key differences', 'When to use which']);
    expect(titles.map((k) => ru[k]?.message)).toEqual(['Описание', 'Когда вы это видите', 'Как исправить', 'Ключевые различия', 'Когда что использовать']);
  });

  function whenText(code: 1001 | 1007, obs: DeepObservation, fragment = en): string {
    const when = deepSections(code, obs)[1];
    if (!when) throw new Error('no when section');
    return when.body.map((m) => render(fragment, m)).join(' ');
  }

  it('words "When you see it" differently for each initiator', () => {
    for (const code of DEEP)
      for (const obs of OBSERVATIONS) {
        const texts = INITIATORS.map((initiator) => whenText(code, { initiator, ...obs }));
        expect(new Set(texts).size, `${code} ${JSON.stringify(obs)}`).toBe(INITIATORS.length);
        const ruTexts = INITIATORS.map((initiator) => whenText(code, { initiator, ...obs }, ru));
        expect(new Set(ruTexts).size).toBe(INITIATORS.length);
      }
  });

  it('states what was observed for a server 1001', () => {
    const text = whenText(1001, { initiator: 'server', closedAt: '12:03:04', lifetime: '42 s', reason: 'deploy' });
    expect(text).toContain('The server closed this connection with 1001 at 12:03:04, after 42 s.');
    expect(text).toContain('“deploy”');
    expect(text).toContain('InvalidAccessError');
    expect(whenText(1001, { initiator: 'server', closedAt: '12:03:04', lifetime: '42 s', reason: 'deploy' }, ru)).toContain('«deploy»');
  });

  it('names the browser as the sender when the page went away', () => {
    const text = whenText(1001, { initiator: 'browser', closedAt: '09:00:00' });
    expect(text).toMatch(/navigated away or was hidden at 09:00:00; the browser itself sent 1001 \(inferred\)/);
    expect(text).not.toContain('after');
  });

  it('uses the lifetime only together with the close time', () => {
    const both = whenText(1007, { initiator: 'server', closedAt: '12:03:04', lifetime: '42 s' });
    expect(both).toContain('12:03:04');
    expect(both).toContain('42 s');
    expect(whenText(1007, { initiator: 'server', lifetime: '42 s' })).not.toContain('42 s');
  });

  it('explains a server 1007 the way a browser can cause it', () => {
    const text = whenText(1007, { initiator: 'server', closedAt: '12:03:04' });
    for (const needle of ['U+FFFD', 'EF BF BD', 'JSON', 'lone surrogates', 'binary', 'InvalidAccessError', '1006'])
      expect(text).toContain(needle);
  });

  it('mentions suspects and lone surrogates only when there are some', () => {
    const none = whenText(1007, { initiator: 'server', suspectCount: 0, illFormedCount: 0 });
    expect(none).not.toMatch(/suspect/i);
    expect(none).not.toMatch(/held lone surrogates|with lone surrogates:/);
    const many = whenText(1007, { initiator: 'server', suspectCount: 4, illFormedCount: 2 });
    expect(many).toContain('Suspect frames among those sent before the close: 4');
    expect(many).toContain('Text frames the page sent with lone surrogates: 2');
    const one = whenText(1007, { initiator: 'server', suspectCount: 1, illFormedCount: 1 });
    expect(one).toMatch(/One frame sent before the close is ranked as the suspect/);
    expect(one).toMatch(/One text frame the page sent held lone surrogates/);
  });

  it('gives the backoff recipe for 1001 and the payload fix for 1007', () => {
    const fix = (code: 1001 | 1007, obs: DeepObservation) =>
      (deepSections(code, obs)[2]?.body ?? []).map((m) => render(en, m)).join(' ');
    const f1001 = fix(1001, { initiator: 'server' });
    for (const needle of ['exponential backoff', 'jitter', '30 s', 'Reset', 'going away', '1012', '1013']) expect(f1001).toContain(needle);
    expect(fix(1001, { initiator: 'browser' })).toMatch(/^Nothing is broken/);
    const f1007 = fix(1007, { initiator: 'server' });
    for (const needle of ['isWellFormed()', 'toWellFormed()', 'ArrayBuffer', 'Blob', "binaryType = 'arraybuffer'", 'fails again'])
      expect(f1007).toContain(needle);
    expect(f1007).not.toContain('flagged for lone surrogates');
    expect(fix(1007, { initiator: 'server', illFormedCount: 3 })).toMatch(/^Start with the frames flagged/);
  });

  it('puts the current code first in the key differences', () => {
    const diff = (code: 1001 | 1007) => (deepSections(code, { initiator: 'server' })[3]?.body ?? []).map((m) => m.key);
    expect(diff(1001)).toEqual(['close_diff_1001', 'close_diff_1007']);
    expect(diff(1007)).toEqual(['close_diff_1007', 'close_diff_1001']);
    expect(render(en, { key: 'close_diff_1001' })).toMatch(/endpoint/);
    expect(render(en, { key: 'close_diff_1007' })).toMatch(/data/);
  });
});

describe('closeSummary', () => {
  it('carries the code, who closed and the reason when there is one', () => {
    const texts = INITIATORS.map((i) => render(en, closeSummary(1001, i, '')));
    expect(new Set(texts).size).toBe(INITIATORS.length);
    for (const t of texts) expect(t).toMatch(/^1001 — /);
    expect(render(en, closeSummary(1001, 'server', ''))).toBe('1001 — closed by the server');
    expect(render(en, closeSummary(4001, 'server', 'token expired'))).toBe('4001 — closed by the server: “token expired”');
    expect(render(ru, closeSummary(4001, 'page', 'выход'))).toBe('4001 — закрыла страница: «выход»');
  });
});
