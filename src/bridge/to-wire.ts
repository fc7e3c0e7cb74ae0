// Turns a validated hook batch into what extension messaging carries (Chromium
// serialises runtime messages as JSON): frames packed (see wire-frames.ts), events
// and counters re-created as plain objects of this world.
import type { DocInfo, WireRecords } from '../protocol/extension-messages';
import type { HookBatch } from '../protocol/page-messages';
import { packFrames } from '../protocol/wire-frames';

/** Strings from the page may hold lone surrogates; extension messaging cannot carry them. */
const safe = (s: string) => (s.isWellFormed() ? s : s.toWellFormed());

export function toWire(b: HookBatch, doc: DocInfo): WireRecords {
  return {
    v: b.v,
    t: b.t,
    doc,
    frames: packFrames(b.frames),
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
