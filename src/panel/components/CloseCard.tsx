// The close card: what the code means, who closed, what to do. 1001 and 1007 get
// the five-section explanation, worded for what was observed.
import type { Conn, PanelFrame, Store } from '../store';
import type { HeldFrames } from '../held-frames';
import { t, tm } from '../i18n';
import { clock, duration, visiblePreview, bytes } from '../format';
import { lookupCloseCode, deepSections } from '../../diagnosis/close-codes';
import { inferInitiator, formatCloseCall } from '../../diagnosis/close-initiator';
import { findMisuse } from '../../diagnosis/page-misuse';
import { rank1007Suspects } from '../../diagnosis/suspects-1007';
import { flaggedCount } from '../analysis-cache';
import { FrameFlag } from '../../protocol/records';
import { ReconnectSection } from './ReconnectSection';
import { frameBySeq } from '../filtered-frames';
import { classifyHandshake } from '../../diagnosis/handshake';

const BEFORE_CLOSE = 5;

/** Outgoing frames the 1007 suspects are ranked among: the last this many before the close. */
const SUSPECT_SCAN = 10_000;

interface CloseFrames {
  /** The last frames at or before the close, oldest first. */
  before: PanelFrame[];
  /** Outgoing frames at or before the close (the last SUSPECT_SCAN), oldest first. */
  outgoing: PanelFrame[];
}

/** One card is on screen at a time: its frames are kept until what they were read from changes. */
let lastRead: { h: HeldFrames; start: number; length: number; closedAt: number; suspects: boolean; frames: CloseFrames } | null = null;

/**
 * The frames the card reads, from the end of the held columns backwards: a connection
 * may hold a million, and only these few become objects.
 */
function closeFrames(h: HeldFrames, closedAt: number, suspects: boolean): CloseFrames {
  const e = lastRead;
  if (e && e.h === h && e.start === h.start && e.length === h.length && e.closedAt === closedAt && e.suspects === suspects) return e.frames;
  const before: PanelFrame[] = [];
  const outgoing: PanelFrame[] = [];
  const scan = suspects ? SUSPECT_SCAN : 0;
  for (let i = h.length - 1; i >= h.start && (before.length < BEFORE_CLOSE || outgoing.length < scan); i--) {
    if (h.timeAt(i) > closedAt) continue;
    const out = (h.flagsAt(i) & FrameFlag.Out) !== 0;
    if (before.length < BEFORE_CLOSE || (out && outgoing.length < scan)) {
      const f = h.at(i);
      if (before.length < BEFORE_CLOSE) before.push(f);
      if (out && outgoing.length < scan) outgoing.push(f);
    }
  }
  const frames = { before: before.reverse(), outgoing: outgoing.reverse() };
  lastRead = { h, start: h.start, length: h.length, closedAt, suspects, frames };
  return frames;
}

function FrameLink({ f, store, children }: { f: PanelFrame; store: Store; children?: preact.ComponentChildren }) {
  return (
    <button class="link" onClick={() => store.revealFrame(f.seq)} data-testid="frame-link" data-seq={f.seq}>
      {f.dir === 'out' ? '↑' : '↓'} #{f.seq} · {clock(f.time)} · {bytes(f.size)}
      {children}
    </button>
  );
}

export function MisuseList({ c, store }: { c: Conn; store: Store }) {
  store.revision.value; // see ConnectionRow
  const list = findMisuse(c.facts);
  if (!list.length) return null;
  return (
    <div class="misuse" data-testid="misuse">
      {list.map((m, i) => (
        <div class="misuse-item" key={i} data-kind={m.kind}>
          <div class="misuse-title">⚠ {tm(m.title)}</div>
          {m.detail.map((d, j) => (
            <div key={j}>{tm(d)}</div>
          ))}
          <div class="fix">
            <strong>{t('panel_fix')}: </strong>
            {tm(m.fix)}
          </div>
        </div>
      ))}
    </div>
  );
}

