// HAR export and import: the Chrome DevTools shape, WS Doctor's extra facts, a
// full round trip through a fresh store, lone surrogates, a real HAR written by
// Chromium's DevTools, and hostile input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportHar, harToJson, importHar, importHarObject, type Har, type ImportOk } from '../../src/panel/har';
import { utf8Length } from '../../src/diagnosis/outgoing-text';
import { createStore, type Conn, type Store } from '../../src/panel/store';
import type { BridgeRecords, DocInfo } from '../../src/protocol/extension-messages';
import { FrameFlag, type HookEvent } from '../../src/protocol/records';
import { BINARY_PREVIEW_BYTES, TEXT_PREVIEW_UNITS } from '../../src/protocol/limits';
import { PROTOCOL_VERSION } from '../../src/protocol/version';
import type { HeaderPair } from '../../src/protocol/handshake-headers';

type EventIn = HookEvent extends infer E ? (E extends HookEvent ? Omit<E, 'eseq' | 'at'> : never) : never;

/** One document's hook, as the bridge would deliver it: frames and events with seq numbers. */
class Page {
  private fseq: number;
  private eseq = 0;
  private frames: Array<{ sock: number; flags: number; size: number; time: number; data: string | null }> = [];
  private events: HookEvent[] = [];
  private sentFrames = 0;
  private sentEvents = 0;
  private first = true;
  private readonly fseq0: number;
  constructor(
    readonly doc: DocInfo,
    notKept = 0,
  ) {
    this.fseq = notKept;
    this.fseq0 = notKept;
  }
  ev(e: EventIn): this {
    this.events.push({ ...e, eseq: this.eseq++, at: this.fseq } as HookEvent);
    return this;
  }
  text(sock: number, out: boolean, time: number, text: string, extra = 0): this {
    const size = utf8Length(text);
    this.frames.push({ sock, flags: (out ? FrameFlag.Out : 0) | extra, size, time, data: text });
    this.fseq++;
    return this;
  }
  frame(sock: number, flags: number, size: number, time: number, data: string | null): this {
    this.frames.push({ sock, flags, size, time, data });
    this.fseq++;
    return this;
  }
  /** Everything recorded since the last flush, as the bridge sends it (lone surrogates repaired for transport). */
  flush(counters: BridgeRecords['counters'] = []): BridgeRecords {
    const fr = this.frames.slice(this.sentFrames);
    const fseq0 = this.fseq0 + this.sentFrames;
    const events = this.events.slice(this.sentEvents);
    this.sentFrames = this.frames.length;
    this.sentEvents = this.events.length;
    const data = fr.map((f) => f.data);
    const t = this.first ? 'snapshot' : 'batch';
    this.first = false;
    return {
      v: PROTOCOL_VERSION,
      t,
      doc: this.doc,
      frames: { fseq0, sock: fr.map((f) => f.sock), flags: fr.map((f) => f.flags), size: fr.map((f) => f.size), time: fr.map((f) => f.time), data },
      events,
      counters,
      nextFseq: this.fseq,
      nextEseq: this.eseq,
      droppedEvents: 0,
    };
  }
}

const T = 1_764_000_000_000.125; // a fractional wall-clock time in ms, as performance.timeOrigin + now() gives
const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));
const ILL = 'chat: a\uD800b \uDC00 😀 \uFFFD end';

function syncStore(): Store {
  const s = createStore();
  s.setScheduler((fn) => fn());
  return s;
}

