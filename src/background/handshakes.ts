// Watches the WebSocket handshakes of the tabs a panel inspects, through webRequest,
// and hands each finished one to the relay as a HandshakeRecord. The page only sees
// `error` then 1006 when a handshake fails; the browser's network stack knows more
// (Firefox: the status line or NS_ERROR_…; Chromium: far less, see src/diagnosis/handshake.ts).
//
// Listeners exist only for tabs with a panel attached, each filtered to that tab id
// and the websocket type, so a browser without DevTools open pays nothing.
// Limit, accepted: the listeners are added when a panel says hello, so an MV3 service
// worker that was stopped has none until the panel's port reconnects (tens of ms; the
// stop itself drops the port). A handshake that ends inside that gap is not recorded
// and its close card falls back to the generic causes. Nothing is kept in storage:
// records are only useful to a panel that is watching.
import browser from 'webextension-polyfill';
import { cleanHandshakeText, type HandshakeRecord, type HandshakeStage } from '../protocol/extension-messages';
import { MAX_URL_CHARS } from '../protocol/limits';
import { cleanHeaders } from '../protocol/handshake-headers';

type WR = typeof browser.webRequest;
type Header = { name?: unknown; value?: unknown };
type Details = {
  requestId: string;
  url: string;
  frameId: number;
  timeStamp: number;
  statusCode?: number;
  statusLine?: string;
  error?: string;
  requestHeaders?: Header[];
  responseHeaders?: Header[];
};

/**
 * Chromium reports a WebSocket's response headers (a 401's status line) only to
 * listeners that ask for 'extraHeaders' (measured: without it, nothing but
 * net::ERR_FAILED). Firefox has no such option and rejects it.
 */
const HEADERS_SPEC: Array<'responseHeaders' | 'extraHeaders'> = __IS_FIREFOX__ ? ['responseHeaders'] : ['responseHeaders', 'extraHeaders'];
/** The same for the request: without 'extraHeaders' Chromium leaves out Cookie and the Sec-WebSocket-* headers. */
const SEND_SPEC: Array<'requestHeaders' | 'extraHeaders'> = __IS_FIREFOX__ ? ['requestHeaders'] : ['requestHeaders', 'extraHeaders'];

/** Handshakes in flight per tab; beyond this the oldest is forgotten (a socket storm must not grow memory). */
const MAX_IN_FLIGHT = 256;


export function createHandshakeWatcher(send: (tabId: number, rec: HandshakeRecord) => void) {
  const wr: WR | undefined = browser.webRequest;
  const watched = new Map<number, () => void>();

  function watch(tabId: number) {
    if (!wr || watched.has(tabId)) return;
    const inFlight = new Map<string, HandshakeRecord>();
    const filter = { urls: ['<all_urls>'], types: ['websocket' as const], tabId };

    const stage = (s: HandshakeStage) => (d: Details) => {
      let r = inFlight.get(d.requestId);
      if (!r) {
        if (inFlight.size >= MAX_IN_FLIGHT) inFlight.delete(inFlight.keys().next().value as string);
        r = { url: d.url.slice(0, MAX_URL_CHARS), frameId: d.frameId, time: d.timeStamp, endTime: d.timeStamp, stages: [] };
        inFlight.set(d.requestId, r);
      }
      if (!r.stages.includes(s)) r.stages.push(s);
      r.endTime = Math.max(r.endTime, d.timeStamp);
      if (typeof d.statusCode === 'number' && d.statusCode > 0) r.statusCode = d.statusCode;
      const line = cleanHandshakeText(d.statusLine);
      if (line) r.statusLine = line;
      const error = cleanHandshakeText(d.error);
      if (error) r.error = error;
      // Cleaned here (credentials hidden, sizes capped), before they leave the background.
      const req = cleanHeaders(d.requestHeaders);
      if (req) {
        r.requestHeaders = req;
        if (d.requestHeaders!.length > req.length) r.requestHeadersLeftOut = d.requestHeaders!.length - req.length;
      }
      const res = cleanHeaders(d.responseHeaders);
      if (res) {
        r.responseHeaders = res;
        if (d.responseHeaders!.length > res.length) r.responseHeadersLeftOut = d.responseHeaders!.length - res.length;
      }
      if (s === 'completed' || s === 'error') {
        inFlight.delete(d.requestId);
        send(tabId, r);
      }
    };

    const onRequest = stage('request');
    const onSend = stage('send-headers');
    const onHeaders = stage('headers-received');
    const onStarted = stage('response-started');
    const onCompleted = stage('completed');
    const onError = stage('error');
    try {
      wr.onBeforeRequest.addListener(onRequest, filter);
      wr.onSendHeaders.addListener(onSend, filter, SEND_SPEC);
      wr.onHeadersReceived.addListener(onHeaders, filter, HEADERS_SPEC);
      wr.onResponseStarted.addListener(onStarted, filter);
      wr.onCompleted.addListener(onCompleted, filter);
      wr.onErrorOccurred.addListener(onError, filter);
    } catch {
      // A browser that rejects the websocket type in a filter: nothing to watch there.
    }
    watched.set(tabId, () => {
      wr.onBeforeRequest.removeListener(onRequest);
      wr.onSendHeaders.removeListener(onSend);
      wr.onHeadersReceived.removeListener(onHeaders);
      wr.onResponseStarted.removeListener(onStarted);
      wr.onCompleted.removeListener(onCompleted);
      wr.onErrorOccurred.removeListener(onError);
      inFlight.clear();
    });
  }

  function unwatch(tabId: number) {
    watched.get(tabId)?.();
    watched.delete(tabId);
  }

  return { watch, unwatch };
}
