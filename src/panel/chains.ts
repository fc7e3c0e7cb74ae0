// Reconnect chains of the panel's connections (src/diagnosis/reconnect.ts does the
// judging). Computed once per change of the connections' facts, of their first frames
// or of the clock, however many components ask (see chainsOf).
import { buildChains, type Chain } from '../diagnosis/reconnect';
import { RESEND_COMPARE_FRAMES } from '../diagnosis/reconnect-thresholds';
import type { ConnectionFacts, FrameFact } from '../diagnosis/facts';
import type { Conn, Store } from './store';
import { FrameFlag } from '../protocol/records';

export interface ChainPlace {
  chain: Chain;
  /** Index of the connection among the chain's attempts. */
  index: number;
}

export interface Chains {
  chains: Chain[];
  byConn: Map<string, ChainPlace>;
}

/** Frames scanned per socket for the first outgoing text (enough to recognise a resend after 1007). */
const SCAN_FRAMES = 256;

/** The first outgoing text frames only: the chain analysis needs no more, and a socket may hold a million. */
function firstFrames(c: Conn): FrameFact[] {
  const out: FrameFact[] = [];
  const h = c.frames;
  const end = Math.min(h.length, h.start + SCAN_FRAMES);
  for (let i = h.start; i < end && out.length < RESEND_COMPARE_FRAMES; i++) {
    if ((h.flagsAt(i) & (FrameFlag.Out | FrameFlag.Binary)) !== FrameFlag.Out) continue;
    const f = h.at(i);
    if (f.text !== undefined) out.push(f);
  }
  return out;
}

let memo: { store: Store; shape: number; now: number; scanned: number[]; value: Chains } | null = null;

/** Per connection, the range of frames firstFrames reads: the chains change with it, not with later frames. */
function scannedRanges(store: Store): number[] {
  const out: number[] = [];
  for (const c of store.connections()) out.push(c.frames.start, Math.min(c.frames.length, c.frames.start + SCAN_FRAMES));
  return out;
}

const sameNumbers = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Chains of every connection that exists (a constructor that threw made no socket).
 * Recomputed when the connections' facts, their first frames or the clock change:
 * not for every batch of a busy socket (the panel renders 10 times a second).
 */
export function chainsOf(store: Store, now: number): Chains {
  const shape = store.shape();
  const scanned = scannedRanges(store);
  if (memo && memo.store === store && memo.shape === shape && memo.now === now && sameNumbers(memo.scanned, scanned)) return memo.value;
  const facts: ConnectionFacts[] = [];
  for (const c of store.connections()) if (!c.createError && c.facts.url) facts.push({ ...c.facts, frames: firstFrames(c) });
  const chains = buildChains(facts, now);
  const byConn = new Map<string, ChainPlace>();
  for (const chain of chains) chain.attempts.forEach((a, index) => byConn.set(a.id, { chain, index }));
  const value = { chains, byConn };
  memo = { store, shape, now, scanned, value };
  return value;
}
