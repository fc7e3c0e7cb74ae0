import { loadBundle, renderMsg, type Bundle } from './fixtures/locale-render';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCloseCall, inferInitiator, type InitiatorFinding } from '../../src/diagnosis/close-initiator';
import type { CloseCallFact, ConnectionFacts, FrameFact } from '../../src/diagnosis/facts';
import type { Msg } from '../../src/diagnosis/message';

const load = (lang: 'en' | 'ru'): Bundle => loadBundle('close-initiator', lang);
const en = load('en');
const ru = load('ru');

const render = (m: Msg, bundle: Bundle = en): string => renderMsg(m, bundle);

const seen: Msg[] = [];
function infer(c: ConnectionFacts): InitiatorFinding {
  const f = inferInitiator(c);
  if (!f) throw new Error('expected a finding');
  seen.push(f.summary, ...f.causes);
  return f;
}

const T0 = 1_700_000_000_000;
function facts(p: Partial<ConnectionFacts>): ConnectionFacts {
  return { id: 's1', url: 'wss://example.test/ws', frameKey: 'top', requestedProtocols: [], createdAt: T0, closeCalls: [], sendErrors: [], frames: [], ...p };
}
function call(p: Partial<CloseCallFact> & { time: number }): CloseCallFact {
  return { seq: 10, readyState: 1, ...p };
}
function frame(seq: number, time: number, dir: 'in' | 'out' = 'in'): FrameFact {
  return { seq, dir, binary: false, size: 5, time, text: 'hello', textComplete: true };
}
const open = { openedAt: T0 + 50 };
const keys = (ms: Msg[]) => ms.map((m) => m.key);

describe('server', () => {
  it.each([
    [1000, '', 'Closed by the server with 1000'],
    [1001, 'restarting', 'Closed by the server with 1001: "restarting"'],
    [4000, 'kicked', 'Closed by the server with 4000: "kicked"'],
  ])('close %i with no page call is the server', (code, reason, text) => {
    const f = infer(facts({ ...open, frames: [frame(1, T0 + 60)], close: { time: T0 + 5000, code, reason, wasClean: true } }));
    expect(f.initiator).toBe('server');
    expect(f.inferred).toBe(false);
    expect(f.everOpened).toBe(true);
    expect(f.call).toBeUndefined();
    expect(render(f.summary)).toBe(text);
    expect(f.summary.subs).toContain(String(code));
  });

  it('a close(1001) that threw does not count: the later server close is the server', () => {
    const threw = call({ time: T0 + 100, code: 1001, threw: { name: 'InvalidAccessError', message: 'The close code must be either 1000, or between 3000 and 4999. 1001 is neither.' } });
    const f = infer(facts({ ...open, closeCalls: [threw], close: { time: T0 + 9000, code: 1001, reason: '', wasClean: true } }));
    expect(f.initiator).toBe('server');
    expect(f.call).toBeUndefined();
    expect(keys(f.causes)).toEqual(['initiator_cause_page_close_threw']);
    expect(render(f.causes[0]!)).toContain('ws.close(1001) threw InvalidAccessError');
  });

  it('a close() made while already CLOSING did not start the close', () => {
    const late = call({ time: T0 + 2001, code: 1000, readyState: 2 });
    const f = infer(facts({ ...open, closeCalls: [late], close: { time: T0 + 2002, code: 1012, reason: '', wasClean: true } }));
    expect(f.initiator).toBe('server');
  });

  it('a 1001 that came before pagehide is still the server', () => {
    const f = infer(facts({ ...open, pageHiddenAt: T0 + 3000, close: { time: T0 + 2000, code: 1001, reason: '', wasClean: true } }));
    expect(f.initiator).toBe('server');
  });
});