export function CloseCard({ c, store }: { c: Conn; store: Store }) {
  store.revision.value; // see ConnectionRow
  const f = c.facts;
  const finding = inferInitiator(f);
  if (!f.close && !finding) return null;
  // Without a close event (Chromium never delivers it to a leaving page), the browser's 1001 is inferred.
  const code = f.close?.code ?? 1001;
  const closedAtMs = f.close?.time ?? f.pageHiddenAt ?? Date.now();
  const entry = lookupCloseCode(code);
  const initiator = finding?.initiator ?? 'unknown';
  const lifetime = closedAtMs - (f.openedAt ?? f.createdAt);
  const { before, outgoing } = closeFrames(c.frames, closedAtMs, code === 1007 && f.close !== undefined);
  const suspects = code === 1007 && f.close ? rank1007Suspects(outgoing, f.close) : [];
  const seen = store.handshakeOf(c);
  const handshake =
    seen.record || seen.har
      ? classifyHandshake({ ...seen.record, url: f.url, ...(seen.har && { requestSent: seen.har.requestSent }) })
      : null;
  const deep =
    code === 1001 || code === 1007
      ? deepSections(code, {
          initiator,
          closedAt: clock(closedAtMs, false),
          lifetime: duration(lifetime),
          reason: f.close?.reason || undefined,
          suspectCount: suspects.length,
          illFormedCount: flaggedCount(c.frames),
        })
      : null;
  return (
    <section class={'close-card cat-' + entry.category} data-testid="close-card" data-code={code} data-initiator={initiator}>
      <header>
        <span class={'chip chip-' + entry.category}>{code}</span>
        <strong data-testid="close-name">{t(entry.nameKey)}</strong>
        {finding?.inferred && <span class="badge">{t('panel_inferred')}</span>}
      </header>
      {finding && (
        <p class="initiator" data-testid="initiator">
          {tm(finding.summary)}
        </p>
      )}
      {c.simulatedClose && (
        <p class="warn" data-testid="simulated-note">
          {t('simulate_close_note')}
        </p>
      )}
      {store.blockedBy(c) && (
        <p class="warn" data-testid="blocked-note">
          {t('simulate_blocked_note')}
        </p>
      )}
      {handshake && (
        <div class="section handshake" data-testid="handshake" data-kind={handshake.kind} data-confidence={handshake.confidence}>
          <h4>{t('handshake_title')}</h4>
          <p data-testid="handshake-summary">{tm(handshake.summary)}</p>
          {handshake.hints.map((m, i) => (
            <p key={i} class="muted" data-testid="handshake-hint">
              {tm(m)}
            </p>
          ))}
        </div>
      )}
      <ReconnectSection c={c} store={store} />
      <dl class="facts">
        <dt>{t('panel_closed_at')}</dt>
        <dd>{clock(closedAtMs)}</dd>
        <dt>{t('panel_lifetime')}</dt>
        <dd>{duration(lifetime)}</dd>
        {f.close && (
          <>
            <dt>wasClean</dt>
            <dd data-testid="was-clean">{String(f.close.wasClean)}</dd>
            <dt>{t('panel_reason')}</dt>
            <dd data-testid="close-reason">{f.close.reason ? visiblePreview(f.close.reason, 500) : t('panel_no_reason')}</dd>
          </>
        )}
        {finding?.call && (
          <>
            <dt>{t('panel_page_call')}</dt>
            <dd>
              <code>{formatCloseCall(finding.call)}</code>
            </dd>
          </>
        )}
      </dl>
      {/* A certain handshake verdict replaces the generic guesses. */}
      {finding && finding.causes.length > 0 && handshake?.confidence !== 'high' && (
        <div class="causes" data-testid="causes">
          <h4>{t('panel_likely_causes')}</h4>
          <ul>
            {finding.causes.map((m, i) => (
              <li key={i}>{tm(m)}</li>
            ))}
          </ul>
        </div>
      )}
      {suspects.length > 0 && (
        <div class="suspects" data-testid="suspects">
          <h4>{t('panel_suspects')}</h4>
          <ol>
            {suspects.map((s) => {
              const fr = frameBySeq(c, s.seq);
              return (
                <li key={s.seq} data-seq={s.seq}>
                  {fr && <FrameLink f={fr} store={store} />}
                  <div class="muted">{s.reasons.map(tm).join(' ')}</div>
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {deep ? (
        deep.map((s) => (
          <div class="section" key={s.titleKey} data-testid="close-section">
            <h4>{t(s.titleKey)}</h4>
            {s.body.map((m, i) => (
              <p key={i}>{tm(m)}</p>
            ))}
          </div>
        ))
      ) : (
        <>
          <div class="section" data-testid="close-section">
            <h4>{t('close_section_description')}</h4>
            <p>{t(entry.meaningKey, f.close?.reason ?? '')}</p>
          </div>
          <div class="section" data-testid="close-section">
            <h4>{t('close_section_fix')}</h4>
            <p>{t(entry.fixKey)}</p>
          </div>
        </>
      )}
      {before.length > 0 && (
        <div class="before-close">
          <h4>{t('panel_frames_before_close')}</h4>
          {before.map((x) => (
            <div key={x.seq}>
              <FrameLink f={x} store={store} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
