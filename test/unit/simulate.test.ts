// The reconnect simulator's pure parts: the background's validation of panel
// commands, the browser rule an outage becomes, the hook's new event in the
// validator, and what the panel store makes of simulations and outages.
import { describe, expect, it } from 'vitest';
import { outageRule, parseCommand } from '../../src/background/commands';
import { validateEvent } from '../../src/protocol/validate-hook-batch';
import { createStore } from '../../src/panel/store';
import { chainsOf } from '../../src/panel/chains';
import type { BridgeRecords, DocInfo, PanelToBackground } from '../../src/protocol/extension-messages';
import type { HookEvent } from '../../src/protocol/records';
import { PROTOCOL_VERSION } from '../../src/protocol/version';

const V = PROTOCOL_VERSION;
const DOC = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('panel commands, as the background checks them', () => {
  const close = { v: V, t: 'simulate-close', req: 3, frameId: 0, doc: DOC, sock: 2 };
  const outage = { v: V, t: 'simulate-outage', req: 4, frameId: 5, doc: DOC, sock: null, url: 'ws://127.0.0.1:8080/ws/x?token=1', seconds: 5 };

  it('accepts well-formed commands and returns fresh objects', () => {
    const a = parseCommand(close, V);
    expect(a).toEqual({ ok: true, cmd: close });
    expect(a.ok && a.cmd).not.toBe(close);
    expect(parseCommand(outage, V)).toEqual({ ok: true, cmd: outage });
    expect(parseCommand({ v: V, t: 'end-outage', req: 1, endpoint: 'ws://h/p' }, V).ok).toBe(true);
  });

  it('rejects anything else, echoing the request number when there is one', () => {
    const bad: Array<[unknown, string]> = [
      [null, 'malformed'],
      [{ ...close, v: V + 1 }, 'malformed'],
      [{ ...close, req: -1 }, 'malformed'],
      [{ ...close, tabId: 7 }, 'malformed'], // a command never names a tab
      [{ ...close, sock: 0 }, 'malformed'],
      [{ ...close, sock: 1.5 }, 'malformed'],
      [{ ...close, frameId: '0' }, 'malformed'],
      [{ ...close, doc: 'not-a-uuid' }, 'malformed'],
      [{ ...close, t: 'panel-hello' }, 'malformed'],
      [{ ...outage, seconds: 0 }, 'bad-seconds'],
      [{ ...outage, seconds: 301 }, 'bad-seconds'],
      [{ ...outage, seconds: 2.5 }, 'bad-seconds'],
      [{ ...outage, url: 'https://example.com/' + 'a'.repeat(9000) }, 'bad-url'],
      [{ ...outage, url: 'javascript:alert(1)' }, 'bad-url'],
      [{ ...outage, url: 'not a url' }, 'bad-url'],
      [{ ...outage, sock: -3 }, 'malformed'],
    ];
    for (const [raw, error] of bad) {
      const r = parseCommand(raw, V);
      expect(r.ok, JSON.stringify(raw)?.slice(0, 80)).toBe(false);
      if (!r.ok) expect(r.error).toBe(error);
    }
    const r = parseCommand({ ...close, sock: 0 }, V);
    expect(!r.ok && r.req).toBe(3);
  });

  it('types every command the panel can send', () => {
    const m: PanelToBackground = { v: V, t: 'simulate-outage', req: 1, frameId: 0, doc: DOC, sock: 1, url: 'ws://h/p', seconds: 5 };
    expect(parseCommand(m, V).ok).toBe(true);
  });
});

describe('the outage rule', () => {
  const matches = (url: string, target: string) => new RegExp(outageRule(url)!.regexFilter).test(target);

  it('blocks the same origin and path, with any query, in both scheme spellings', () => {
    const url = 'ws://127.0.0.1:8080/ws/script/sim?x=1';
    expect(outageRule(url)!.endpoint).toBe('ws://127.0.0.1:8080/ws/script/sim');
    for (const t of ['ws://127.0.0.1:8080/ws/script/sim', 'ws://127.0.0.1:8080/ws/script/sim?token=abc', 'http://127.0.0.1:8080/ws/script/sim#f'])
      expect(matches(url, t), t).toBe(true);
    for (const t of [
      'ws://127.0.0.1:8080/ws/script/simulate',
      'ws://127.0.0.1:8080/ws/script',
      'wss://127.0.0.1:8080/ws/script/sim',
      'ws://127.0.0.1:8081/ws/script/sim',
      'ws://127.0.0.1:8080/ws/script/sim/x',
      'ws://evil.example/?ws://127.0.0.1:8080/ws/script/sim',
    ])
      expect(matches(url, t), t).toBe(false);
  });

  it('keeps secure endpoints secure and escapes what the regex language would read', () => {
    const url = 'wss://[::1]:9443/a.b+c(d)/$e';
    const r = outageRule(url)!;
    expect(new RegExp(r.regexFilter).test('https://[::1]:9443/a.b+c(d)/$e?q')).toBe(true);
    expect(new RegExp(r.regexFilter).test('wss://[::1]:9443/aXb+c(d)/$e')).toBe(false);
    expect(outageRule('ftp://x/y')).toBeNull();
  });
});

