import { loadBundle, renderMsg, type Bundle } from './fixtures/locale-render';
import { describe, expect, it } from 'vitest';
import { classifyHandshake, hostPort, type HandshakeFacts } from '../../src/diagnosis/handshake';
import { matchByTime, matchHarByOrder, sameRequestUrl, type HarSocketEntry, type SocketRef } from '../../src/diagnosis/handshake-match';
import { validateHandshakeRecord, type HandshakeRecord } from '../../src/protocol/extension-messages';
import { harSocketEntries } from '../../src/panel/har-sockets';
import type { Msg } from '../../src/diagnosis/message';

const load = (lang: 'en' | 'ru'): Bundle => loadBundle('handshake', lang);
const en = load('en');
const ru = load('ru');

const render = (m: Msg, bundle: Bundle = en): string => renderMsg(m, bundle);

const URL_ = 'ws://127.0.0.1:4567/ws/reject?status=403';
const facts = (f: Partial<HandshakeFacts>): HandshakeFacts => ({ url: URL_, ...f });

describe('classifyHandshake', () => {
  it('names the status line Firefox reports, with certainty', () => {
    const v = classifyHandshake(facts({ statusCode: 403, statusLine: 'HTTP/1.1 403 Forbidden', stages: ['request', 'send-headers', 'headers-received', 'error'] }));
    expect(v.kind).toBe('rejected');
    expect(v.confidence).toBe('high');
    expect(render(v.summary)).toBe('The server answered the handshake with 403 Forbidden instead of 101 Switching Protocols');
    expect(render(v.summary, ru)).toContain('403 Forbidden');
    expect(v.hints.map((h) => h.key)).toEqual(['handshake_hint_forbidden']);
  });

  it('falls back to the bare code when the status line is missing or does not match it', () => {
    expect(render(classifyHandshake(facts({ statusCode: 404 })).summary)).toContain(' 404 instead');
    expect(render(classifyHandshake(facts({ statusCode: 500, statusLine: 'HTTP/1.1 200 OK' })).summary)).toContain(' 500 instead');
  });

  it('gives each status family its hint (Chromium reports a 401 status line too)', () => {
    const hint = (code: number) => classifyHandshake(facts({ statusCode: code, error: 'net::ERR_FAILED' })).hints.map((h) => h.key);
    expect(hint(401)).toEqual(['handshake_hint_auth']);
    expect(hint(404)).toEqual(['handshake_hint_not_found']);
    expect(hint(302)).toEqual(['handshake_hint_redirect']);
    expect(hint(502)).toEqual(['handshake_hint_server_error']);
    expect(hint(200)).toEqual(['handshake_hint_not_upgraded']);
    expect(hint(418)).toEqual([]);
  });

  it('a 101 that still failed is the server answering wrongly, not a rejection', () => {
    const v = classifyHandshake(facts({ statusCode: 101, statusLine: 'HTTP/1.1 101 Switching Protocols', stages: ['request', 'completed'] }));
    expect(v.kind).toBe('accepted-then-failed');
    expect(v.confidence).toBe('high');
  });

  it('says connection refused, with host and port, from either browser’s error string', () => {
    for (const error of ['NS_ERROR_CONNECTION_REFUSED', 'net::ERR_CONNECTION_REFUSED']) {
      const v = classifyHandshake(facts({ url: 'ws://127.0.0.1:9/x', error }));
      expect(v.kind).toBe('refused');
      expect(v.confidence).toBe('high');
      expect(render(v.summary)).toBe(`Connection refused: nothing listens at 127.0.0.1:9 (${error})`);
      expect(render(v.summary, ru)).toContain('127.0.0.1:9');
    }
  });

  it('recognises DNS, timeout, reset, TLS, proxy and blocked errors', () => {
    const kind = (error: string) => classifyHandshake(facts({ error })).kind;
    expect(kind('NS_ERROR_UNKNOWN_HOST')).toBe('dns');
    expect(kind('net::ERR_NAME_NOT_RESOLVED')).toBe('dns');
    expect(kind('NS_ERROR_NET_TIMEOUT')).toBe('timeout');
    expect(kind('NS_ERROR_NET_RESET')).toBe('reset');
    expect(kind('net::ERR_EMPTY_RESPONSE')).toBe('reset');
    expect(kind('SEC_ERROR_UNKNOWN_ISSUER')).toBe('tls');
    expect(kind('net::ERR_CERT_AUTHORITY_INVALID')).toBe('tls');
    expect(kind('NS_ERROR_PROXY_CONNECTION_REFUSED')).toBe('proxy');
    expect(kind('net::ERR_BLOCKED_BY_CLIENT')).toBe('blocked');
  });

  it('Chromium’s net::ERR_FAILED alone claims nothing: every possible cause, and the Network panel', () => {
    const v = classifyHandshake(facts({ error: 'net::ERR_FAILED', stages: ['request', 'send-headers', 'error'] }));
    expect(v.kind).toBe('unknown');
    expect(v.confidence).toBe('low');
    expect(render(v.summary)).toContain('net::ERR_FAILED');
    const hints = v.hints.map((h) => render(h)).join(' | ');
    expect(hints).toMatch(/401, 403 or 404/);
    expect(hints).toMatch(/Nothing listens at 127\.0\.0\.1:4567/);
    expect(hints).toMatch(/DNS, TLS or a proxy/);
    expect(hints).toMatch(/Network panel/);
  });

  it('with DevTools’ log, Chromium splits “request sent” from “no connection”, and says it cannot tell more', () => {
    const sent = classifyHandshake(facts({ error: 'net::ERR_FAILED', requestSent: true }));
    expect(sent.kind).toBe('request-sent');
    expect(sent.confidence).toBe('medium');
    expect(render(sent.summary)).toMatch(/sent the handshake request.*401, 403 or 404.*closed the connection/);
    const none = classifyHandshake(facts({ error: 'net::ERR_FAILED', requestSent: false }));
    expect(none.kind).toBe('not-connected');
    expect(none.confidence).toBe('medium');
    expect(render(none.summary)).not.toMatch(/refused/i);
  });

  it('a status or a specific error wins over DevTools’ log', () => {
    expect(classifyHandshake(facts({ statusCode: 401, requestSent: true })).kind).toBe('rejected');
    expect(classifyHandshake(facts({ error: 'NS_ERROR_CONNECTION_REFUSED', requestSent: true })).kind).toBe('refused');
  });

  it('spells default ports out', () => {
    expect(hostPort('wss://example.com/x')).toBe('example.com:443');
    expect(hostPort('ws://example.com/x')).toBe('example.com:80');
    expect(hostPort('ws://[::1]:81/x')).toBe('[::1]:81');
  });
});

