// After a close the page should answer with a reconnect (1001, 1006, 1012, 1013):
// did it, and how? The verdicts of the socket's reconnect chain in words, and a small
// timeline of its attempts. While the window is open it reads "waiting for
// reconnect…", and the clock turns it into a verdict when the window passes.
import type { Conn, Store } from '../store';
import { t, tm } from '../i18n';
import { now } from '../clock';
import { chainsOf } from '../chains';
import { formatSeconds, type Chain, type ChainAttempt, type Verdict } from '../../diagnosis/reconnect';
import { RECONNECTABLE_CODES } from '../../diagnosis/reconnect-thresholds';

/** Attempts drawn on the timeline: the latest ones, so a storm of hundreds stays a small strip. */
const MAX_MARKS = 40;
/** Attempts spelled out as text under the timeline. */
const MAX_LISTED = 12;

function tone(v: Verdict): string {
  return v.good === true ? 'good' : v.good === false ? 'bad' : 'neutral';
}

function outcomeText(a: ChainAttempt): string {
  const code = a.closeCode !== undefined ? ` (${a.closeCode})` : '';
  return t('reconnect_outcome_' + a.outcome) + code;
}

function Timeline({ chain, index, at }: { chain: Chain; index: number; at: number }) {
  const attempts = chain.attempts;
  const first = attempts[0]!;
  const start = first.endedAt ?? first.createdAt;
  const from = Math.max(1, attempts.length - MAX_MARKS);
  const shown = attempts.slice(from);
  const last = attempts[attempts.length - 1]!;
  const waiting = chain.verdicts.some((v) => v.kind === 'waiting');
  const end = Math.max(last.endedAt ?? last.createdAt, waiting ? at : 0, start + 1);
  const span = end - start;
  const pos = (ms: number) => `${Math.min(100, Math.max(0, ((ms - start) / span) * 100)).toFixed(2)}%`;
  const listed = attempts.slice(Math.max(1, attempts.length - MAX_LISTED));
  return (
    <div class="rc-timeline-wrap">
      <div class="rc-timeline" data-testid="reconnect-timeline" role="img" aria-label={t('reconnect_timeline_label')}>
        <span class="rc-mark rc-origin" style={{ left: '0%' }} title={t('reconnect_timeline_origin', first.closeCode ?? 1006)} />
        {shown.map((a) => {
          const i = attempts.indexOf(a);
          return (
            <span
              key={a.id}
              class={'rc-mark rc-' + a.outcome + (i === index ? ' rc-this' : '')}
              style={{ left: pos(a.createdAt) }}
              title={t('reconnect_attempt_line', i + 1, formatSeconds(a.createdAt - start), outcomeText(a))}
              data-testid="attempt-mark"
              data-outcome={a.outcome}
            />
          );
        })}
        {waiting && <span class="rc-now" style={{ left: pos(at) }} />}
      </div>
      {listed.length > 0 && (
        <ol class="rc-list muted" data-testid="reconnect-attempts" start={attempts.indexOf(listed[0]!) + 1}>
          {listed.map((a) => (
            <li key={a.id} class={attempts.indexOf(a) === index ? 'rc-this' : ''}>
              {t('reconnect_attempt_line', attempts.indexOf(a) + 1, formatSeconds(a.createdAt - start), outcomeText(a))}
              {a.delayMs !== undefined && <span> · {t('reconnect_attempt_delay', formatSeconds(a.delayMs))}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function ReconnectSection({ c, store }: { c: Conn; store: Store }) {
  store.revision.value; // see ConnectionRow
  const code = c.facts.close?.code;
  if (code === undefined || !RECONNECTABLE_CODES.includes(code)) return null;
  const at = now.value; // read only here: other close cards do not re-render on the tick
  const place = chainsOf(store, at).byConn.get(c.key);
  if (!place) return null;
  const { chain, index } = place;
  const verdicts = chain.verdicts;
  const kinds = verdicts.map((v) => v.kind).join(' ');
  return (
    <div class="section reconnect" data-testid="reconnect" data-kinds={kinds} data-attempts={chain.attempts.length}>
      <h4>{t('reconnect_title')}</h4>
      {verdicts.length === 0 && <p class="muted">{t('reconnect_no_verdict')}</p>}
      {verdicts.map((v, i) => (
        <div key={v.kind + i} class={'rc-verdict rc-' + tone(v)} data-testid="reconnect-verdict" data-kind={v.kind} data-good={String(v.good)}>
          <p class="rc-summary">{tm(v.summary)}</p>
          {v.evidence.map((m, j) => (
            <p key={j} class="rc-evidence">
              {tm(m)}
            </p>
          ))}
        </div>
      ))}
      {chain.attempts.length > 1 || verdicts.some((v) => v.kind === 'waiting') ? <Timeline chain={chain} index={index} at={at} /> : null}
      <p class="muted rc-matched">{tm(chain.matchedBy)}</p>
    </div>
  );
}
