// Turns a validated hook batch into what extension messaging carries: frames packed
// (see wire-frames.ts), events and counters re-created as plain objects of this world.
import type { DocInfo, WireRecords } from '../protocol/extension-messages';
import type { HookBatch } from '../protocol/page-messages';
import { packColumns, type PackedFrames } from '../protocol/wire-frames';

/** A batch ready to go as it is, or with its frames deflated (wire-zip.ts). */
export type DraftRecords = WireRecords & { frames: PackedFrames };

export function toWire(b: HookBatch, doc: DocInfo): DraftRecords {
  return {
    v: b.v,
    t: b.t,
    doc,
    frames: packColumns(b.frames),
    // Re-created in this world: plain objects, no page-world wrappers left in them.
    events: b.events.map((e) => ({ ...e })),
    counters: b.counters.map((c) => ({ ...c })),
    nextFseq: b.nextFseq,
    nextEseq: b.nextEseq,
    droppedEvents: b.droppedEvents,
  };
}