describe('matching network records to sockets', () => {
  const sock = (key: string, createdAt: number, url = URL_, end = createdAt + 50): SocketRef => ({ key, url, createdAt, end });
  const rec = (time: number, url = URL_) => ({ url, time });

  it('pairs each socket with the closest record of the same URL, one record each', () => {
    const a = rec(1000);
    const b = rec(1100);
    const m = matchByTime([sock('s1', 1005), sock('s2', 1098)], [b, a]);
    expect(m.get('s1')).toBe(a);
    expect(m.get('s2')).toBe(b);
  });

  it('ignores other URLs and records far outside the socket’s life', () => {
    const m = matchByTime([sock('s1', 10_000)], [rec(10_000, 'ws://127.0.0.1:4567/other'), rec(1000), rec(20_000)]);
    expect(m.has('s1')).toBe(false);
  });

  it('treats http(s) spellings and fragments as the same request URL', () => {
    expect(sameRequestUrl('http://h:1/p?q#f')).toBe(sameRequestUrl('ws://h:1/p?q'));
    expect(sameRequestUrl('https://h/p')).toBe('wss://h/p');
    const m = matchByTime([sock('s1', 5000, 'ws://h:1/p')], [rec(5001, 'http://h:1/p')]);
    expect(m.has('s1')).toBe(true);
  });

  const har = (startedAt: number | null, requestSent: boolean, url = URL_): HarSocketEntry => ({ url, startedAt, requestSent });

  it('aligns DevTools’ entries with sockets newest to newest, even entries without a time', () => {
    const m = matchHarByOrder([sock('old', 1000), sock('new', 5000)], [har(null, false)]);
    expect(m.get('new')?.requestSent).toBe(false);
    expect(m.has('old')).toBe(false);
  });

  it('drops a URL’s pairs when a time disagrees (an entry the hook never saw)', () => {
    const m = matchHarByOrder([sock('a', 1000), sock('b', 5000)], [har(1001, true), har(5001, true), har(60_000, true)]);
    expect(m.size).toBe(0);
  });
});

