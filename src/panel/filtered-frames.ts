// The frames of a connection that pass the filter, kept up to date incrementally:
// each render tests only the frames that arrived since the last one, and drops
// matches the memory cap evicted. With a million frames held and a busy socket, a
// full pass per render (the panel renders every 100 ms) would pin the panel.
// Matches are kept as sequence numbers, not frames: the store keeps no object per
// frame, and a filter that matches a million must not make one either.
import type { CompiledFilter } from './frame-filter';
import type { Conn } from './store';
import { FrameCursor, type FrameSeq, type HeldFrames, type PanelFrame } from './held-frames';

interface State {
  filter: CompiledFilter;
  conn: Conn;
  matches: number[];
  /** Sequence number of the last frame tested. */
  lastSeq: number;
}

/** The frames with these sequence numbers (all held), as a FrameSeq. */
function bySeqs(h: HeldFrames, seqs: readonly number[]): FrameSeq {
  return { length: seqs.length, at: (i) => h.at(h.indexOfSeq(seqs[i]!)), timeAt: (i) => h.timeIfHeld(h.indexOfSeq(seqs[i]!)) };
}

export function createFilteredFrames() {
  let s: State | null = null;
  return function filtered(c: Conn, filter: CompiledFilter): FrameSeq {
    if (!s || s.filter !== filter || s.conn !== c) {
      filter.resetStats();
      s = { filter, conn: c, matches: [], lastSeq: -Infinity };
    }
    const h = c.frames;
    // Evicted from the front: matches before the first held frame go too.
    if (h.held > 0) {
      const first = h.seqAt(h.start);
      let drop = 0;
      while (drop < s.matches.length && s.matches[drop]! < first) drop++;
      if (drop) s.matches.splice(0, drop);
    } else if (s.matches.length) s.matches = [];
    const cur = new FrameCursor(h);
    for (let i = h.indexAfter(s.lastSeq); i < h.length; i++) {
      cur.i = i;
      if (filter.test(cur)) s.matches.push(h.seqAt(i));
      s.lastSeq = h.seqAt(i);
    }
    return bySeqs(h, s.matches);
  };
}

/** The held frame with this sequence number, by binary search. */
export function frameBySeq(c: Conn, seq: number): PanelFrame | undefined {
  const i = c.frames.indexOfSeq(seq);
  return i < 0 ? undefined : c.frames.at(i);
}
