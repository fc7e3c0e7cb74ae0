// A frame's payload as bytes, and the three ways to copy it. Text frames become
// the bytes the browser puts on the wire (lone surrogates as EF BF BD), so "copy
// as hex" shows what the server really received, not what the page meant.
import { wireBytes } from '../diagnosis/outgoing-text';
import { base64ToBytes } from './format';

export const HEX_ROW_BYTES = 16;

export interface PayloadSource {
  binary: boolean;
  text?: string;
  b64?: string;
}

/** The held payload's bytes (a preview when the frame was truncated), or null when none was kept. */
export function payloadBytes(f: PayloadSource): Uint8Array | null {
  if (f.binary) return f.b64 === undefined ? null : base64ToBytes(f.b64);
  return f.text === undefined ? null : wireBytes(f.text);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `48 65 6c 6c 6f`: pairs separated by spaces, one line. */
export function bytesToHex(b: Uint8Array): string {
  const parts = new Array<string>(b.length);
  for (let i = 0; i < b.length; i++) parts[i] = HEX[b[i]!]!;
  return parts.join(' ');
}

export { bytesToBase64 } from '../protocol/base64';

/** Binary as text the way a UTF-8 reader would see it: invalid sequences become U+FFFD. */
export function bytesToText(b: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(b);
}

export interface HexRow {
  /** Eight hex digits. */
  offset: string;
  /** Sixteen pairs, an extra space after the eighth; a short last row is padded so the ASCII column lines up. */
  hex: string;
  /** Printable ASCII as itself, everything else as '.'. */
  ascii: string;
}

export const hexRowCount = (length: number): number => Math.ceil(length / HEX_ROW_BYTES);

/** Row `row` of a hex view of `b` (rows are drawn lazily, so one at a time). */
export function hexRow(b: Uint8Array, row: number): HexRow {
  const start = row * HEX_ROW_BYTES;
  const end = Math.min(start + HEX_ROW_BYTES, b.length);
  let hex = '';
  let ascii = '';
  for (let i = start; i < start + HEX_ROW_BYTES; i++) {
    if (i > start) hex += i - start === 8 ? '  ' : ' ';
    if (i < end) {
      const v = b[i]!;
      hex += HEX[v];
      ascii += v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '.';
    } else hex += '  ';
  }
  return { offset: start.toString(16).padStart(8, '0'), hex, ascii };
}