describe('DevTools HAR entries and handshake records are hostile input', () => {
  it('keeps only websocket entries with a ws(s) URL, and no 1969 time', () => {
    const log = {
      entries: [
        { _resourceType: 'websocket', startedDateTime: '1969-12-31T23:59:59.000Z', request: { url: 'ws://h/x', headers: [] } },
        { _resourceType: 'websocket', startedDateTime: '2026-11-26T03:01:19.158Z', request: { url: 'ws://h/y', headers: [{ name: 'Upgrade', value: 'websocket' }] } },
        { _resourceType: 'script', request: { url: 'http://h/a.js', headers: [] } },
        { _resourceType: 'websocket', request: { url: 'javascript:alert(1)', headers: [] } },
        { _resourceType: 'websocket', request: { url: 'ws://h/' + 'x'.repeat(10_000), headers: [] } },
        null,
      ],
    };
    expect(harSocketEntries(log)).toEqual([
      { url: 'ws://h/x', requestSent: false, startedAt: null },
      { url: 'ws://h/y', requestSent: true, startedAt: Date.parse('2026-11-26T03:01:19.158Z'), requestedProtocols: [] },
    ]);
    expect(harSocketEntries({ entries: 'no' })).toEqual([]);
  });

  const good: HandshakeRecord = { url: URL_, frameId: 0, time: 1, endTime: 2, stages: ['request', 'send-headers', 'error'], error: 'net::ERR_FAILED' };

  it('takes the subprotocols a page passed as a list from the request DevTools logged', () => {
    const headers = [
      { name: 'Sec-WebSocket-Protocol', value: 'mqtt, mqttv3.1' },
      { name: 'Cookie', value: 'secret' },
    ];
    const [e] = harSocketEntries({ entries: [{ _resourceType: 'websocket', startedDateTime: '2026-11-26T03:01:19.158Z', request: { url: 'wss://h/mqtt', headers } }] });
    expect(e!.requestedProtocols).toEqual(['mqtt', 'mqttv3.1']);
  });

  it('accepts a real record with its headers (a hidden credential included) and returns a copy', () => {
    const withHeaders: HandshakeRecord = { ...good, requestHeaders: [['Origin', 'http://h'], ['Cookie', null]], responseHeaders: [['Upgrade', 'websocket']], responseHeadersLeftOut: 3 };
    const v = validateHandshakeRecord(withHeaders, 8192);
    expect(v).toEqual(withHeaders);
    expect(v!.requestHeaders).not.toBe(withHeaders.requestHeaders);
  });

  it('accepts a real record and returns a copy', () => {
    const v = validateHandshakeRecord({ ...good, extra: 'ignored' }, 8192);
    expect(v).toEqual(good);
    expect(v).not.toBe(good);
  });

  it('rejects bad URLs, times, stages, status and over-long or control-character text', () => {
    const bad: unknown[] = [
      null,
      [],
      { ...good, url: 'javascript:alert(1)' },
      { ...good, url: 'ws://h/' + 'x'.repeat(9000) },
      { ...good, time: 3, endTime: 2 },
      { ...good, time: Number.NaN },
      { ...good, stages: [] },
      { ...good, stages: ['request', 'request'] },
      { ...good, stages: ['request', 'bogus'] },
      { ...good, statusCode: 99 },
      { ...good, statusCode: '403' },
      { ...good, statusLine: 'HTTP/1.1 403\n<script>' },
      { ...good, error: 'x'.repeat(201) },
      { ...good, frameId: 1.5 },
      { ...good, requestHeaders: [['Cookie', 'session=1']] },
      { ...good, requestHeaders: [['X', null]] },
      { ...good, responseHeaders: [['Bad Name', 'v']] },
      { ...good, responseHeaders: [['X', 'a\nb']] },
      { ...good, responseHeaders: 'Upgrade: websocket' },
      { ...good, requestHeadersLeftOut: 0 },
      { ...good, responseHeadersLeftOut: 1.5 },
      { ...good, responseHeadersLeftOut: '3' },
    ];
    for (const b of bad) expect(validateHandshakeRecord(b, 8192), JSON.stringify(b)?.slice(0, 80)).toBeNull();
  });
});
