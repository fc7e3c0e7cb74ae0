import { describe, expect, it } from 'vitest';
import { unframe } from '../../src/panel/message-framing';
import { parseForTree } from '../../src/panel/json-tree';

describe('unframe: Socket.IO over Engine.IO', () => {
  it('names the packet and finds the JSON after the digits', () => {
    expect(unframe('42["chat",{"text":"hi"}]')).toEqual({
      kind: 'socket.io',
      prefix: '42',
      name: 'Socket.IO EVENT',
      namespace: null,
      ackId: null,
      body: '["chat",{"text":"hi"}]',
    });
    expect(unframe('0{"sid":"abc","pingInterval":25000}')).toMatchObject({ prefix: '0', name: 'Engine.IO OPEN' });
    expect(unframe('40{"sid":"x"}')).toMatchObject({ prefix: '40', name: 'Socket.IO CONNECT' });
    expect(unframe('44{"message":"not authorized"}')).toMatchObject({ name: 'Socket.IO CONNECT_ERROR' });
  });

  it('reads a namespace, an ack id and a binary attachment count', () => {
    expect(unframe('42/admin,17["kick",{"id":3}]')).toMatchObject({ prefix: '42/admin,17', namespace: '/admin', ackId: 17, body: '["kick",{"id":3}]' });
    expect(unframe('4312[{"ok":true}]')).toMatchObject({ name: 'Socket.IO ACK', ackId: 12 });
    expect(unframe('451-["upload",{"_placeholder":true,"num":0}]')).toMatchObject({ name: 'Socket.IO BINARY_EVENT', prefix: '451-' });
  });

  it('leaves alone what is not that framing', () => {
    for (const s of ['2', '3', '42', '42 is the answer', '4x["a"]', '72["a"]', '42["unclosed"', '12["a"]', '{"a":1}', '42"scalar"', '']) expect(unframe(s), s).toBeNull();
  });
});

describe('unframe: SignalR JSON hub protocol', () => {
  it('splits records ended by U+001E', () => {
    expect(unframe('{"protocol":"json","version":1}\u001e')).toEqual({ kind: 'signalr', records: ['{"protocol":"json","version":1}'] });
    expect(unframe('{"type":6}\u001e{"type":1,"target":"Send","arguments":["x"]}\u001e')).toEqual({
      kind: 'signalr',
      records: ['{"type":6}', '{"type":1,"target":"Send","arguments":["x"]}'],
    });
  });

  it('wants every record to be JSON and the last one ended', () => {
    expect(unframe('{"type":6}\u001e{"type":1}')).toBeNull();
    expect(unframe('{"type":6}\u001enope\u001e')).toBeNull();
    expect(unframe('\u001e')).toBeNull();
  });
});

describe('parseForTree with framing', () => {
  it('gives the tree of the JSON inside, and says which framing it was in', () => {
    const r = parseForTree('42/chat,["msg",{"a":[1,2]}]', true);
    expect(r).toMatchObject({ kind: 'tree', value: ['msg', { a: [1, 2] }], framing: { kind: 'socket.io', namespace: '/chat' } });
    const one = parseForTree('{"type":1,"target":"Send"}\u001e', true);
    expect(one).toMatchObject({ kind: 'tree', value: { type: 1, target: 'Send' }, framing: { kind: 'signalr' } });
    const two = parseForTree('{"type":6}\u001e{"type":6}\u001e', true);
    expect(two).toMatchObject({ kind: 'tree', value: [{ type: 6 }, { type: 6 }] });
  });

  it('never unwraps a cut preview, and plain JSON carries no framing', () => {
    expect(parseForTree('42["msg",{"a":1}]', false).kind).toBe('not-json');
    expect(parseForTree('{"type":1}\u001e', false)).toEqual({ kind: 'cut', units: 11 });
    expect(parseForTree('{"a":1}', true)).toEqual({ kind: 'tree', value: { a: 1 } });
  });
});