describe('page', () => {
  it('close(1000) before the close event is the page, and shows the call', () => {
    const c = call({ time: T0 + 1000, code: 1000 });
    const f = infer(facts({ ...open, closeCalls: [c], close: { time: T0 + 1010, code: 1000, reason: '', wasClean: true } }));
    expect(f.initiator).toBe('page');
    expect(f.call).toBe(c);
    expect(f.causes).toEqual([]);
    expect(render(f.summary)).toBe('Closed by your page: ws.close(1000)');
  });

  it('close(4000, "bye")', () => {
    const c = call({ time: T0 + 1000, code: 4000, reason: 'bye' });
    const f = infer(facts({ ...open, closeCalls: [c], close: { time: T0 + 1010, code: 4000, reason: 'bye', wasClean: true } }));
    expect(f.initiator).toBe('page');
    expect(render(f.summary)).toBe('Closed by your page: ws.close(4000, "bye")');
  });

  it('close() with no code expects 1005 and explains a different answer', () => {
    const c = call({ time: T0 + 1000 });
    const same = infer(facts({ ...open, closeCalls: [c], close: { time: T0 + 1010, code: 1005, reason: '', wasClean: true } }));
    expect(render(same.summary)).toBe('Closed by your page: ws.close()');
    expect(same.causes).toEqual([]);
    const other = infer(facts({ ...open, closeCalls: [c], close: { time: T0 + 1010, code: 1000, reason: '', wasClean: true } }));
    expect(other.initiator).toBe('page');
    expect(render(other.causes[0]!)).toContain('reports 1000, not 1005');
  });

  it('close() while CONNECTING is the page even though error and 1006 follow', () => {
    const c = call({ time: T0 + 5, code: 1000, readyState: 0 });
    const f = infer(facts({ closeCalls: [c], errorAt: T0 + 6, close: { time: T0 + 7, code: 1006, reason: '', wasClean: false } }));
    expect(f.initiator).toBe('page');
    expect(f.everOpened).toBe(false);
    expect(keys(f.causes)).toEqual(['initiator_cause_close_while_connecting']);
  });

  it('a close(4000) the server never answered ends in 1006', () => {
    const c = call({ time: T0 + 1000, code: 4000 });
    const f = infer(facts({ ...open, closeCalls: [c], close: { time: T0 + 31000, code: 1006, reason: '', wasClean: false } }));
    expect(f.initiator).toBe('page');
    expect(keys(f.causes)).toEqual(['initiator_cause_no_close_reply']);
  });

  it('close() in a pagehide handler with no close event is the page', () => {
    const c = call({ time: T0 + 2001, code: 1000 });
    const f = infer(facts({ ...open, pageHiddenAt: T0 + 2000, closeCalls: [c] }));
    expect(f.initiator).toBe('page');
    expect(f.call).toBe(c);
  });
});

describe('browser (inferred)', () => {
  it('pagehide with no close event', () => {
    const f = infer(facts({ ...open, pageHiddenAt: T0 + 2000 }));
    expect(f.initiator).toBe('browser');
    expect(f.inferred).toBe(true);
    expect(f.everOpened).toBe(true);
    expect(keys(f.causes)).toContain('initiator_cause_page_unloaded');
    expect(keys(f.causes)).toContain('initiator_cause_close_unseen');
  });

  it('pagehide then 1001', () => {
    const f = infer(facts({ ...open, pageHiddenAt: T0 + 2000, close: { time: T0 + 2080, code: 1001, reason: '', wasClean: true } }));
    expect(f.initiator).toBe('browser');
    expect(f.inferred).toBe(true);
    expect(render(f.summary)).toBe('Inferred: your page navigated away; the browser sent 1001');
    expect(keys(f.causes)).not.toContain('initiator_cause_close_unseen');
  });

  it('a non-1001 close after pagehide is not the browser', () => {
    const f = infer(facts({ ...open, pageHiddenAt: T0 + 2000, close: { time: T0 + 2050, code: 4000, reason: 'bye', wasClean: true } }));
    expect(f.initiator).toBe('server');
  });

  it('pagehide while still connecting', () => {
    const f = infer(facts({ pageHiddenAt: T0 + 10 }));
    expect(f.initiator).toBe('browser');
    expect(f.everOpened).toBe(false);
  });
});

