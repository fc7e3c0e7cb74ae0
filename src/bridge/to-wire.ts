// Turns a validated hook batch into the JSON-safe form extension messaging needs
// (Chromium serialises runtime messages as JSON): typed-array columns become
// number arrays and binary previews become base64.
import type { DocInfo, BridgeRecords, LoneSurrogateRepairs } from '../protocol/extension-messages';
import type { HookBatch } from '../protocol/page-messages';
import { loneSurrogatePairs } from '../protocol/lone-surrogates';

type WithBase64 = Uint8Array & { toBase64?: () => string };

export function bytesToBase64(buf: ArrayBuffer): string {
  // Copy into this world's Uint8Array first: in Firefox the buffer belongs to the page's compartment.
  const src = new Uint8Array(buf);
  const bytes = new Uint8Array(src.length) as WithBase64;
  bytes.set(src);
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Strings from the page may hold lone surrogates; extension messaging cannot carry them. */
const safe = (s: string) => (s.isWellFormed() ? s : s.toWellFormed());

export function toWire(b: HookBatch, doc: DocInfo): BridgeRecords {
  const f = b.frames;
  const data: Array<string | null> = new Array(f.data.length);
  const repairs: LoneSurrogateRepairs = [];
  for (let i = 0; i < f.data.length; i++) {
    const d = f.data[i];
    if (d === null || d === undefined) data[i] = null;
    else if (typeof d !== 'string') data[i] = bytesToBase64(d);
    else if (d.isWellFormed()) data[i] = d;
    else {
      repairs.push([i, loneSurrogatePairs(d)]);
      data[i] = d.toWellFormed();
    }
  }
  return {
    v: b.v,
    t: b.t,
    doc,
    frames: {
      fseq0: f.fseq0,
      sock: Array.from(f.sock),
      flags: Array.from(f.flags),
      size: Array.from(f.size),
      time: Array.from(f.time),
      data,
      repairs,
    },
    // Re-created in this world: plain objects, no page-world wrappers left in them,
    // and page strings (close reasons, error messages) made well-formed.
    events: b.events.map((e) => {
      const copy: Record<string, unknown> = { ...e };
      for (const k in copy) if (typeof copy[k] === 'string') copy[k] = safe(copy[k] as string);
      return copy as unknown as typeof e;
    }),
    counters: b.counters.map((c) => ({ ...c })),
    nextFseq: b.nextFseq,
    nextEseq: b.nextEseq,
    droppedEvents: b.droppedEvents,
  };
}
