import { describe, expect, it } from 'vitest';
import {
  CUT_MARK,
  MAX_HANDSHAKE_HEADERS,
  MAX_HEADERS_CHARS,
  MAX_HEADER_VALUE_CHARS,
  cleanHeaders,
  headerList,
  headerValue,
  isWireRequest,
  requestedProtocols,
  validateHeaders,
  type HeaderPair,
} from '../../src/protocol/handshake-headers';

describe('handshake headers from webRequest', () => {
  it('hides credentials, whatever their case, and keeps the rest in order', () => {
    const out = cleanHeaders([
      { name: 'Origin', value: 'http://h' },
      { name: 'cookie', value: 'sid=secret' },
      { name: 'Authorization', value: 'Bearer secret' },
      { name: 'Set-Cookie', value: 'a=secret' },
      { name: 'Proxy-Authorization', value: 'Basic secret' },
      { name: 'Sec-WebSocket-Protocol', value: 'chat' },
    ]);
    expect(out).toEqual([
      ['Origin', 'http://h'],
      ['cookie', null],
      ['Authorization', null],
      ['Set-Cookie', null],
      ['Proxy-Authorization', null],
      ['Sec-WebSocket-Protocol', 'chat'],
    ]);
    expect(JSON.stringify(out)).not.toContain('secret');
  });

  it('caps count and length, drops bad names, blanks binary-only values and control characters', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ name: 'X-' + i, value: String(i) }));
    expect(cleanHeaders(many)).toHaveLength(MAX_HANDSHAKE_HEADERS);
    const [long] = cleanHeaders([{ name: 'X-Long', value: 'a'.repeat(10_000) }])!;
    expect(long![1]).toHaveLength(MAX_HEADER_VALUE_CHARS);
    expect(long![1]!.endsWith(CUT_MARK)).toBe(true);
    expect(cleanHeaders([{ name: 'Bad Name', value: 'v' }, { name: '', value: 'v' }, { name: 7, value: 'v' }, { name: 'X-Bin' }, { name: 'X-Ctl', value: 'a\r\nb\u0000c' }])).toEqual([
      ['X-Bin', ''],
      ['X-Ctl', 'a  b c'],
    ]);
    expect(cleanHeaders(undefined)).toBeUndefined();
    // A list's total is capped too: big headers past the budget are left out whole.
    const big = cleanHeaders(Array.from({ length: 20 }, (_, i) => ({ name: 'X-' + i, value: 'v'.repeat(2000) })))!;
    expect(big.length).toBe(Math.floor(MAX_HEADERS_CHARS / 2003));
    expect(big.every(([, v]) => v!.length === 2000)).toBe(true);
    expect(validateHeaders(big)).toEqual(big);
    expect(validateHeaders(Array.from({ length: 9 }, (_, i) => ['X-' + i, 'v'.repeat(2000)]))).toBeNull();
  });

  it('what the background cleans, the panel accepts; anything else it rejects', () => {
    const clean = cleanHeaders([{ name: 'Cookie', value: 'x' }, { name: 'X-Long', value: 'b'.repeat(5000) }, { name: 'X-Tab', value: 'a\tb' }])!;
    expect(validateHeaders(clean)).toEqual(clean);
    const bad: unknown[] = [
      'Origin: h',
      [['Origin']],
      [['Origin', 'h', 'extra']],
      [['X', null]],
      [['Cookie', 'visible']],
      [['X', 'a\nb']],
      [['X', 'a'.repeat(MAX_HEADER_VALUE_CHARS + 1)]],
      [['X:Y', 'v']],
      Array.from({ length: MAX_HANDSHAKE_HEADERS + 1 }, () => ['X', 'v']),
    ];
    for (const b of bad) expect(validateHeaders(b), JSON.stringify(b).slice(0, 60)).toBeNull();
  });

  it('reads repeated headers joined, ignoring case; hidden values are not read', () => {
    const list: HeaderPair[] = [
      ['Sec-WebSocket-Protocol', 'a, b'],
      ['sec-websocket-protocol', 'c'],
      ['Cookie', null],
    ];
    expect(headerValue(list, 'SEC-WEBSOCKET-PROTOCOL')).toBe('a, b, c');
    expect(headerList(headerValue(list, 'Sec-WebSocket-Protocol'))).toEqual(['a', 'b', 'c']);
    expect(headerValue(list, 'Cookie')).toBeUndefined();
    expect(headerList(' , x ,, y ')).toEqual(['x', 'y']);
  });
});

describe('the subprotocols a page asked for', () => {
  const wire: HeaderPair[] = [
    ['Sec-WebSocket-Key', 'k=='],
    ['Sec-WebSocket-Protocol', 'mqtt, mqttv3.1'],
  ];
  const early: HeaderPair[] = [
    ['Upgrade', 'websocket'],
    ['Origin', 'http://h'],
  ];
  it("the page's own string wins", () => {
    expect(requestedProtocols(['chat'], wire)).toEqual(['chat']);
    expect(requestedProtocols([], wire)).toEqual([]);
  });
  it('a list the hook did not read comes from the request as sent', () => {
    expect(isWireRequest(wire)).toBe(true);
    expect(requestedProtocols(null, wire)).toEqual(['mqtt', 'mqttv3.1']);
    // Sent without the header: the list was empty.
    expect(requestedProtocols(null, [['Sec-WebSocket-Key', 'k==']])).toEqual([]);
  });
  it("Chromium's early request (no key yet) says nothing about them", () => {
    expect(isWireRequest(early)).toBe(false);
    expect(requestedProtocols(null, early)).toBeNull();
    expect(requestedProtocols(null, undefined)).toBeNull();
  });
});
