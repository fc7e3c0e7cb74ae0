// Outgoing-text analysis runs in the panel, never in the page. The store makes a
// frame object only when asked, so results are cached by text, not by object: a
// row redrawn on every render is analysed once.
import { analyzeOutgoingText, isPlainText, type TextAnalysis } from '../diagnosis/outgoing-text';
import { FrameFlag } from '../protocol/records';
import type { HeldFrames, PanelFrame } from './held-frames';

const cache = new Map<string, TextAnalysis>();
/**
 * Texts whose analysis is kept (the rows on screen, the frame detail); past it the
 * cache starts over. Few, because each text is a slice that keeps its whole batch's
 * string alive, also after the memory cap evicted the frame.
 */
const CACHED_TEXTS = 256;

function analysisOfText(text: string): TextAnalysis {
  let a = cache.get(text);
  if (a !== undefined) return a;
  a = analyzeOutgoingText(text);
  if (cache.size >= CACHED_TEXTS) cache.clear();
  cache.set(text, a);
  return a;
}

export function analysisOf(f: PanelFrame): TextAnalysis | null {
  return f.dir === 'out' && !f.binary && f.text !== undefined ? analysisOfText(f.text) : null;
}

/** Outgoing text the hook found well-formed: flagged when the analysis finds binary in it. */
function textFlagged(text: string | undefined, cached = true): boolean {
  // Most traffic is plain ASCII JSON: answered without an analysis.
  if (text === undefined || isPlainText(text)) return false;
  return (cached ? analysisOfText(text) : analyzeOutgoingText(text)).flagged;
}

/** Flagged: the hook saw lone surrogates (even past the preview), or the analysis found binary-in-text. */
export function isFlagged(f: PanelFrame): boolean {
  if (f.dir !== 'out' || f.binary) return false;
  return f.illFormed === true || textFlagged(f.text);
}

const connFlagCache = new WeakMap<HeldFrames, { lastSeq: number; count: number }>();

/**
 * Flagged frames seen on a connection, counted incrementally as frames arrive (a
 * frame the memory cap evicted stays counted). Reads the columns: no frame object.
 */
export function flaggedCount(h: HeldFrames): number {
  let e = connFlagCache.get(h);
  if (!e) connFlagCache.set(h, (e = { lastSeq: -Infinity, count: 0 }));
  for (let i = h.indexAfter(e.lastSeq); i < h.length; i++) {
    const fl = h.flagsAt(i);
    // Only outgoing text needs its text read.
    // Each frame is counted once: its analysis is not worth keeping.
    if ((fl & (FrameFlag.Out | FrameFlag.Binary)) === FrameFlag.Out && (fl & FrameFlag.IllFormed || textFlagged(h.textAt(i), false))) e.count++;
    e.lastSeq = h.seqAt(i);
  }
  return e.count;
}
