// A binary frame read as MessagePack, for the frame detail's tree. Only a whole
// frame (never a cut preview) that decodes to exactly one map or array, with no bytes
// left over, is shown this way: protobuf, images and random bytes almost never do.
// Bounded: binary previews are at most 4 KiB, so only frames that small qualify.
// Values JSON has no word for are shown as strings: bytes as `<n bytes: hex…>`,
// timestamps as ISO dates, 64-bit integers with an `n`, extensions by type and size.
import { decode, ExtData } from '@msgpack/msgpack';
import type { Json, JsonObject } from './json-tree';

const hex = (b: Uint8Array, max = 16) => [...b.subarray(0, max)].map((x) => x.toString(16).padStart(2, '0')).join(' ') + (b.length > max ? ' …' : '');

function toJson(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `<${v.length} bytes: ${hex(v)}>`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '<invalid timestamp>' : v.toISOString();
  if (v instanceof ExtData) return `<extension type ${v.type}: ${v.data.length} bytes>`;
  if (Array.isArray(v)) return v.map(toJson);
  const out: JsonObject = {};
  // defineProperty: a key is data, never a setter (the decoder already refuses "__proto__").
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) Object.defineProperty(out, k, { value: toJson(x), enumerable: true, writable: true, configurable: true });
  return out;
}

/** The tree of `bytes` as one MessagePack map or array, or null when they are not that. */
export function msgpackTree(bytes: Uint8Array): Json[] | JsonObject | null {
  if (bytes.length < 2) return null;
  let v: unknown;
  try {
    v = decode(bytes, { useBigInt64: true, mapKeyConverter: (k) => (typeof k === 'string' || typeof k === 'number' ? k : String(k)) });
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array || v instanceof Date || v instanceof ExtData) return null;
  return toJson(v) as Json[] | JsonObject;
}
