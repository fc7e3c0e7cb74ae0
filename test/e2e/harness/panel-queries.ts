// Readings of the panel DOM, as a person would read it, shared by every browser's tests.
// Each is the source of a function `(doc, win) => value` run inside the panel.

export const readConnections = `(doc) => [...doc.querySelectorAll('[data-testid=conn-row]')].map((r) => ({
  url: r.dataset.url,
  text: r.textContent,
  chip: r.querySelector('[data-testid=close-chip]')?.textContent ?? null,
  counts: r.querySelector('[data-testid=conn-counts]')?.textContent?.trim() ?? '',
  flagged: r.querySelector('[data-testid=conn-flagged]')?.textContent?.trim() ?? null,
}))`;

export const selectConnection = (urlPart: string) => `(doc) => {
  const row = [...doc.querySelectorAll('[data-testid=conn-row]')].find((r) => (r.dataset.url || '').includes(${JSON.stringify(urlPart)}));
  if (!row) return false;
  row.click();
  return true;
}`;

// Reading frames or the close card first opens its tab, as a person would.
export const readFrames = `(doc) => (doc.querySelector('[data-testid=tab-messages]:not(.active)')?.click(), [...doc.querySelectorAll('[data-testid=frame-row]')]).map((r) => ({
  dir: r.dataset.dir,
  type: r.dataset.type,
  size: Number(r.dataset.size),
  seq: Number(r.dataset.seq),
  text: r.querySelector('.fc-data')?.textContent ?? '',
  flagged: !!r.querySelector('[data-testid=frame-flag]'),
}))`;

export const selectFrame = (seq: number) => `(doc) => {
  const row = doc.querySelector('[data-testid=frame-row][data-seq="${seq}"]');
  if (!row) return false;
  row.click();
  return true;
}`;

/** The five sections of the 1001 and 1007 cards, as an English reader sees their titles. */
export const ENGLISH_SECTIONS = ['Description', 'When you see it', 'How to fix', 'Key differences', 'When to use which'];

export const readCloseCard = `(doc) => {
  doc.querySelector('[data-testid=tab-diagnosis]:not(.active)')?.click();
  const card = doc.querySelector('[data-testid=close-card]');
  if (!card) return null;
  return {
    code: Number(card.dataset.code),
    initiator: card.dataset.initiator,
    name: card.querySelector('[data-testid=close-name]')?.textContent ?? '',
    summary: card.querySelector('[data-testid=initiator]')?.textContent ?? '',
    reason: card.querySelector('[data-testid=close-reason]')?.textContent ?? null,
    wasClean: card.querySelector('[data-testid=was-clean]')?.textContent ?? null,
    sections: [...card.querySelectorAll('[data-testid=close-section]')].map((s) => ({ title: s.querySelector('h4')?.textContent ?? '', text: s.textContent })),
    causes: card.querySelector('[data-testid=causes]')?.textContent ?? '',
    suspects: [...card.querySelectorAll('[data-testid=suspects] li')].map((li) => Number(li.dataset.seq)),
    text: card.textContent,
  };
}`;

export const readDetail = `(doc) => {
  const d = doc.querySelector('[data-testid=frame-detail]');
  if (!d) return null;
  return {
    text: d.querySelector('[data-testid=frame-text]')?.textContent ?? null,
    hex: [...d.querySelectorAll('[data-testid=hex-row] .hx-bytes')].map((r) => r.textContent).join(' ') || null,
    wireHex: d.querySelector('[data-testid=wire-hex]')?.textContent ?? null,
    findings: d.querySelector('[data-testid=utf8-findings]')?.textContent ?? null,
    lone: d.querySelector('[data-testid=lone-surrogates]')?.textContent ?? null,
    marks: [...d.querySelectorAll('mark.lone')].map((m) => Number(m.dataset.index)),
    all: d.textContent,
  };
}`;

