import { describe, expect, it } from 'vitest';
import { bytesToBase64, bytesToHex, bytesToText, hexRow, hexRowCount, payloadBytes } from '../../src/panel/payload-bytes';
import { hexDump } from '../../src/diagnosis/outgoing-text';
import { delta } from '../../src/panel/format';

const seq = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 255);

describe('payload bytes', () => {
  it('gives a text frame as the UTF-8 bytes on the wire, lone surrogates as EF BF BD', () => {
    expect(bytesToHex(payloadBytes({ binary: false, text: 'a\ud800é' })!)).toBe('61 ef bf bd c3 a9');
    expect(bytesToHex(payloadBytes({ binary: false, text: '👋' })!)).toBe('f0 9f 91 8b');
  });

  it('gives a binary frame as its decoded preview, and null when nothing was kept', () => {
    expect([...payloadBytes({ binary: true, b64: 'AAH/' })!]).toEqual([0, 1, 255]);
    expect(payloadBytes({ binary: true })).toBeNull();
    expect(payloadBytes({ binary: false })).toBeNull();
  });

  it('encodes base64 the same as Node, also past the spread-argument limit', () => {
    for (const n of [0, 1, 2, 3, 100, 70_000]) expect(bytesToBase64(seq(n))).toBe(Buffer.from(seq(n)).toString('base64'));
  });

  it('reads binary as UTF-8 text with U+FFFD for invalid bytes', () => {
    expect(bytesToText(Uint8Array.from([0x68, 0x69, 0xc3, 0x28]))).toBe('hi\ufffd(');
  });
});

describe('hex rows', () => {
  it('counts rows of 16', () => {
    expect([0, 1, 16, 17, 300, 1 << 20].map(hexRowCount)).toEqual([0, 1, 1, 2, 19, 65536]);
  });

  it('draws offset, two groups of eight and the ASCII column, as hexdump -C does', () => {
    const b = Uint8Array.from([...'Hello, WebSocket!\x00\x7f'].map((c) => c.charCodeAt(0)));
    expect(hexRow(b, 0)).toEqual({ offset: '00000000', hex: '48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74', ascii: 'Hello, WebSocket' });
    const last = hexRow(b, 1);
    expect(last.offset).toBe('00000010');
    expect(last.ascii).toBe('!..');
    expect(last.hex.startsWith('21 00 7f ')).toBe(true);
    // A short last row is padded so the ASCII column lines up with the full rows.
    expect(last.hex.length).toBe(hexRow(b, 0).hex.length);
  });

  it('agrees with the diagnosis hex dump byte for byte', () => {
    for (const n of [300, 5, 8, 9]) {
      const b = seq(n);
      const lines = hexDump(b);
      for (let r = 0; r < hexRowCount(b.length); r++) {
        const row = hexRow(b, r);
        expect(`${row.offset}  ${row.hex}  |${row.ascii}|`).toBe(lines[r]);
      }
    }
  });
});

describe('delta', () => {
  it('says the gap with a sign and a unit fit for its size', () => {
    expect(delta(0.42)).toBe('+0.4 ms');
    expect(delta(12.4)).toBe('+12 ms');
    expect(delta(1234)).toBe('+1.234 s');
    expect(delta(125_000)).toBe('+2 min 5 s');
    expect(delta(-3)).toBe('−3.0 ms');
    expect(delta(Number.NaN)).toBe('–');
  });
});
