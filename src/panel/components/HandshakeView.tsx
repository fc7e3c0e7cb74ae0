// The connection's handshake, as the browser's network side saw it: what the page
// asked for (subprotocols, and the extensions the browser offered), what the server
// chose, and every request and response header, credentials hidden. Only sockets
// created while a panel watched the tab have the browser's record; the rest show
// what the page's side knows.
import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Conn, Store } from '../store';
import { t } from '../i18n';
import { visiblePreview } from '../format';
import { headerList, headerValue, isWireRequest, type HeaderPair } from '../../protocol/handshake-headers';

function Headers({ title, list, leftOut, empty, testid }: { title: string; list: readonly HeaderPair[]; leftOut: number | undefined; empty: string; testid: string }) {
  return (
    <>
      <h4>{title}</h4>
      {list.length === 0 ? (
        <div class="muted small">{empty}</div>
      ) : (
        <dl class="facts headers" data-testid={testid}>
          {list.map(([name, value], i) => (
            <Fragment key={i}>
              <dt>{name}</dt>
              {value === null ? (
                <dd class="muted" data-hidden="true">
                  {t('handshake_hidden_value')}
                </dd>
              ) : (
                <dd>{visiblePreview(value, 2048)}</dd>
              )}
            </Fragment>
          ))}
        </dl>
      )}
      {leftOut !== undefined && <div class="muted small">{t('handshake_headers_left_out', leftOut)}</div>}
    </>
  );
}

export function HandshakeView({ store, c }: { store: Store; c: Conn }) {
  useEffect(() => store.showingHandshake(c), [c.key]);
  const f = c.facts;
  const rec = store.handshakeShownOf(c);
  // An imported view's store holds a file's entries, never the browser's records.
  const file = store.readOnly;
  const requested = store.requestedOf(c);
  const opened = f.openedAt !== undefined;
  const offered = headerValue(rec?.requestHeaders, 'Sec-WebSocket-Extensions');
  const accepted = opened ? f.extensions : headerValue(rec?.responseHeaders, 'Sec-WebSocket-Extensions');
  const status = rec?.statusLine ?? (rec?.statusCode !== undefined ? String(rec.statusCode) : opened ? t('handshake_status_opened') : t('handshake_status_none'));
  const none = t('handshake_none');
  const noHeaders = file ? t('handshake_no_headers_file') : t('handshake_no_headers');
  const notes: string[] = [];
  if (requested === null) notes.push(t('handshake_note_requested_unknown'));
  if (opened && requested && requested.length > 0 && !f.protocol) notes.push(t('handshake_note_no_protocol'));
  if (opened && f.protocol && requested && requested.length > 0 && !requested.includes(f.protocol)) notes.push(t('handshake_note_unrequested_protocol', f.protocol));
  if (!file && rec?.requestHeaders && !isWireRequest(rec.requestHeaders)) notes.push(t('handshake_note_early_request'));
  if (accepted && headerList(accepted).some((x) => x.toLowerCase().startsWith('permessage-deflate'))) notes.push(t('handshake_note_deflate'));

  return (
    <div class="cv-diagnosis hs-view" data-testid="handshake-view">
      <dl class="facts">
        <dt>{t('handshake_status')}</dt>
        <dd data-testid="hs-status">{visiblePreview(status)}</dd>
        <dt>{t('handshake_requested')}</dt>
        <dd data-testid="hs-requested">
          {requested !== null
            ? requested.length
              ? visiblePreview(requested.join(', '))
              : none
            : // A browser opens a socket only on a subprotocol the page asked for: that one, at least, is known.
              opened && f.protocol
              ? t('handshake_requested_at_least', visiblePreview(f.protocol))
              : t('handshake_requested_unknown')}
        </dd>
        <dt>{t('handshake_chosen')}</dt>
        <dd data-testid="hs-chosen">{opened ? (f.protocol ? visiblePreview(f.protocol) : none) : t('handshake_not_open')}</dd>
        {isWireRequest(rec?.requestHeaders) && (
          <>
            <dt>{t('handshake_ext_offered')}</dt>
            <dd data-testid="hs-ext-offered">{offered ? visiblePreview(offered) : none}</dd>
          </>
        )}
        <dt>{t('handshake_ext_accepted')}</dt>
        <dd data-testid="hs-ext-accepted">{accepted ? visiblePreview(accepted) : opened || rec ? none : t('handshake_not_open')}</dd>
      </dl>
      {notes.map((n, i) => (
        <p key={i} class="muted" data-testid="hs-note">
          {n}
        </p>
      ))}
      {rec ? (
        <>
          {rec.requestHeaders && <Headers title={t('handshake_request_headers')} list={rec.requestHeaders} leftOut={rec.requestHeadersLeftOut} empty={noHeaders} testid="hs-request-headers" />}
          {rec.responseHeaders && <Headers title={t('handshake_response_headers')} list={rec.responseHeaders} leftOut={rec.responseHeadersLeftOut} empty={noHeaders} testid="hs-response-headers" />}
        </>
      ) : (
        <p class="muted" data-testid="hs-no-record">
          {file ? t('handshake_no_record_file') : t('handshake_no_record')}
        </p>
      )}
    </div>
  );
}