/** Waits until a connection whose URL contains `part` is listed with a close chip. */
export const closedConnection = (urlPart: string) => `(doc) => {
  const row = [...doc.querySelectorAll('[data-testid=conn-row]')].find((r) => (r.dataset.url || '').includes(${JSON.stringify(urlPart)}));
  return row && row.querySelector('[data-testid=close-chip]') ? row.textContent : null;
}`;

/** The reconnect section of the selected connection's close card (Diagnosis tab), or null. */
export const readReconnect = `(doc) => {
  doc.querySelector('[data-testid=tab-diagnosis]:not(.active)')?.click();
  const r = doc.querySelector('[data-testid=reconnect]');
  if (!r) return null;
  return {
    kinds: (r.dataset.kinds || '').split(' ').filter(Boolean),
    attempts: Number(r.dataset.attempts),
    verdicts: [...r.querySelectorAll('[data-testid=reconnect-verdict]')].map((v) => ({ kind: v.dataset.kind, good: v.dataset.good, text: v.textContent })),
    marks: [...r.querySelectorAll('[data-testid=attempt-mark]')].map((m) => m.dataset.outcome),
    text: r.textContent,
  };
}`;

/** Sets the outage length in the open confirmation, as typing would. */
export const setOutageSeconds = (seconds: number) => `(doc, win) => {
  const input = doc.querySelector('[data-testid=simulate-seconds]');
  if (!input) return false;
  input.value = ${JSON.stringify(String(seconds))};
  input.dispatchEvent(new win.Event('input', { bubbles: true }));
  return true;
}`;

/** The handshake section of the selected connection's close card (Diagnosis tab), or null. */
export const readHandshake = `(doc) => {
  doc.querySelector('[data-testid=tab-diagnosis]:not(.active)')?.click();
  const h = doc.querySelector('[data-testid=close-card] [data-testid=handshake]');
  if (!h) return null;
  return {
    kind: h.dataset.kind,
    confidence: h.dataset.confidence,
    summary: h.querySelector('[data-testid=handshake-summary]')?.textContent ?? '',
    hints: [...h.querySelectorAll('[data-testid=handshake-hint]')].map((p) => p.textContent),
    causes: doc.querySelector('[data-testid=close-card] [data-testid=causes]')?.textContent ?? null,
  };
}`;

/** Source of a panel-side function: sets the value of the control with this test id, as typing or picking would, and fires `event`. */
export const setField = (testid: string, value: string, event: 'input' | 'change') => `(doc, win) => {
  const el = doc.querySelector('[data-testid=${testid}]');
  if (!el) return false;
  el.value = ${JSON.stringify(value)};
  el.dispatchEvent(new win.Event(${JSON.stringify(event)}, { bubbles: true }));
  return true;
}`;

/** Source of a panel-side function: opens the Handshake tab and reads it, or null before it shows. */
export const readHandshakeView = `(doc) => {
  doc.querySelector('[data-testid=tab-handshake]:not(.active)')?.click();
  const v = doc.querySelector('[data-testid=handshake-view]');
  if (!v) return null;
  const text = (id) => v.querySelector('[data-testid=' + id + ']')?.textContent ?? null;
  const headers = (id) => {
    const dl = v.querySelector('[data-testid=' + id + ']');
    if (!dl) return null;
    return [...dl.querySelectorAll('dt')].map((dt) => ({ name: dt.textContent, value: dt.nextElementSibling?.textContent ?? '', hidden: dt.nextElementSibling?.dataset.hidden === 'true' }));
  };
  return {
    status: text('hs-status'),
    requested: text('hs-requested'),
    chosen: text('hs-chosen'),
    extOffered: text('hs-ext-offered'),
    extAccepted: text('hs-ext-accepted'),
    notes: [...v.querySelectorAll('[data-testid=hs-note]')].map((p) => p.textContent),
    noRecord: text('hs-no-record'),
    request: headers('hs-request-headers'),
    response: headers('hs-response-headers'),
    all: v.textContent,
  };
}`;
