import { loadBundle, renderMsg, type Bundle } from './fixtures/locale-render';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CloseCallFact, ConnectionFacts, FrameFact, SendErrorFact } from '../../src/diagnosis/facts';
import type { Msg } from '../../src/diagnosis/message';
import { findMisuse, isScriptCloseCode, utf8ByteLength, type Misuse } from '../../src/diagnosis/page-misuse';

const load = (lang: 'en' | 'ru'): Bundle => loadBundle('close-initiator', lang);
const en = load('en');
const ru = load('ru');

const render = (m: Msg, bundle: Bundle = en): string => renderMsg(m, bundle);

const seen: Msg[] = [];
function find(c: ConnectionFacts): Misuse[] {
  const found = findMisuse(c);
  for (const m of found) seen.push(m.title, ...m.detail, m.fix);
  return found;
}
function only(c: ConnectionFacts): Misuse {
  const found = find(c);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const T0 = 1_700_000_000_000;
function facts(p: Partial<ConnectionFacts>): ConnectionFacts {
  return { id: 's1', url: 'wss://example.test/ws', frameKey: 'top', requestedProtocols: [], createdAt: T0, openedAt: T0 + 40, closeCalls: [], sendErrors: [], frames: [], ...p };
}
const invalidAccess = (code: number) => ({ name: 'InvalidAccessError', message: `The close code must be either 1000, or between 3000 and 4999. ${code} is neither.` });
function closeCall(p: Partial<CloseCallFact>): CloseCallFact {
  return { time: T0 + 500, seq: 7, readyState: 1, ...p };
}
function out(seq: number, time: number, size: number, discarded = false): FrameFact {
  return { seq, dir: 'out', binary: false, size, time, text: 'x'.repeat(size), textComplete: true, ...(discarded ? { discarded } : {}) };
}
function inc(seq: number, time: number): FrameFact {
  return { seq, dir: 'in', binary: false, size: 2, time, text: 'ok', textComplete: true };
}
const keys = (ms: Msg[]) => ms.map((m) => m.key);

describe('close code not allowed', () => {
  it('close(1001) threw InvalidAccessError: explains that the browser sends 1001 and suggests 4001', () => {
    const m = only(facts({ closeCalls: [closeCall({ code: 1001, threw: invalidAccess(1001) })] }));
    expect(m.kind).toBe('close-code-not-allowed');
    expect(m.seq).toBe(7);
    expect(render(m.title)).toBe('ws.close(1001) threw InvalidAccessError: this code cannot be sent from script');
    expect(keys(m.detail)).toEqual(['misuse_close_code_rule', 'misuse_close_code_1001']);
    expect(render(m.fix)).toContain('4001');
  });

  it('close(1007) suggests its private mirror 4007', () => {
    const m = only(facts({ closeCalls: [closeCall({ code: 1007, reason: 'bad json', threw: invalidAccess(1007) })] }));
    expect(m.kind).toBe('close-code-not-allowed');
    expect(m.detail[1]).toEqual({ key: 'misuse_close_code_reserved', subs: ['1007'] });
    expect(m.fix).toEqual({ key: 'misuse_fix_close_code', subs: ['4007', '1007'] });
  });

  it.each([
    [1006, 'misuse_close_code_status_only'],
    [2500, 'misuse_close_code_reserved'],
    [999, 'misuse_close_code_out_of_range'],
    [5000, 'misuse_close_code_out_of_range'],
  ])('close(%i) explains its range', (code, key) => {
    const m = only(facts({ closeCalls: [closeCall({ code, threw: invalidAccess(code) })] }));
    expect(m.detail[1]?.key).toBe(key);
  });

  it('recognises the range even when the hook recorded no exception', () => {
    const m = only(facts({ closeCalls: [closeCall({ code: 1001 })] }));
    expect(m.kind).toBe('close-code-not-allowed');
  });

  it('allowed codes are not misuse', () => {
    expect([1000, 3000, 4000, 4999].every(isScriptCloseCode)).toBe(true);
    expect([999, 1001, 1005, 2999, 5000].some(isScriptCloseCode)).toBe(false);
    expect(find(facts({ closeCalls: [closeCall({ code: 1000 }), closeCall({ code: 4000, reason: 'bye', seq: 8 })] }))).toEqual([]);
  });
});

describe('close reason too long', () => {
  it('42 × "€" is 126 bytes though only 42 characters', () => {
    const reason = '€'.repeat(42);
    const m = only(facts({ closeCalls: [closeCall({ code: 4000, reason, threw: { name: 'SyntaxError', message: 'The close reason must not be greater than 123 UTF-8 bytes.' } })] }));
    expect(m.kind).toBe('close-reason-too-long');
    expect(m.detail[0]).toEqual({ key: 'misuse_close_reason_bytes_chars', subs: [String(Buffer.byteLength(reason)), '42'] });
    expect(render(m.title)).toContain('SyntaxError');
  });

  it('an ASCII reason shows only its byte count', () => {
    const m = only(facts({ closeCalls: [closeCall({ code: 4000, reason: 'a'.repeat(130), threw: { name: 'SyntaxError', message: '' } })] }));
    expect(m.detail[0]).toEqual({ key: 'misuse_close_reason_bytes', subs: ['130'] });
  });

  it('a SyntaxError with a short (capped) recorded reason still counts', () => {
    const m = only(facts({ closeCalls: [closeCall({ code: 4000, reason: 'short', threw: { name: 'SyntaxError', message: '' } })] }));
    expect(m.kind).toBe('close-reason-too-long');
    expect(m.detail[0]?.key).toBe('misuse_close_reason_size_unknown');
  });

  it('a reason over the limit is flagged without a recorded exception', () => {
    expect(only(facts({ closeCalls: [closeCall({ code: 1000, reason: 'я'.repeat(62) })] })).kind).toBe('close-reason-too-long');
    expect(find(facts({ closeCalls: [closeCall({ code: 1000, reason: 'я'.repeat(61) })] }))).toEqual([]);
  });

  it('utf8ByteLength counts like the browser: pairs 4 bytes, lone surrogates 3', () => {
    const samples = ['', 'abc', 'é', '€', '😀', 'a\uD800b', '\uDC00', '\uD83D', '\uD83D\uDE00\uDE00', 'x😀€éa\uDBFF'];
    for (const s of samples) expect(utf8ByteLength(s), JSON.stringify(s)).toBe(Buffer.byteLength(s, 'utf8'));
    expect(utf8ByteLength('a\uD800b')).toBe(5);
  });
});

describe('other close errors', () => {
  it('an unexpected exception is reported with its message', () => {
    const m = only(facts({ closeCalls: [closeCall({ code: 4000, threw: { name: 'TypeError', message: 'Illegal invocation' } })] }));
    expect(m.kind).toBe('close-invalid-other');
    expect(render(m.title)).toBe('ws.close(4000) threw TypeError');
    expect(render(m.detail[0]!)).toContain('Illegal invocation');
  });
});

describe('send errors', () => {
  const connecting = (seq: number, time: number): SendErrorFact => ({
    seq, time, name: 'InvalidStateError', message: "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", readyState: 0,
  });

  it('send() while CONNECTING: one finding for all the calls, with timing', () => {
    const m = only(facts({ openedAt: T0 + 120, sendErrors: [connecting(2, T0 + 3), connecting(3, T0 + 4)] }));
    expect(m.kind).toBe('send-while-connecting');
    expect(m.seq).toBe(2);
    expect(m.detail[0]).toEqual({ key: 'misuse_send_connecting_detail', subs: ['2', 'InvalidStateError', '3'] });
    expect(m.detail[1]).toEqual({ key: 'misuse_send_connecting_opened_later', subs: ['117'] });
    expect(render(m.fix)).toContain('open');
  });

  it('another send() exception', () => {
    const m = only(facts({ sendErrors: [{ seq: 9, time: T0 + 900, name: 'TypeError', message: 'Cannot convert a Symbol value to a string', readyState: 1 }] }));
    expect(m.kind).toBe('send-other-error');
    expect(render(m.title)).toBe('ws.send() threw TypeError');
  });
});

describe('send after close', () => {
  it('lists exactly the discarded frames, across incoming ones, with their bytes', () => {
    const c = facts({
      closeCalls: [closeCall({ seq: 3, time: T0 + 300, code: 1000 })],
      frames: [out(1, T0 + 100, 4), inc(2, T0 + 200), out(4, T0 + 310, 10, true), inc(5, T0 + 311), out(6, T0 + 320, 20, true), out(7, T0 + 330, 5, true)],
      close: { time: T0 + 400, code: 1000, reason: '', wasClean: true },
    });
    const m = only(c);
    expect(m.kind).toBe('send-after-close');
    expect(m.frames).toEqual([4, 6, 7]);
    expect(m.seq).toBe(4);
    expect(m.detail[0]).toEqual({ key: 'misuse_send_after_close_detail', subs: ['3', '35'] });
    expect(m.detail[1]).toEqual({ key: 'misuse_send_after_page_close', subs: ['10', 'ws.close(1000)'] });
    expect(render(m.fix)).toContain('readyState === WebSocket.OPEN');
  });

  it('an outgoing frame that went out splits the runs', () => {
    const found = find(facts({ frames: [out(4, T0 + 1, 1, true), out(5, T0 + 2, 2), out(6, T0 + 3, 3, true), out(8, T0 + 4, 4, true)] }));
    expect(found.map((m) => m.frames)).toEqual([[4], [6, 8]]);
  });

  it('after a server close, the delay counts from the close event', () => {
    const m = only(facts({ close: { time: T0 + 1000, code: 1001, reason: '', wasClean: true }, frames: [out(12, T0 + 1250, 8, true)] }));
    expect(m.detail[1]).toEqual({ key: 'misuse_send_after_closed', subs: ['250', '1001'] });
  });
});

describe('everything together', () => {
  it('findings come out in page order', () => {
    const found = find(facts({
      sendErrors: [{ seq: 1, time: T0 + 1, name: 'InvalidStateError', message: '', readyState: 0 }],
      closeCalls: [closeCall({ seq: 5, time: T0 + 500, code: 1001, threw: invalidAccess(1001) }), closeCall({ seq: 6, time: T0 + 600, code: 1000 })],
      frames: [out(3, T0 + 300, 3), out(7, T0 + 700, 9, true)],
    }));
    expect(found.map((m) => [m.kind, m.seq])).toEqual([
      ['send-while-connecting', 1],
      ['close-code-not-allowed', 5],
      ['send-after-close', 7],
    ]);
  });

  it('a healthy socket has none', () => {
    expect(find(facts({ frames: [out(1, T0 + 50, 3), inc(2, T0 + 60)], closeCalls: [closeCall({ code: 1000 })] }))).toEqual([]);
  });
});

describe('locales', () => {
  const source = readFileSync(new URL('../../src/diagnosis/page-misuse.ts', import.meta.url), 'utf8');
  const placeholderNames = (e: Bundle[string]) => Object.keys(e.placeholders ?? {}).sort();

  it('every returned message exists in en and ru with a substitution per placeholder', () => {
    expect(seen.length).toBeGreaterThan(30);
    for (const m of seen) {
      for (const bundle of [en, ru]) {
        const entry = bundle[m.key];
        expect(entry, m.key).toBeDefined();
        expect(m.subs?.length ?? 0, m.key).toBe(placeholderNames(entry!).length);
        expect(render(m, bundle)).not.toMatch(/\$/);
      }
    }
  });

  it('every misuse_ key in the fragment is used by the code and matches between languages', () => {
    const misuseKeys = Object.keys(en).filter((k) => k.startsWith('misuse_'));
    expect(misuseKeys.length).toBeGreaterThan(20);
    for (const key of misuseKeys) {
      expect(key).toMatch(/^misuse_[a-z0-9_]+$/);
      expect(source, key).toContain(`'${key}'`);
      expect(ru[key]?.placeholders, key).toEqual(en[key]!.placeholders);
    }
  });
});