describe('failure', () => {
  it('error before open: the connection never opened', () => {
    const f = infer(facts({ errorAt: T0 + 30, close: { time: T0 + 31, code: 1006, reason: '', wasClean: false } }));
    expect(f.initiator).toBe('failure');
    expect(f.everOpened).toBe(false);
    expect(render(f.summary)).toBe('Connection failed before it opened');
    expect(keys(f.causes)).toEqual([
      'initiator_cause_server_unreachable',
      'initiator_cause_wrong_url',
      'initiator_cause_handshake_rejected',
      'initiator_cause_tls_or_proxy',
      'initiator_cause_blocked_by_page_policy',
    ]);
    expect(render(f.causes[2]!)).toMatch(/401.*403.*404/);
  });

  it('error after open then 1006 lists invalid UTF-8 from the server', () => {
    const f = infer(facts({ ...open, frames: [frame(1, T0 + 100), frame(2, T0 + 200)], errorAt: T0 + 300, close: { time: T0 + 301, code: 1006, reason: '', wasClean: false } }));
    expect(f.initiator).toBe('failure');
    expect(f.everOpened).toBe(true);
    expect(f.inferred).toBe(false);
    expect(f.summary.key).toBe('initiator_failure_after_open');
    expect(keys(f.causes)).toContain('initiator_cause_invalid_utf8_from_server');
    const text = render(f.causes.find((m) => m.key === 'initiator_cause_invalid_utf8_from_server')!);
    expect(text).toContain('1006, not 1007');
    expect(text).toContain('1002');
  });

  it('1006 without an error event is a drop, not the invalid-UTF-8 pattern', () => {
    const f = infer(facts({ ...open, frames: [frame(1, T0 + 100)], close: { time: T0 + 400, code: 1006, reason: '', wasClean: false } }));
    expect(f.initiator).toBe('failure');
    expect(f.summary.key).toBe('initiator_failure_dropped');
    expect(keys(f.causes)).toEqual(['initiator_cause_dropped']);
  });

  it('a long silence before the drop puts an idle timeout first', () => {
    const f = infer(facts({ ...open, frames: [frame(1, T0 + 100), frame(2, T0 + 200, 'out')], close: { time: T0 + 90_200, code: 1006, reason: '', wasClean: false } }));
    expect(f.causes[0]).toEqual({ key: 'initiator_cause_idle_timeout', subs: ['90'] });
  });
});

describe('not yet decidable', () => {
  it('open socket, page still there', () => {
    expect(inferInitiator(facts({ ...open, frames: [frame(1, T0 + 60)] }))).toBeUndefined();
  });
  it('page called close() but the close event has not come yet', () => {
    expect(inferInitiator(facts({ ...open, closeCalls: [call({ time: T0 + 100, code: 1000 })] }))).toBeUndefined();
  });
});

describe('formatCloseCall', () => {
  it('quotes the reason as code', () => {
    expect(formatCloseCall({ code: 4000, reason: 'say "hi"' })).toBe('ws.close(4000, "say \\"hi\\"")');
    expect(formatCloseCall({ reason: 'x' })).toBe('ws.close(undefined, "x")');
    expect(formatCloseCall({})).toBe('ws.close()');
  });
  it('shows lone surrogates escaped and never splits a pair when shortening', () => {
    expect(formatCloseCall({ code: 4000, reason: 'a\uD800' })).toBe('ws.close(4000, "a\\ud800")');
    const long = formatCloseCall({ code: 4000, reason: '😀'.repeat(60) });
    expect(long).toContain('…');
    expect(long.isWellFormed()).toBe(true);
    expect(long.length).toBeLessThan(120);
  });
});

describe('locales', () => {
  const source = readFileSync(new URL('../../src/diagnosis/close-initiator.ts', import.meta.url), 'utf8');
  const placeholderNames = (e: Bundle[string]) => Object.keys(e.placeholders ?? {}).sort();

  it('every returned message exists in en and ru with a substitution per placeholder', () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const m of seen) {
      for (const bundle of [en, ru]) {
        const entry = bundle[m.key];
        expect(entry, m.key).toBeDefined();
        expect(m.subs?.length ?? 0, m.key).toBe(placeholderNames(entry!).length);
        expect(render(m, bundle)).not.toMatch(/\$/);
      }
    }
  });

  it('en and ru have the same keys and placeholders, all used by the code', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries(en)) {
      // The fragment also holds the misuse_ keys of page-misuse.ts, which its own test checks against its source.
      expect(key).toMatch(/^(initiator|misuse)_[a-z0-9_]+$/);
      if (key.startsWith('initiator_')) expect(source, key).toContain(`'${key}'`);
      const other = ru[key]!;
      expect(other.placeholders, key).toEqual(entry.placeholders);
      for (const e of [entry, other]) {
        const used = [...e.message.matchAll(/\$([a-z0-9_]+)\$/gi)].map((x) => x[1]!.toLowerCase());
        expect([...new Set(used)].sort(), key).toEqual(placeholderNames(e));
        const contents = Object.values(e.placeholders ?? {}).map((p) => p.content).sort();
        expect(contents, key).toEqual(contents.map((_, i) => `$${i + 1}`));
      }
    }
  });
});
