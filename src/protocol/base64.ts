// Base64 for binary previews: the bridge encodes each once, and the panel keeps
// them so (slices of one string per batch, decoded only when a person looks, and
// what a HAR holds). The native Uint8Array base64 methods (Chromium 140+, Firefox
// 133+) are used where present.

type NativeB64 = { toBase64?: (this: Uint8Array) => string };
type NativeFromB64 = { fromBase64?: (s: string) => Uint8Array };

export function bytesToBase64(bytes: Uint8Array): string {
  const native = (Uint8Array.prototype as NativeB64).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Throws on anything that is not base64. */
export function base64ToBytes(b64: string): Uint8Array {
  const native = (Uint8Array as unknown as NativeFromB64).fromBase64;
  if (typeof native === 'function') return native(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
