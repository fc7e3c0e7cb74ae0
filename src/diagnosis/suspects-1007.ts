// When a server closes with 1007 (invalid payload data), the frames the page sent
// just before are the suspects. A browser cannot put invalid UTF-8 on the wire,
// so the cause is either text the browser silently changed (lone surrogates sent
// as U+FFFD), text the server rejects by its own rules (many servers use 1007 for
// malformed JSON), binary data pushed through a text frame, or, rarely, a binary
// frame where the server wanted text. This ranks the candidates in that order.

import type { FrameFact } from './facts';
import { msg, type Msg } from './message';
import { analyzeOutgoingText, type TextAnalysis } from './outgoing-text';

export type SuspectTier = 'utf8' | 'json' | 'binary-text' | 'binary-frame' | 'plain';

export interface Suspect {
  seq: number;
  score: number;
  reasons: Msg[];
  /** The strongest finding, for the panel's icon. */
  tier: SuspectTier;
}

// Tier weights are far apart so a weaker cause never outranks a stronger one,
// whatever the recency: the best non-UTF-8 score (invalid JSON 550 + binary
// text 300 + recency 10) stays below a UTF-8 problem (1000), and a JSON problem
// (500) above any binary-text one (300 + 10).
const SCORE = {
  utf8: 1000,
  invalidJson: 550,
  notJson: 500,
  binaryTextHigh: 300,
  binaryTextMedium: 200,
  binaryFrame: 50,
  /** The newest candidate gets this much, the oldest almost nothing: recency only breaks ties. */
  recency: 10,
} as const;

/** The connection speaks JSON when at least this many other text frames are JSON… */
const JSON_MIN_OTHERS = 2;
/** …and at least this share of them (heartbeats such as "ping" are discounted, see below). */
const JSON_MIN_SHARE = 0.75;

const DEFAULT_LIMIT = 10;

function startsLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

/** A JSON object or array: what "a JSON protocol" sends. Bare numbers or strings do not establish one. */
function isJsonContainer(text: string): boolean {
  if (!startsLikeJson(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function knownText(f: FrameFact): string | undefined {
  return !f.binary && f.textComplete !== false ? f.text : undefined;
}

/**
 * The page's frames most likely to have caused a 1007 close, most suspect first.
 * `frames` are all frames of the connection, oldest first; only outgoing frames
 * the browser actually sent (not discarded) at or before the close are candidates.
 */
export function rank1007Suspects(
  frames: FrameFact[],
  close: { time: number },
  limit: number = DEFAULT_LIMIT,
): Suspect[] {
  const candidates = frames.filter((f) => f.dir === 'out' && !f.discarded && f.time <= close.time);
  if (candidates.length === 0 || limit <= 0) return [];

  // A non-JSON text sent more than once did not make the server close the first
  // time: it is a protocol convention (a heartbeat), neither suspect nor a vote
  // against the connection speaking JSON.
  const textCounts = new Map<string, number>();
  const isJson = new Map<FrameFact, boolean>();
  for (const f of candidates) {
    const t = knownText(f);
    if (t === undefined) continue;
    textCounts.set(t, (textCounts.get(t) ?? 0) + 1);
    isJson.set(f, isJsonContainer(t));
  }
  let jsonFrames = 0;
  let votingFrames = 0;
  for (const [f, json] of isJson) {
    const t = knownText(f);
    if (json) jsonFrames++;
    else if (t !== undefined && (textCounts.get(t) ?? 0) > 1) continue;
    votingFrames++;
  }

  const n = candidates.length;
  const last = candidates[n - 1];
  const suspects: Suspect[] = candidates.map((f, position) => {
    const reasons: Msg[] = [];
    let score = SCORE.recency * ((position + 1) / n);
    let tier: SuspectTier = 'plain';

    if (f.binary) {
      score += SCORE.binaryFrame;
      tier = 'binary-frame';
      reasons.push(msg('suspect_binary_frame'));
    } else {
      const analysis: TextAnalysis | undefined = f.text !== undefined ? analyzeOutgoingText(f.text) : undefined;

      if (f.illFormed || (analysis && !analysis.wellFormed)) {
        score += SCORE.utf8;
        tier = 'utf8';
        const first = analysis?.signals.find((g) => g.kind === 'lone-surrogate');
        if (analysis && analysis.loneSurrogateCount > 0 && first?.firstIndex !== undefined) {
          reasons.push(msg('suspect_lone_surrogates', analysis.loneSurrogateCount, first.firstIndex));
        } else {
          reasons.push(msg('suspect_ill_formed'));
        }
      }

      const t = knownText(f);
      if (t !== undefined && isJson.get(f) === false && (textCounts.get(t) ?? 0) === 1) {
        const others = jsonFrames;
        const voters = votingFrames - 1;
        if (others >= JSON_MIN_OTHERS && others >= JSON_MIN_SHARE * voters) {
          const broken = startsLikeJson(t);
          score += broken ? SCORE.invalidJson : SCORE.notJson;
          if (tier === 'plain') tier = 'json';
          reasons.push(msg(broken ? 'suspect_invalid_json' : 'suspect_not_json', others));
        }
      }

      if (analysis?.binaryInText) {
        const strong = analysis.signals.some((g) => g.kind !== 'lone-surrogate' && g.confidence === 'high');
        score += strong ? SCORE.binaryTextHigh : SCORE.binaryTextMedium;
        if (tier === 'plain') tier = 'binary-text';
        reasons.push(msg('suspect_binary_text'));
        for (const g of analysis.signals) {
          if (g.kind !== 'lone-surrogate' && g.confidence !== 'low') reasons.push(g.reason);
        }
      }

      if (f.textComplete === false && tier === 'plain') reasons.push(msg('suspect_text_preview_only'));
    }

    const before = Math.max(0, Math.round(close.time - f.time));
    reasons.push(msg(f === last ? 'suspect_last_before_close' : 'suspect_sent_before_close', before));
    return { seq: f.seq, score, reasons, tier };
  });

  suspects.sort((a, b) => b.score - a.score || b.seq - a.seq);
  return suspects.slice(0, limit);
}