describe('hook events of the simulator', () => {
  it('validates the simulated event and nothing like it', () => {
    const base = { eseq: 0, at: 0, time: 1, sock: 1 };
    expect(validateEvent({ ...base, k: 'simulated', what: 'close' })).toBeNull();
    expect(validateEvent({ ...base, k: 'simulated', what: 'outage' })).not.toBeNull();
    expect(validateEvent({ ...base, k: 'simulated', what: 'close', extra: 1 })).not.toBeNull();
  });
});

describe('the panel store and the simulator', () => {
  const d: DocInfo = { id: DOC, url: 'http://127.0.0.1/', isTop: true, startedAt: 1000 };
  const batch = (events: HookEvent[], eseq0: number): BridgeRecords => ({
    v: V,
    t: 'batch',
    doc: d,
    frames: { fseq0: 0, sock: [], flags: [], size: [], time: [], data: [] },
    events,
    counters: [],
    nextFseq: 0,
    nextEseq: eseq0 + events.length,
    droppedEvents: 0,
  });
  const url = 'ws://h:1/p';
  function store() {
    const s = createStore();
    s.setScheduler((fn) => fn());
    return s;
  }

  it('marks a simulated close, and chains the sockets the outage blocked under the first', () => {
    const s = store();
    s.setOutages([{ endpoint: 'ws://h:1/p', from: 10_000, until: 15_000 }], 10_000);
    let e = 0;
    const ev = (x: Record<string, unknown>) => ({ eseq: e++, at: 0, ...x }) as unknown as HookEvent;
    const events: HookEvent[] = [
      ev({ k: 'create', time: 1_000, sock: 1, url, protocols: null }),
      ev({ k: 'open', time: 1_010, sock: 1, protocol: '', extensions: '' }),
      ev({ k: 'simulated', time: 10_001, sock: 1, what: 'close' }),
      ev({ k: 'close', time: 10_020, sock: 1, code: 1001, reason: 'Simulated by WS Doctor', wasClean: true }),
    ];
    let t = 10_020;
    for (const [i, delay] of [500, 1000, 2000].entries()) {
      t += delay;
      events.push(ev({ k: 'create', time: t, sock: 2 + i, url, protocols: null }), ev({ k: 'error', time: t + 3, sock: 2 + i }), ev({ k: 'close', time: t + 3, sock: 2 + i, code: 1006, reason: '', wasClean: false }));
      t += 3;
    }
    events.push(ev({ k: 'create', time: t + 4000, sock: 5, url, protocols: null }), ev({ k: 'open', time: t + 4010, sock: 5, protocol: '', extensions: '' }));
    s.apply(0, batch(events, 0));
    const conns = s.connections();
    expect(conns.map((c) => Boolean(c.simulatedClose))).toEqual([true, false, false, false, false]);
    expect(conns.map((c) => Boolean(s.blockedBy(c)))).toEqual([false, true, true, true, false]);
    const { chains, byConn } = chainsOf(s, t + 5000);
    expect(chains).toHaveLength(1);
    expect(chains[0]!.attempts.map((a) => a.delayMs === undefined ? null : Math.round(a.delayMs))).toEqual([null, 500, 1000, 2000, 4000]);
    expect(chains[0]!.verdicts[0]!.kind).toBe('exponential');
    expect(byConn.get(conns[3]!.key)?.index).toBe(3);
  });

  it('ends an outage early in its history when the background drops it', () => {
    const s = store();
    s.setOutages([{ endpoint: 'ws://h:1/p', from: 0, until: 100_000 }], 0);
    s.setOutages([], 2_000);
    expect(s.outages.value).toEqual([]);
    s.apply(0, batch([{ k: 'create', eseq: 0, at: 0, time: 3_000, sock: 1, url, protocols: null }], 0));
    expect(s.blockedBy(s.connections()[0]!)).toBeUndefined();
  });

  it('tracks the last command until its result', () => {
    const s = store();
    const sent: unknown[] = [];
    expect(s.sendCommand({ t: 'end-outage', endpoint: 'ws://h/p' }, null)).toBe(false);
    expect(s.command.value?.status).toBe('error');
    s.setSender((m) => (sent.push(m), true));
    expect(s.sendCommand({ t: 'simulate-close', frameId: 0, doc: DOC, sock: 1 }, 'k')).toBe(true);
    const req = s.command.value!.req;
    expect(sent).toEqual([{ v: V, t: 'simulate-close', req, frameId: 0, doc: DOC, sock: 1 }]);
    s.applyControl({ v: V, t: 'command-result', req: req + 1, ok: true });
    expect(s.command.value?.status).toBe('pending');
    s.applyControl({ v: V, t: 'command-result', req, ok: false, error: 'other-document' });
    expect(s.command.value).toMatchObject({ status: 'error', error: 'other-document', conn: 'k' });
  });
});