/** A live session: a top page with four sockets (one never created), an iframe with one, in several batches. */
function buildLive(): { store: Store } {
  const s = syncStore();
  s.preserveLog.value = true;
  const top = new Page({ id: 'doc-top', url: 'http://127.0.0.1:8080/app', isTop: true, startedAt: T - 500 });
  const frame = new Page({ id: 'doc-frame', url: 'http://127.0.0.1:8080/frame', isTop: false, startedAt: T - 400 }, 2);

  // Socket 1: opens, talks in every kind of frame, the page closes it, then sends once more (discarded).
  top.ev({ k: 'create', time: T, sock: 1, url: 'ws://127.0.0.1:8080/ws/echo?token=a%20b', protocols: ['chat', 'v2'] });
  top.ev({ k: 'open', time: T + 12.5, sock: 1, protocol: 'chat', extensions: 'permessage-deflate; client_max_window_bits' });
  top.text(1, true, T + 20.25, '{"type":"hello","text":"Привет"}');
  top.text(1, false, T + 21.5, '{"type":"welcome"}');
  top.text(1, true, T + 30.75, ILL, FrameFlag.IllFormed);
  top.frame(1, FrameFlag.Out | FrameFlag.Binary, 6, T + 31, b64([0, 1, 2, 253, 254, 255]));
  top.frame(1, FrameFlag.Binary | FrameFlag.Truncated, 100_000, T + 32, b64(Array.from({ length: BINARY_PREVIEW_BYTES }, (_, i) => i & 255)));
  top.frame(1, FrameFlag.Out | FrameFlag.Binary | FrameFlag.Blob, 2048, T + 33, null);
  top.text(1, true, T + 34, '[object Object]', FrameFlag.Converted);
  top.frame(1, FrameFlag.Truncated, 50_000, T + 35, 'x'.repeat(TEXT_PREVIEW_UNITS));
  // Socket 2 is created while socket 1 talks: never opens, errors, 1006.
  top.ev({ k: 'create', time: T + 35.5, sock: 2, url: 'wss://down.example/ws', protocols: null });
  s.apply(0, top.flush());
  top.ev({ k: 'close-call', time: T + 40, sock: 1, code: 4000, reason: 'bye \uD83D', readyState: 1, threwName: null, threwMessage: null });
  top.frame(1, FrameFlag.Out | FrameFlag.Discarded, 5, T + 41, 'late!');
  top.ev({ k: 'close', time: T + 45, sock: 1, code: 4000, reason: 'bye \uFFFD', wasClean: true });
  top.ev({ k: 'error', time: T + 50, sock: 2 });
  top.ev({ k: 'close', time: T + 50.5, sock: 2, code: 1006, reason: '', wasClean: false });
  // A constructor that threw.
  top.ev({ k: 'create-failed', time: T + 60, sock: 0, name: 'SyntaxError', message: "The URL 'htp://x' is invalid." });
  // Socket 3: opens, a close() that threw, a send() while connecting... then the page goes away.
  top.ev({ k: 'create', time: T + 70, sock: 3, url: 'ws://127.0.0.1:8080/ws/push', protocols: null });
  top.ev({ k: 'send-threw', time: T + 70.5, sock: 3, readyState: 0, name: 'InvalidStateError', message: 'Still in CONNECTING state.' });
  top.ev({ k: 'open', time: T + 80, sock: 3, protocol: '', extensions: '' });
  top.text(3, false, T + 81, 'tick');
  top.ev({ k: 'close-call', time: T + 85, sock: 3, code: 999, reason: null, readyState: 1, threwName: 'InvalidAccessError', threwMessage: 'The close code must be 1000 or in 3000-4999.' });
  top.text(3, false, T + 86, 'tick');
  s.apply(0, top.flush([{ sock: 1, framesOut: 6, framesIn: 3, bytesOut: 2200, bytesIn: 100_020 }, { sock: 3, framesOut: 0, framesIn: 2, bytesOut: 0, bytesIn: 8 }]));
  s.apply(0, { v: PROTOCOL_VERSION, t: 'pagehide', doc: top.doc, time: T + 90, persisted: false });

  // The iframe: two frames were no longer in the hook's ring; a server 1001 with a reason.
  frame.ev({ k: 'create', time: T + 5, sock: 1, url: 'ws://127.0.0.1:8080/ws/script?close=1001', protocols: null });
  frame.ev({ k: 'open', time: T + 9, sock: 1, protocol: '', extensions: '' });
  frame.ev({ k: 'create', time: T + 9.5, sock: 2, url: 'ws://127.0.0.1:8080/ws/echo', protocols: null });
  frame.text(1, false, T + 10, 'hello from the server');
  frame.ev({ k: 'open', time: T + 10.5, sock: 2, protocol: '', extensions: '' });
  // The two sockets' frames interleave in the document's order.
  frame.text(2, true, T + 10.75, 'ping');
  frame.frame(1, FrameFlag.Binary, 3, T + 11, b64([9, 8, 7]));
  frame.text(2, false, T + 11.25, 'ping');
  frame.ev({ k: 'close', time: T + 60, sock: 1, code: 1001, reason: 'Server restarting', wasClean: true });
  s.apply(7, frame.flush());
  return { store: s };
}

