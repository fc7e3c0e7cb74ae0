import { describe, expect, it } from 'vitest';
import { encode, ExtData } from '@msgpack/msgpack';
import { msgpackTree } from '../../src/panel/msgpack-view';

describe('msgpackTree', () => {
  it('decodes a whole frame that is one map or array into a tree', () => {
    expect(msgpackTree(encode({ type: 2, data: ['chat', { text: 'hi', n: 1.5 }], ok: null }))).toEqual({ type: 2, data: ['chat', { text: 'hi', n: 1.5 }], ok: null });
    expect(msgpackTree(encode([1, 'two', true]))).toEqual([1, 'two', true]);
  });

  it('names what JSON cannot hold: bytes, timestamps, 64-bit integers, extensions, odd keys', () => {
    const bytes = encode({ raw: new Uint8Array([1, 2, 255]), at: new Date(Date.UTC(2026, 10, 26, 8, 0, 0)), big: 2n ** 63n - 1n, ext: new ExtData(42, new Uint8Array(3)) }, { useBigInt64: true });
    expect(msgpackTree(bytes)).toEqual({
      raw: '<3 bytes: 01 02 ff>',
      at: '2026-11-26T08:00:00.000Z',
      big: '9223372036854775807n',
      ext: '<extension type 42: 3 bytes>',
    });
    // A map with an integer key (allowed in MessagePack).
    expect(msgpackTree(Uint8Array.from([0x81, 0x01, 0xa1, 0x61]))).toEqual({ 1: 'a' });
  });

  it('is not fooled by bytes that are not one MessagePack map or array', () => {
    const cases: Array<[string, Uint8Array]> = [
      ['a scalar', encode('just a string')],
      ['a value with bytes left over', Uint8Array.from([...encode([1, 2]), 0x01])],
      ['a cut map', encode({ a: 'long value' }).subarray(0, 6)],
      ['protobuf-like bytes', Uint8Array.from([0x08, 0x96, 0x01, 0x12, 0x03, 0x61, 0x62, 0x63])],
      ['a counting pattern', Uint8Array.from({ length: 300 }, (_, i) => i & 255)],
      ['one byte', Uint8Array.from([0x90])],
      ['a __proto__ key', Uint8Array.from([0x81, 0xa9, ...new TextEncoder().encode('__proto__'), 0x01])],
    ];
    for (const [what, b] of cases) expect(msgpackTree(b), what).toBeNull();
  });
});
