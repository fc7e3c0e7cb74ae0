// Turns a validated hook batch into what extension messaging carries (Chromium
// serialises runtime messages as JSON): frames packed (see wire-frames.ts), events
// and counters re-created as plain objects of this world.
import type { DocInfo, WireRecords } from '../protocol/extension-messages';
import type { HookBatch } from '../protocol/page-messages';
import { packColumns, type PackedFrames } from '../protocol/wire-frames';

/** A batch ready to go but for its frames' last form: deflated (wire-zip.ts) or with base64 columns. */
export type DraftRecords = Omit<WireRecords, 'frames'> & { frames: PackedFrames };

/** Strings from the page may hold lone surrogates; extension messaging cannot carry them. */
const safe = (s: string) => (s.isWellFormed() ? s : s.toWellFormed());

export function toWire(b: HookBatch, doc: DocInfo): DraftRecords {
  return {
    v: b.v,
    t: b.t,
    doc,
    frames: packColumns(b.frames),
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
