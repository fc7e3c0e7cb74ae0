// The frames of a connection that pass the filter, kept up to date incrementally:
// each render tests only the frames that arrived since the last one, and drops
// matches the memory cap evicted. With a million frames held and a busy socket, a
// full pass per render (the panel renders every 100 ms) would pin the panel.
import type { CompiledFilter } from './frame-filter';
import type { Conn, PanelFrame } from './store';
import { upperBound } from './bounds';

interface State {
  filter: CompiledFilter;
  conn: Conn;
  matches: PanelFrame[];
  /** Sequence number of the last frame tested. */
  lastSeq: number;
}

/** Index of the first held frame with seq > `seq` (frames of a connection are in seq order). */
const firstAfter = (c: Conn, seq: number): number => upperBound(c.frames, seq, (f) => f.seq, c.start);

export function createFilteredFrames() {
  let s: State | null = null;
  return function filtered(c: Conn, filter: CompiledFilter): PanelFrame[] {
    if (!s || s.filter !== filter || s.conn !== c) {
      filter.resetStats();
      s = { filter, conn: c, matches: [], lastSeq: -Infinity };
    }
    const first = c.frames[c.start];
    // Evicted from the front: matches before the first held frame go too.
    if (first) {
      let drop = 0;
      while (drop < s.matches.length && s.matches[drop]!.seq < first.seq) drop++;
      if (drop) s.matches.splice(0, drop);
    } else if (s.matches.length) s.matches = [];
    for (let i = firstAfter(c, s.lastSeq); i < c.frames.length; i++) {
      const f = c.frames[i]!;
      if (filter.test(f)) s.matches.push(f);
      s.lastSeq = f.seq;
    }
    return s.matches;
  };
}

/** The held frame with this sequence number, by binary search. */
export function frameBySeq(c: Conn, seq: number): PanelFrame | undefined {
  const i = firstAfter(c, seq - 1);
  const f = c.frames[i];
  return f && f.seq === seq ? f : undefined;
}
