// Outgoing-text analysis runs in the panel, never in the page, and at most once
// per frame: results are cached on the frame object's identity.
import { analyzeOutgoingText, isPlainText, type TextAnalysis } from '../diagnosis/outgoing-text';
import type { PanelFrame } from './store';

const cache = new WeakMap<PanelFrame, TextAnalysis | null>();

export function analysisOf(f: PanelFrame): TextAnalysis | null {
  let a = cache.get(f);
  if (a !== undefined) return a;
  a = f.dir === 'out' && !f.binary && f.text !== undefined ? analyzeOutgoingText(f.text) : null;
  cache.set(f, a);
  return a;
}

/** Flagged: the hook saw lone surrogates (even past the preview), or the analysis found binary-in-text. */
export function isFlagged(f: PanelFrame): boolean {
  if (f.dir !== 'out' || f.binary) return false;
  if (f.illFormed) return true;
  // Most traffic is plain ASCII JSON: answered without an analysis object per frame.
  if (f.text !== undefined && isPlainText(f.text)) return false;
  return analysisOf(f)?.flagged ?? false;
}

const connFlagCache = new WeakMap<PanelFrame[], { n: number; upTo: number; count: number }>();

/** Flagged frames of a connection, counted incrementally as frames arrive. */
export function flaggedCount(frames: PanelFrame[], start: number): number {
  let e = connFlagCache.get(frames);
  if (!e || e.upTo > frames.length || start > e.upTo) e = { n: 0, upTo: start, count: 0 };
  for (let i = e.upTo; i < frames.length; i++) if (isFlagged(frames[i]!)) e.count++;
  e.upTo = frames.length;
  connFlagCache.set(frames, e);
  return e.count;
}
