// "The server goes away", on request: Simulate 1001 on the selected live socket, or
// a simulated outage of its endpoint for N seconds. Each control first says what it
// will do, and acts only when the person confirms inside the panel: native confirm()
// and prompt() return at once, unanswered, in a Firefox DevTools panel.
import { useSignal } from '@preact/signals';
import { useKeyedState } from './use-keyed-state';
import type { Conn, Store } from '../store';
import { connState } from '../store';
import { t } from '../i18n';
import { now } from '../clock';
import { endpointKey, formatSeconds } from '../../diagnosis/reconnect';
import { MAX_OUTAGE_SECONDS } from '../../protocol/extension-messages';

const DEFAULT_OUTAGE_SECONDS = 10;

type Asking = 'close' | 'outage' | null;

function errorText(code: string | undefined): string {
  const known = ['offline', 'other-document', 'no-hook', 'no-bridge', 'bad-url', 'bad-seconds', 'malformed', 'no-outage'];
  const key = code !== undefined && known.includes(code) ? code.replace(/-/g, '_') : 'other';
  return t('simulate_error_' + key, code ?? '');
}

function canReach(c: Conn): boolean {
  return !c.previous && !c.doc.gone && !c.createError && c.sock > 0 && /^wss?:/i.test(c.facts.url);
}

export function SimulateControls({ store, c }: { store: Store; c: Conn }) {
  store.revision.value; // see ConnectionRow
  const asking = useKeyedState<Asking>(c.key, () => null);
  const seconds = useSignal(String(DEFAULT_OUTAGE_SECONDS));
  if (!canReach(c)) return null;
  const live = connState(c) === 'open' && !c.simulatedClose;
  const endpoint = endpointKey(c.facts.url);
  const n = Number(seconds.value);
  const secondsOk = Number.isInteger(n) && n >= 1 && n <= MAX_OUTAGE_SECONDS;
  const cmd = store.command.value;
  const mine = cmd && cmd.conn === c.key ? cmd : null;

  const confirm = () => {
    if (asking.value === 'close') {
      store.sendCommand({ t: 'simulate-close', frameId: c.doc.frameId, doc: c.doc.info.id, sock: c.sock }, c.key);
    } else if (asking.value === 'outage' && secondsOk) {
      store.sendCommand(
        { t: 'simulate-outage', frameId: c.doc.frameId, doc: c.doc.info.id, sock: live ? c.sock : null, url: c.facts.url, seconds: n },
        c.key,
      );
    } else return;
    asking.value = null;
  };

  return (
    <div class="sim" data-testid="simulate">
      <div class="sim-buttons">
        <button class="tb-btn sim-btn" disabled={!live || asking.value !== null} title={live ? t('simulate_close_title') : t('simulate_close_needs_open')} onClick={() => (asking.value = 'close')} data-testid="simulate-close">
          {t('simulate_close_button')}
        </button>
        <button class="tb-btn sim-btn" disabled={asking.value !== null} title={t('simulate_outage_title')} onClick={() => (asking.value = 'outage')} data-testid="simulate-outage">
          {t('simulate_outage_button')}
        </button>
        {mine && (
          <span class={'sim-status sim-' + mine.status} data-testid="simulate-status" data-status={mine.status} role="status">
            {mine.status === 'pending'
              ? t('simulate_status_pending')
              : mine.status === 'ok'
                ? t(mine.kind === 'simulate-close' ? 'simulate_status_ok_close' : mine.kind === 'simulate-outage' ? 'simulate_status_ok_outage' : 'simulate_status_ok_end')
                : t('simulate_status_error', errorText(mine.error))}
          </span>
        )}
      </div>
      {asking.value !== null && (
        <div class="sim-confirm" role="dialog" aria-label={t(asking.value === 'close' ? 'simulate_close_button' : 'simulate_outage_button')} data-testid="simulate-confirm" data-kind={asking.value}>
          {asking.value === 'close' ? (
            <p>{t('simulate_close_explain')}</p>
          ) : (
            <>
              <label class="sim-seconds">
                {t('simulate_seconds_label')}{' '}
                <input
                  type="number"
                  min={1}
                  max={MAX_OUTAGE_SECONDS}
                  step={1}
                  value={seconds.value}
                  onInput={(e) => (seconds.value = (e.target as HTMLInputElement).value)}
                  data-testid="simulate-seconds"
                />
              </label>
              <p>{secondsOk ? t('simulate_outage_explain', n, endpoint) : t('simulate_seconds_invalid', MAX_OUTAGE_SECONDS)}</p>
              {live && <p>{t('simulate_outage_explain_live')}</p>}
            </>
          )}
          <p class="muted">{t('simulate_limits')}</p>
          <div class="sim-actions">
            <button class="sim-ok" disabled={asking.value === 'outage' && !secondsOk} onClick={confirm} data-testid="simulate-confirm-ok">
              {t('simulate_confirm')}
            </button>
            <button onClick={() => (asking.value = null)} data-testid="simulate-confirm-cancel">
              {t('simulate_cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** Outages in force for this tab, with a countdown and a way to end them now. */
export function OutageBanners({ store }: { store: Store }) {
  const list = store.outages.value;
  if (!list.length) return null;
  const at = now.value;
  return (
    <>
      {list.map((o) => (
        <div class="banner banner-warn outage" key={o.endpoint + o.from} data-testid="outage-banner" data-endpoint={o.endpoint} role="status">
          {t('simulate_outage_banner', o.endpoint, formatSeconds(Math.max(0, o.until - at)))}{' '}
          <button class="link" onClick={() => store.sendCommand({ t: 'end-outage', endpoint: o.endpoint }, null)} data-testid="outage-end">
            {t('simulate_outage_end')}
          </button>
        </div>
      ))}
    </>
  );
}