/** Everything the panel shows about a connection, with times rounded to 1 ms for comparison. */
function view(s: Store, c: Conn) {
  const ms = (t: number | undefined) => (t === undefined ? undefined : Math.round(t));
  const f = c.facts;
  return {
    doc: { url: c.doc.info.url, isTop: c.doc.info.isTop, frameId: c.doc.frameId, notKept: c.doc.notKept, gone: c.doc.gone },
    url: f.url,
    requestedProtocols: f.requestedProtocols,
    createdAt: ms(f.createdAt),
    openedAt: ms(f.openedAt),
    protocol: f.protocol,
    extensions: f.extensions,
    errorAt: ms(f.errorAt),
    close: f.close && { ...f.close, time: ms(f.close.time) },
    closeCalls: f.closeCalls.map((k) => ({ ...k, time: ms(k.time) })),
    sendErrors: f.sendErrors.map((k) => ({ ...k, time: ms(k.time) })),
    pageHiddenAt: ms(f.pageHiddenAt),
    createError: c.createError,
    counters: c.counters && { ...c.counters, sock: 0 },
    frames: s.frameArray(c).map((x) => ({
      seq: x.seq,
      dir: x.dir,
      binary: x.binary,
      size: x.size,
      time: ms(x.time),
      text: x.text,
      textComplete: x.textComplete,
      b64: x.b64,
      truncated: x.truncated,
      blob: x.blob,
      converted: x.converted,
      discarded: x.discarded,
      illFormed: x.illFormed,
    })),
  };
}

function importInto(text: string, prefix = 'imp'): { store: Store; result: ImportOk } {
  const r = importHar(text, { idPrefix: prefix });
  if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.error)}`);
  const s = syncStore();
  s.preserveLog.value = r.needsPreserveLog;
  for (const m of r.messages) s.apply(m.frameId, m.msg);
  return { store: s, result: r };
}

describe('HAR export', () => {
  const { store } = buildLive();
  const har = exportHar({ connections: store.connections(), framesOf: store.frameArray, version: '0.1.0' });
  const entries = har.log.entries;

  it('writes one websocket entry per socket in Chrome DevTools shape', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'WS Doctor', version: '0.1.0' });
    expect(entries).toHaveLength(6);
    const e = entries[0]!;
    expect(e._resourceType).toBe('websocket');
    expect(e.request).toMatchObject({ method: 'GET', url: 'ws://127.0.0.1:8080/ws/echo?token=a%20b', httpVersion: 'HTTP/1.1' });
    expect(e.request.queryString).toEqual([{ name: 'token', value: 'a%20b' }]);
    expect(e.request.headers).toEqual([{ name: 'Sec-WebSocket-Protocol', value: 'chat, v2' }]);
    expect(e.response.status).toBe(101);
    expect(e.response.headers).toContainEqual({ name: 'Sec-WebSocket-Protocol', value: 'chat' });
    expect(e.startedDateTime).toBe(new Date(T).toISOString());
    // Chrome's timing shape: wait = the handshake, receive = open until the close, time = their sum.
    expect(e.time).toBeCloseTo(45);
    expect(e.timings).toMatchObject({ send: 0, wait: 12.5, receive: 32.5 });
    // Never opened: status 0.
    expect(entries[1]!.response.status).toBe(0);
  });

  it("writes the handshake's real headers when webRequest reported them as sent, credentials left out", () => {
    const [first, second] = store.connections();
    const wire = { url: first!.facts.url, frameId: 0, time: T, endTime: T + 12, stages: ['request' as const, 'completed' as const] };
    const records = new Map([
      [first!, { ...wire, requestHeaders: [['Sec-WebSocket-Key', 'k=='], ['Sec-WebSocket-Protocol', 'chat, v2'], ['Cookie', null]] as HeaderPair[], responseHeaders: [['Upgrade', 'websocket'], ['Sec-WebSocket-Protocol', 'chat']] as HeaderPair[] }],
      // Chromium's early request: no key, so not the request as sent.
      [second!, { ...wire, requestHeaders: [['Origin', 'http://h']] as HeaderPair[] }],
    ]);
    const out = exportHar({ connections: store.connections(), framesOf: store.frameArray, handshakeOf: (c) => records.get(c), requestedOf: (c) => (c === second ? ['mqtt'] : c.facts.requestedProtocols) });
    const [a, b] = out.log.entries;
    expect(a!.request.headers).toEqual([
      { name: 'Sec-WebSocket-Key', value: 'k==' },
      { name: 'Sec-WebSocket-Protocol', value: 'chat, v2' },
    ]);
    expect(a!.response.headers).toEqual([
      { name: 'Upgrade', value: 'websocket' },
      { name: 'Sec-WebSocket-Protocol', value: 'chat' },
    ]);
    // The list a page passed, learnt from the browser's side, goes where the page's own would.
    expect(b!.request.headers).toEqual([{ name: 'Sec-WebSocket-Protocol', value: 'mqtt' }]);
    expect(b!._wsdRequestedProtocols).toEqual(['mqtt']);
    // Imported again, the headers come back for the Handshake tab; a credential never went out.
    const back = importHar(harToJson(out), { idPrefix: 'rt' });
    if (!back.ok) throw new Error('import failed');
    expect(back.handshakes[0]!.requestHeaders).toEqual([
      ['Sec-WebSocket-Key', 'k=='],
      ['Sec-WebSocket-Protocol', 'chat, v2'],
    ]);
    expect(back.handshakes[0]!.responseHeaders).toEqual([
      ['Upgrade', 'websocket'],
      ['Sec-WebSocket-Protocol', 'chat'],
    ]);
    // Exported again from the imported view, the same headers go out.
    const { store: view, result: imported } = importInto(harToJson(out), 'rt2');
    view.setImportedHandshakes(imported.handshakes);
    const again = exportHar({ connections: view.connections(), framesOf: view.frameArray, handshakeOf: view.handshakeShownOf, requestedOf: view.requestedOf });
    expect(again.log.entries[0]!.request.headers).toEqual(a!.request.headers);
    expect(again.log.entries[0]!.response.headers).toEqual(a!.response.headers);
  });

  it('writes messages as Chrome does: send/receive, seconds since the epoch, opcode, text or base64', () => {
    const m = entries[0]!._webSocketMessages;
    expect(m.map((x) => [x.type, x.opcode])).toEqual([
      ['send', 1],
      ['receive', 1],
      ['send', 1],
      ['send', 2],
      ['receive', 2],
      ['send', 2],
      ['send', 1],
      ['receive', 1],
    ]);
    expect(m[0]!.time).toBeCloseTo((T + 20.25) / 1000, 6);
    expect(m[0]!.data).toBe('{"type":"hello","text":"Привет"}');
    expect(m[3]!.data).toBe(b64([0, 1, 2, 253, 254, 255]));
    // WS Doctor's facts per message.
    expect(m[0]!._wsdSize).toBe(utf8Length('{"type":"hello","text":"Привет"}'));
    expect(m[2]!._wsdIllFormed).toBe(true);
    expect(m[4]).toMatchObject({ _wsdTruncated: true, _wsdSize: 100_000 });
    expect(m[5]).toMatchObject({ _wsdBlob: true, _wsdNoPayload: true, data: '' });
    expect(m[6]!._wsdConverted).toBe(true);
    expect(m[0]!._wsdTruncated).toBeUndefined();
    // The discarded send never reached the wire: not among the messages other tools read.
    expect(m.some((x) => x.data === 'late!')).toBe(false);
    expect(entries[0]!._wsdDiscardedMessages?.map((x) => x.data)).toEqual(['late!']);
  });

  it('adds the close, initiator, times and page facts under _wsd fields', () => {
    const [e1, e2, e3, e4, e5] = entries;
    expect(e1!._wsdClose).toEqual({ code: 4000, reason: 'bye \uFFFD', wasClean: true, time: T + 45 });
    expect(e1!._wsdInitiator).toMatchObject({ initiator: 'page', inferred: false });
    expect(e1!._wsdCloseCalls).toMatchObject([{ code: 4000, reason: 'bye \uD83D', readyState: 1 }]);
    expect(e1!._wsdCreatedAt).toBe(T);
    expect(e1!._wsdOpenedAt).toBe(T + 12.5);
    expect(e1!._wsdProtocol).toBe('chat');
    expect(e1!._wsdFrameUrl).toBe('http://127.0.0.1:8080/app');
    expect(e2!._wsdInitiator?.initiator).toBe('failure');
    expect(e3!._wsdCreateError).toEqual({ name: 'SyntaxError', message: "The URL 'htp://x' is invalid." });
    expect(e4!._wsdPageHiddenAt).toBe(T + 90);
    expect(e4!._wsdSendErrors).toMatchObject([{ name: 'InvalidStateError', readyState: 0 }]);
    expect(e4!._wsdInitiator?.initiator).toBe('browser');
    expect(e5!._wsdClose?.code).toBe(1001);
    expect(e5!._wsdInitiator?.initiator).toBe('server');
    expect(har.log.pages.map((p) => [p._wsdUrl, p._wsdIsTop, p._wsdFrameId, p._wsdNotKept])).toEqual([
      ['http://127.0.0.1:8080/app', true, 0, 0],
      ['http://127.0.0.1:8080/frame', false, 7, 2],
    ]);
    expect(entries.map((e) => e.pageref)).toEqual(['page_1', 'page_1', 'page_1', 'page_1', 'page_2', 'page_2']);
  });
});

describe('lone surrogates in JSON', () => {
  it('JSON.stringify escapes them and JSON.parse restores them', () => {
    const s = 'a\uD800b\uDC00c😀';
    const json = JSON.stringify({ s });
    expect(json).toBe('{"s":"a\\ud800b\\udc00c😀"}');
    expect(json.isWellFormed()).toBe(true);
    expect((JSON.parse(json) as { s: string }).s).toBe(s);
  });

  it('survive export, a file written as UTF-8, and import', () => {
    const { store } = buildLive();
    const json = harToJson(exportHar({ connections: store.connections(), framesOf: store.frameArray }));
    // What a saved file holds: UTF-8 bytes of well-formed text.
    const file = new TextDecoder().decode(new TextEncoder().encode(json));
    expect(file).toBe(json);
    const { store: back } = importInto(file);
    const f = back.frameArray(back.connections()[0]!)[2]!;
    expect(f.text).toBe(ILL);
    expect(f.illFormed).toBe(true);
    expect(back.connections()[0]!.facts.closeCalls[0]!.reason).toBe('bye \uD83D');
  });
});

describe('HAR round trip', () => {
  it('rebuilds the same connections, frames and close facts in a fresh store', () => {
    const { store } = buildLive();
    const json = harToJson(exportHar({ connections: store.connections(), framesOf: store.frameArray }), 2);
    const { store: back, result } = importInto(json);
    expect(result.source).toBe('wsdoctor');
    expect(result.sockets).toBe(6);
    expect(result.frames).toBe(15);
    expect(result.connNotes).toEqual([]);
    const a = store.connections().map((c) => view(store, c));
    const b = back.connections().map((c) => view(back, c));
    expect(b).toHaveLength(a.length);
    for (let i = 0; i < a.length; i++) expect(b[i], `connection ${i}`).toEqual(a[i]);
    // Times within 1 ms, unrounded.
    const fa = store.connections().flatMap((c) => store.frameArray(c));
    const fb = back.connections().flatMap((c) => back.frameArray(c));
    for (let i = 0; i < fa.length; i++) expect(Math.abs(fa[i]!.time - fb[i]!.time)).toBeLessThan(1);
    expect(back.stats().notKept).toBe(2);
    expect(back.connections().map((c) => c.simulatedClose)).toEqual(store.connections().map((c) => c.simulatedClose));
  });

  it('is stable: exporting the imported store gives the same messages', () => {
    const { store } = buildLive();
    const once = exportHar({ connections: store.connections(), framesOf: store.frameArray });
    const { store: back } = importInto(harToJson(once));
    const twice = exportHar({ connections: back.connections(), framesOf: back.frameArray });
    const strip = (h: Har) => h.log.entries.map((e) => ({ ...e, pageref: undefined, _wsdFrameUrl: undefined }));
    expect(strip(twice)).toEqual(strip(once));
  });

  it('keeps two imports of the same file apart by id prefix', () => {
    const { store } = buildLive();
    const json = harToJson(exportHar({ connections: store.connections(), framesOf: store.frameArray }));
    const s = syncStore();
    s.preserveLog.value = true;
    for (const p of ['one', 'two']) {
      const r = importHar(json, { idPrefix: p });
      if (!r.ok) throw new Error('import failed');
      for (const m of r.messages) s.apply(m.frameId, m.msg);
    }
    expect(s.connections()).toHaveLength(12);
  });

  it('caps payloads as live capture does and says so', () => {
    const big = 'é'.repeat(TEXT_PREVIEW_UNITS + 10);
    const bytes = Array.from({ length: BINARY_PREVIEW_BYTES + 7 }, (_, i) => (i * 7) & 255);
    const har = chromeLike([
      { type: 'send', time: T / 1000 + 1, opcode: 1, data: big },
      { type: 'receive', time: T / 1000 + 2, opcode: 2, data: b64(bytes) },
    ]);
    const { store: s, result } = importInto(JSON.stringify(har));
    const [t, b] = s.frameArray(s.connections()[0]!);
    expect(t).toMatchObject({ truncated: true, textComplete: false, size: big.length * 2 });
    expect(t!.text).toBe(big.slice(0, TEXT_PREVIEW_UNITS));
    expect(b).toMatchObject({ truncated: true, size: bytes.length, b64: b64(bytes.slice(0, BINARY_PREVIEW_BYTES)) });
    expect(result.notes.map((n) => n.key)).toContain('daily_har_note_truncated');
  });
});

describe('HAR import: a real HAR written by Chromium DevTools', () => {
  // test/fixtures/har/chromium-devtools.har, made by make-chromium-har.ts (see the README there).
  const text = readFileSync(new URL('../fixtures/har/chromium-devtools.har', import.meta.url), 'utf8');
  const raw = JSON.parse(text) as { log: { creator: { name: string }; entries: Array<{ _resourceType: string; startedDateTime: string; _webSocketMessages?: Array<{ time: number }> }> } };
  const { store: s, result } = importInto(text, 'chrome');
  const conns = s.connections();
  const c = conns[0]!;

  it("keeps the socket's handshake for the Handshake tab: status and headers as sent", () => {
    expect(result.handshakes).toHaveLength(1);
    const h = result.handshakes[0]!;
    expect(h.key).toBe(c.key);
    expect([h.statusCode, h.statusLine]).toEqual([101, '101 Switching Protocols']);
    const names = h.requestHeaders!.map(([n]) => n);
    expect(names).toEqual(expect.arrayContaining(['Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Host', 'Origin']));
    expect(h.responseHeaders).toHaveLength(3);
  });

  it('is a genuine DevTools HAR with one socket among other requests', () => {
    expect(raw.log.creator.name).toBe('WebInspector');
    expect(raw.log.entries.map((e) => e._resourceType)).toEqual(['document', 'websocket', 'other']);
    expect(result.source).toBe('chrome');
    expect(result.sockets).toBe(1);
    expect(conns).toHaveLength(1);
    expect(c.doc.info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/har-fixture\.html$/);
    expect(c.doc.info.isTop).toBe(true);
  });

  it('maps the socket and its messages: count, directions, opcodes, data, sizes, times', () => {
    expect(c.facts.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/script\?hello=/);
    expect(c.facts.createdAt).toBe(Date.parse(raw.log.entries[1]!.startedDateTime));
    expect(c.facts.openedAt).toBeDefined();
    const frames = s.frameArray(c);
    expect(frames.map((f) => [f.dir, f.binary])).toEqual([
      ['out', false],
      ['out', true],
      ['in', false],
      ['in', true],
    ]);
    expect(frames[0]!.text).toBe('{"type":"hello","text":"Привет 😀"}');
    expect(frames[0]!.size).toBe(utf8Length('{"type":"hello","text":"Привет 😀"}'));
    expect([...atob(frames[1]!.b64!)].map((ch) => ch.charCodeAt(0))).toEqual([0, 1, 2, 250, 255]);
    expect(frames[1]!.size).toBe(5);
    expect(frames[2]!.text).toBe('hello from the server');
    expect([...atob(frames[3]!.b64!)].map((ch) => ch.charCodeAt(0))).toEqual([0, 1, 2, 3, 4]);
    const secs = raw.log.entries[1]!._webSocketMessages!.map((m) => m.time);
    expect(frames.map((f) => f.time / 1000)).toEqual(secs.map((t) => expect.closeTo(t, 6)));
    for (const f of frames) expect(f.truncated || f.illFormed || f.discarded).toBeFalsy();
  });

  it("reports the close code as unknown: Chrome's HAR has none", () => {
    expect(c.facts.close).toBeUndefined();
    expect(result.connNotes).toEqual([{ key: c.key, notes: [{ key: 'daily_har_conn_note_no_close' }, { key: 'daily_har_conn_note_open_time' }] }]);
    expect(result.notes).toContainEqual({ key: 'daily_har_note_no_close', subs: ['1'] });
    expect(result.notes).toContainEqual({ key: 'daily_har_note_chrome', subs: ['WebInspector'] });
    expect(result.notes).toContainEqual({ key: 'daily_har_note_other_entries', subs: ['2'] });
  });

  it('exports again in the same shape it came in', () => {
    const again = exportHar({ connections: s.connections(), framesOf: s.frameArray }).log.entries[0]!;
    const orig = JSON.parse(text).log.entries[1];
    expect(again._webSocketMessages.map(({ type, opcode, data }) => ({ type, opcode, data }))).toEqual(
      (orig._webSocketMessages as Array<{ type: string; opcode: number; data: string }>).map(({ type, opcode, data }) => ({ type, opcode, data })),
    );
    expect(again.request.url).toBe(orig.request.url);
    expect(again.request.queryString).toEqual(orig.request.queryString);
    expect(again.response.status).toBe(orig.response.status);
    expect(again._wsdClose).toBeUndefined();
  });
});

/** A minimal HAR in Chrome's shape (no _wsd fields). */
function chromeLike(messages: unknown[], extra: Record<string, unknown> = {}) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [],
      entries: [
        {
          _resourceType: 'websocket',
          startedDateTime: new Date(T).toISOString(),
          time: 3.5,
          request: { method: 'GET', url: 'ws://h/x', httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
          response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0 },
          cache: {},
          timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 3.5, receive: 0 },
          _webSocketMessages: messages,
          ...extra,
        },
      ],
    },
  };
}

describe('HAR import: pages', () => {
  it('makes one document per page, and asks for Preserve log when a later page replaces an earlier one', () => {
    const one = chromeLike([{ type: 'receive', time: T / 1000 + 1, opcode: 1, data: 'a' }], { pageref: 'page_1' });
    const two = chromeLike([{ type: 'receive', time: T / 1000 + 9, opcode: 1, data: 'b' }], { pageref: 'page_2', startedDateTime: new Date(T + 8000).toISOString() });
    const har = {
      log: {
        ...one.log,
        pages: [
          { id: 'page_2', startedDateTime: new Date(T + 7000).toISOString(), title: 'http://h/reloaded', pageTimings: {} },
          { id: 'page_1', startedDateTime: new Date(T - 1000).toISOString(), title: 'http://h/first', pageTimings: {} },
        ],
        entries: [...one.log.entries, ...two.log.entries],
      },
    };
    const r = importHar(JSON.stringify(har), { idPrefix: 'p' });
    expect(r.ok && r.needsPreserveLog).toBe(true);
    const { store: s } = importInto(JSON.stringify(har), 'p');
    expect(s.connections().map((c) => [c.doc.info.url, c.doc.gone, s.frameArray(c)[0]?.text])).toEqual([
      ['http://h/first', true, 'a'],
      ['http://h/reloaded', false, 'b'],
    ]);
    // A file without pages is one document.
    const lone = importHar(JSON.stringify(chromeLike([])), { idPrefix: 'q', fileName: 'capture.har' });
    expect(lone.ok && lone.messages.map((m) => m.msg.doc.url)).toEqual(['capture.har']);
    expect(lone.ok && lone.needsPreserveLog).toBe(false);
  });
});

describe('HAR import: hostile or broken input', () => {
  const err = (input: unknown, limits = {}) => {
    const r = typeof input === 'string' ? importHar(input, { limits }) : importHarObject(input, { limits });
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.error.key;
  };

  it('rejects what is not a HAR with a clear message, never throwing', () => {
    expect(importHar(42 as unknown).ok).toBe(false);
    expect(err('')).toBe('daily_har_error_json');
    expect(err('{"log": ')).toBe('daily_har_error_json');
    expect(err('null')).toBe('daily_har_error_shape');
    expect(err('{"log": []}')).toBe('daily_har_error_shape');
    expect(err('{"log": {"entries": {}}}')).toBe('daily_har_error_shape');
    expect(err('{"log": {"entries": []}}')).toBe('daily_har_error_no_sockets');
    expect(err('{"log": {"entries": [1, "x", null, {"request": {"url": "https://a/"}}]}}')).toBe('daily_har_error_no_sockets');
    expect(err('[' .repeat(100_000) + ']'.repeat(100_000))).toBe('daily_har_error_shape');
  });

  it('enforces size caps', () => {
    expect(err('{"log":{"entries":[]}}   ', { maxChars: 10 })).toBe('daily_har_error_too_large');
    expect(err(JSON.stringify({ log: { entries: [1, 2, 3] } }), { maxEntries: 2 })).toBe('daily_har_error_too_many');
    const many = chromeLike(Array.from({ length: 10 }, (_, i) => ({ type: 'send', time: T / 1000 + i, opcode: 1, data: String(i) })));
    const r = importHar(JSON.stringify(many), { limits: { maxMessages: 4 } });
    expect(r.ok && r.frames).toBe(4);
    expect(r.ok && r.notes.find((n) => n.key === 'daily_har_note_message_cap')?.subs).toEqual(['6', '4']);
  });

  it('skips bad messages and fields, counting them', () => {
    const har = chromeLike([
      { type: 'send', time: T / 1000, opcode: 1, data: 'ok' },
      { type: 'send', time: 'soon', opcode: 1, data: 'bad time' },
      { type: 'send', time: 1, opcode: 1, data: 'time before 1990' },
      { type: 'receive', time: T / 1000, opcode: 2, data: 'not base64!' },
      { type: 'receive', time: T / 1000, opcode: 1, data: { toString: 1 } },
      { type: 'error', time: T / 1000, opcode: -1, data: 'net::ERR' },
      { type: 'receive', time: T / 1000, opcode: 8, data: '' },
      'garbage',
      null,
    ]);
    const r = importHar(JSON.stringify(har));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frames).toBe(1);
    const keys = Object.fromEntries(r.notes.map((n) => [n.key, n.subs]));
    expect(keys.daily_har_note_invalid).toEqual(['6']);
    expect(keys.daily_har_note_unknown_messages).toEqual(['2']);
  });

  it('does not let __proto__ keys or odd types reach anything', () => {
    const text = '{"log":{"__proto__":{"polluted":1},"entries":[{"__proto__":{"x":1},"_resourceType":"websocket","startedDateTime":"2025-11-24T00:00:00Z","request":{"url":"ws://h/"},"response":{"status":"101"},"_webSocketMessages":[{"type":"send","time":1764000000,"opcode":1,"data":"hi","_wsdSize":-5}],"_wsdClose":{"code":"1000","time":1764000000001},"_wsdCloseCalls":[{"time":1764000000000.5,"readyState":9}],"_wsdRequestedProtocols":"chat"}]}}';
    const r = importHar(text, { idPrefix: 'p' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = syncStore();
    for (const m of r.messages) s.apply(m.frameId, m.msg);
    const c = s.connections()[0]!;
    expect(c.facts.close).toBeUndefined();
    expect(c.facts.closeCalls).toEqual([]);
    // Not a list: unknown, not "none".
    expect(c.facts.requestedProtocols).toBeNull();
    expect(s.frameArray(c)[0]).toMatchObject({ text: 'hi', size: 2 });
  });

  it('turns an exception while reading into an error Msg', () => {
    const hostile = { log: new Proxy({}, { get: () => { throw new Error('boom'); } }) };
    const r = importHarObject(hostile);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ key: 'daily_har_error_internal', subs: ['boom'] });
  });
});
