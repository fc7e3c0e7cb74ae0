// The panel's one store. Page data lives in plain arrays and maps (a million
// frames must not become a million reactive objects); a single `revision`
// signal tells components that something changed, and UI choices are signals.
// The store has no browser API, so unit tests drive it with recorded messages.
import { signal, batch, type ReadonlySignal } from '@preact/signals';
import type { BackgroundToPanel, StoreMessage, JoinedRecords, BridgeRecords, DocInfo, HandshakeRecord, OutageInfo, PanelToBackground } from '../protocol/extension-messages';
import { matchByTime, matchHarByOrder, type HarSocketEntry, type SocketRef } from '../diagnosis/handshake-match';
import { PROTOCOL_VERSION } from '../protocol/version';
import { endpointKey } from '../diagnosis/reconnect';
import { FrameFlag, type HookEvent, type SocketCounters } from '../protocol/records';
import type { ConnectionFacts, FrameFact } from '../diagnosis/facts';
import { msg, type Msg } from '../diagnosis/message';
import { HeldFrames, PayloadStrings, StoredFrame, frameCost, heldSeq, type FrameSeq, type PanelFrame } from './held-frames';
import { joinPayloads } from './join-payloads';
import { requestedProtocols } from '../protocol/handshake-headers';
import type { ImportedHandshake } from './har';

export type { PanelFrame, FrameSeq } from './held-frames';

export type ConnState = 'connecting' | 'open' | 'closing' | 'closed' | 'failed' | 'gone';

export interface Conn {
  key: string;
  doc: Doc;
  sock: number;
  /** `facts.frames` holds only what the diagnosis needs of the frames (see `diagnosisFrames`). */
  facts: ConnectionFacts;
  frames: HeldFrames;
  /**
   * Outgoing frames the browser discarded (send after close), each with the outgoing
   * frame that ended its run, if any: the diagnosis reads these from every frame, and
   * they are rare. At most MAX_LOST, kept past the memory cap, without their payloads
   * (the diagnosis reads their sizes and times; a payload would keep its whole batch's
   * string alive).
   */
  lost: StoredFrame[];
  counters: SocketCounters | null;
  /** new WebSocket() threw: the socket never existed. */
  createError?: { name: string; message: string };
  /** From a page that was since replaced (Preserve log). */
  previous: boolean;
  /** WS Doctor closed this socket on request (Simulate 1001): its close event was synthetic. */
  simulatedClose?: boolean;
}

/** A simulation command as the panel words it; the store adds the version and request number. */
export type SimCommand =
  | { t: 'simulate-close'; frameId: number; doc: string; sock: number }
  | { t: 'simulate-outage'; frameId: number; doc: string; sock: number | null; url: string; seconds: number }
  | { t: 'end-outage'; endpoint: string };

/** The last command the person gave, and how it went. */
export interface CommandState {
  req: number;
  kind: SimCommand['t'];
  /** The connection it was given on. */
  conn: string | null;
  status: 'pending' | 'ok' | 'error';
  error?: string;
}

export interface Doc {
  info: DocInfo;
  frameId: number;
  nextFseq: number;
  nextEseq: number;
  /** Frames the page's hook no longer held when this panel asked (its ring is bounded). */
  notKept: number;
  droppedEvents: number;
  hiddenAt?: number;
  gone: boolean;
  previous: boolean;
}

export interface Notice {
  time: number;
  msg: Msg;
}

export interface StoreLimits {
  maxFrames: number;
  maxBytes: number;
}

/** Handshake records kept (webRequest, one per socket the page opened while the panel watched). */
const MAX_HANDSHAKES = 1000;

/** What the browser's network side saw of one socket's handshake. */
export interface HandshakeSeen {
  record?: HandshakeRecord;
  har?: HarSocketEntry;
}

/** What the Handshake tab and a HAR export show of a socket's handshake. */
export type HandshakeShown = Pick<HandshakeRecord, 'statusCode' | 'statusLine' | 'requestHeaders' | 'responseHeaders' | 'requestHeadersLeftOut' | 'responseHeadersLeftOut'>;

/** The socket failed before open: the only ones a handshake record can explain. */
export const failedBeforeOpen = (c: Conn): boolean => c.facts.close !== undefined && c.facts.openedAt === undefined && !c.createError;

export const DEFAULT_LIMITS: StoreLimits = { maxFrames: 1_000_000, maxBytes: 256 * 1024 * 1024 };

/** Whether `l` is a usable cap: whole, positive numbers (a stored setting may be anything). */
export function validLimits(l: unknown): l is StoreLimits {
  if (typeof l !== 'object' || l === null) return false;
  const { maxFrames, maxBytes } = l as Record<string, unknown>;
  return Number.isSafeInteger(maxFrames) && (maxFrames as number) > 0 && Number.isSafeInteger(maxBytes) && (maxBytes as number) > 0;
}

const liveState = (c: Conn): boolean => c.facts.close === undefined && !c.createError && !c.doc.gone;

export function connState(c: Conn): ConnState {
  if (c.createError) return 'failed';
  if (c.facts.close) return c.facts.openedAt === undefined ? 'failed' : 'closed';
  if (c.doc.gone) return 'gone';
  if (c.facts.closeCalls.some((x) => !x.threw)) return 'closing';
  return c.facts.openedAt === undefined ? 'connecting' : 'open';
}

const MAX_LOST = 10_000;

/** Frames the diagnosis needs of a connection: the discarded runs, and its last frame the browser really carried (its last activity). */
function diagnosisFrames(c: Conn): FrameFact[] {
  const h = c.frames;
  let i = h.length - 1;
  const stop = Math.max(h.start, i - 10_000);
  while (i >= stop && h.flagsAt(i) & FrameFlag.Discarded) i--;
  if (i < stop) return c.lost;
  const last = h.at(i);
  if (c.lost.length === 0) return [last];
  if (c.lost.some((f) => f.seq === last.seq)) return c.lost;
  return [...c.lost, last].sort((a, b) => a.seq - b.seq);
}

/** `readOnly`: an imported HAR, not a live tab: nothing to simulate on. */
export function createStore(limits: StoreLimits = DEFAULT_LIMITS, opts: { readOnly?: boolean } = {}) {
  const docs = new Map<string, Doc>();
  const conns = new Map<string, Conn>();
  /** Connections in creation order. */
  const connList: Conn[] = [];
  /**
   * Which connection each held frame belongs to, in arrival order, for O(1) eviction:
   * runs of frames of one connection (arrivalRun[i] frames of arrivalConn[i]), not an
   * entry per frame; a busy socket's frames come in long runs.
   */
  const arrivalConn: Conn[] = [];
  const arrivalRun: number[] = [];
  let arrivalHead = 0;
  let order = 0;
  let heldFrames = 0;
  let heldBytes = 0;
  let evictedByCap = 0;
  const payloads = new PayloadStrings();
  /** Frames whose preview the hook shortened under load (their sizes are exact). */
  let shortenedFrames = 0;
  const notices: Notice[] = [];

  const revision = signal(0);
  /** The memory cap in force; setLimits() changes it. */
  const limitsSig = signal<StoreLimits>({ ...limits });
  const preserveLog = signal(false);
  const selectedConn = signal<string | null>(null);
  const selectedFrame = signal<number | null>(null);
  /** Bumped when a frame is picked from outside the frames list, to bring the list into view. */
  const revealed = signal(0);
  const protocolProblem = signal<string | null>(null);
  /** Simulated outages in force for this tab, as the background reports them. */
  const outages = signal<OutageInfo[]>([]);
  /** Every outage seen, with `until` cut to when it really ended: to label the sockets it blocked. */
  const outageHistory: OutageInfo[] = [];
  const command = signal<CommandState | null>(null);
  let sender: ((m: PanelToBackground) => boolean) | null = null;
  let nextReq = 1;

  const handshakes: HandshakeRecord[] = [];
  let harEntries: HarSocketEntry[] = [];
  /**
   * Bumped when connections, their events or the network records change, not when
   * frames arrive: what is derived from those alone (handshake matching, reconnect
   * chains) is cached against it, not recomputed for every batch of a busy socket.
   */
  let shape = 0;
  let matched: { shape: number; byTime: Map<string, HandshakeRecord>; byOrder: Map<string, HarSocketEntry> } | null = null;

  let pending = false;
  let schedule: (fn: () => void) => void = (fn) => queueMicrotask(fn);
  function changed() {
    if (pending) return;
    pending = true;
    schedule(() => {
      pending = false;
      revision.value++;
    });
  }

  /**
   * The document these records come from. `revive`: they are a snapshot, which a
   * document sends only when a panel attaches to it; from a document the panel saw
   * leave, that means it came back from the back/forward cache and is current again
   * (Preserve log kept it). Late batches from a leaving document revive nothing.
   */
  function docFor(info: DocInfo, frameId: number, revive = false): Doc {
    let d = docs.get(info.id);
    if (d && d.gone && revive) {
      for (const old of docs.values()) if (old !== d && !old.gone && (info.isTop || old.frameId === frameId)) markGone(old, Date.now());
      shape++;
      d.gone = false;
      d.previous = false;
      for (const c of connList) if (c.doc === d) c.previous = false;
    }
    if (d) return d;
    // A new document in a frame means the previous one there is gone; a new top
    // document means the whole page was replaced (navigation or reload).
    for (const old of docs.values()) {
      if (old.gone) continue;
      if (info.isTop || old.frameId === frameId) markGone(old, info.startedAt);
    }
    if (info.isTop && !preserveLog.value) removeGone();
    d = { info, frameId, nextFseq: 0, nextEseq: 0, notKept: 0, droppedEvents: 0, gone: false, previous: false };
    docs.set(info.id, d);
    return d;
  }

  function markGone(d: Doc, at: number) {
    shape++;
    d.gone = true;
    d.previous = true;
    for (const c of connList) {
      if (c.doc !== d) continue;
      c.previous = true;
      // The browser closes a leaving document's open sockets with 1001.
      if (c.facts.close === undefined && c.facts.pageHiddenAt === undefined && !c.createError) c.facts.pageHiddenAt = d.hiddenAt ?? at;
    }
  }

  function removeGone() {
    shape++;
    for (let i = connList.length - 1; i >= 0; i--) {
      const c = connList[i]!;
      if (!c.doc.gone) continue;
      connList.splice(i, 1);
      conns.delete(c.key);
      heldFrames -= c.frames.held;
      heldBytes -= c.frames.clear();
    }
    for (const [id, d] of docs) if (d.gone) docs.delete(id);
    if (selectedConn.value && !conns.has(selectedConn.value)) {
      selectedConn.value = null;
      selectedFrame.value = null;
    }
    compactArrival();
  }

  /** Drops the runs of connections no longer held, merging the runs that become neighbours. */
  function compactArrival() {
    let w = 0;
    for (let i = arrivalHead; i < arrivalConn.length; i++) {
      const c = arrivalConn[i]!;
      if (!conns.has(c.key)) continue;
      if (w > 0 && arrivalConn[w - 1] === c) arrivalRun[w - 1]! += arrivalRun[i]!;
      else {
        arrivalConn[w] = c;
        arrivalRun[w++] = arrivalRun[i]!;
      }
    }
    arrivalConn.length = arrivalRun.length = w;
    arrivalHead = 0;
  }

  function connFor(d: Doc, sock: number, time: number): Conn {
    const key = d.info.id + ':' + sock;
    let c = conns.get(key);
    if (c) return c;
    shape++;
    const conn: Conn = {
      key,
      doc: d,
      sock,
      facts: {
        id: key,
        url: '',
        frameKey: d.info.id,
        requestedProtocols: [],
        createdAt: time,
        closeCalls: [],
        sendErrors: [],
        get frames() {
          return diagnosisFrames(conn);
        },
      },
      frames: new HeldFrames(payloads),
      lost: [],
      counters: null,
      previous: d.previous,
    };
    c = conn;
    conns.set(key, c);
    connList.push(c);
    return c;
  }

  function applyEvent(d: Doc, e: HookEvent) {
    shape++;
    if (e.k === 'pagehide') {
      d.hiddenAt = e.time;
      for (const c of connList) if (c.doc === d && liveState(c) && c.facts.pageHiddenAt === undefined) c.facts.pageHiddenAt = e.time;
      return;
    }
    if (e.k === 'create-failed') {
      const c = connFor(d, -(e.eseq + 1), e.time);
      c.createError = { name: e.name, message: e.message };
      return;
    }
    const c = connFor(d, e.sock, e.time);
    const f = c.facts;
    switch (e.k) {
      case 'simulated':
        c.simulatedClose = true;
        break;
      case 'create':
        f.url = e.url;
        f.createdAt = e.time;
        f.requestedProtocols = e.protocols;
        break;
      case 'open':
        f.openedAt = e.time;
        f.protocol = e.protocol;
        f.extensions = e.extensions;
        break;
      case 'error':
        f.errorAt ??= e.time;
        break;
      case 'close':
        f.close = { time: e.time, code: e.code, reason: e.reason, wasClean: e.wasClean };
        break;
      case 'close-call':
        f.closeCalls.push({
          time: e.time,
          seq: e.at,
          code: e.code ?? undefined,
          reason: e.reason ?? undefined,
          threw: e.threwName !== null ? { name: e.threwName, message: e.threwMessage ?? '' } : undefined,
          readyState: e.readyState,
        });
        break;
      case 'send-threw':
        f.sendErrors.push({ time: e.time, seq: e.at, name: e.name, message: e.message, readyState: e.readyState });
        break;
    }
  }

  /** The caller fits the cap once its batch is in (fitCap), not per frame. */
  function addFrame(c: Conn, seq: number, flags: number, size: number, time: number, seg: number, off: number, dlen: number) {
    c.frames.push(seq, flags, size, time, order, seg, off, dlen);
    if (flags & FrameFlag.Out && c.lost.length < MAX_LOST) {
      const lostRun = c.lost.length > 0 && c.lost[c.lost.length - 1]!.discarded === true;
      if (flags & FrameFlag.Discarded || lostRun) c.lost.push(new StoredFrame(seq, flags, size, time, null, order));
    }
    order++;
    const last = arrivalConn.length - 1;
    if (last >= arrivalHead && arrivalConn[last] === c) arrivalRun[last]!++;
    else {
      arrivalConn.push(c);
      arrivalRun.push(1);
    }
    heldFrames++;
    heldBytes += frameCost(flags, dlen);
  }

  function fitCap() {
    const { maxFrames, maxBytes } = limitsSig.peek();
    while ((heldFrames > maxFrames || heldBytes > maxBytes) && heldFrames > 0 && evictOne());
  }

  /**
   * Changes the memory cap now. A lower cap drops the oldest frames at once, through
   * the same eviction as new arrivals (counted in evictedByCap); a higher one keeps
   * what is held and lets more in. Nothing evicted comes back.
   */
  function setLimits(next: StoreLimits) {
    if (!validLimits(next)) throw new RangeError('invalid memory cap: ' + JSON.stringify(next));
    limitsSig.value = { maxFrames: next.maxFrames, maxBytes: next.maxBytes };
    fitCap();
    changed();
  }

  /** False when nothing is left to evict. */
  function evictOne(): boolean {
    if (arrivalHead >= arrivalConn.length) return false;
    const c = arrivalConn[arrivalHead]!;
    if (--arrivalRun[arrivalHead]! === 0 && ++arrivalHead > 4096 && arrivalHead * 2 > arrivalConn.length) {
      arrivalConn.splice(0, arrivalHead);
      arrivalRun.splice(0, arrivalHead);
      arrivalHead = 0;
    }
    const cost = c.frames.evictFirst();
    if (cost < 0) return true;
    heldBytes -= cost;
    heldFrames--;
    evictedByCap++;
    return true;
  }

  function applyRecords(frameId: number, m: JoinedRecords | BridgeRecords) {
    const d = docFor(m.doc, frameId, m.t === 'snapshot');
    d.droppedEvents = m.droppedEvents;
    const fr = 'data' in m.frames ? joinPayloads(m.frames) : m.frames;
    // Events and frames interleave by `at` (frames recorded before the event);
    // apply each event before the first frame that came after it.
    const events = m.events.filter((e) => e.eseq >= d.nextEseq).sort((a, b) => a.eseq - b.eseq);
    let ei = 0;
    if (fr.fseq0 > d.nextFseq) d.notKept += fr.fseq0 - d.nextFseq;
    // Payloads stay in the batch's two strings; each frame keeps where its own is.
    const textId = fr.text ? payloads.add(fr.text) : -1;
    const binId = fr.bin ? payloads.add(fr.bin) : -1;
    let textAt = 0;
    let binAt = 0;
    let textRefs = 0;
    let binRefs = 0;
    // Runs of frames of one socket are the rule: its connection is looked up once per
    // run, not by a fresh "doc:sock" key per frame (that key and its hash were ~4% of the
    // panel's time in a profile of a busy echo).
    let runSock = -1;
    let runConn: Conn | null = null;
    for (let i = 0; i < fr.sock.length; i++) {
      const fseq = fr.fseq0 + i;
      const flags = fr.flags[i]!;
      const dlen = fr.dlen[i]!;
      const binary = (flags & FrameFlag.Binary) !== 0;
      const off = binary ? binAt : textAt;
      if (dlen > 0) {
        if (binary) binAt += dlen;
        else textAt += dlen;
      }
      while (ei < events.length && events[ei]!.at <= fseq) {
        applyEvent(d, events[ei++]!);
        runConn = null;
      }
      if (fseq < d.nextFseq) continue;
      const sock = fr.sock[i]!;
      if (runConn === null || sock !== runSock) {
        runConn = connFor(d, sock, fr.time[i]!);
        runSock = sock;
      }
      if (dlen > 0) {
        if (binary) binRefs++;
        else textRefs++;
      }
      if (flags & FrameFlag.Shortened) shortenedFrames++;
      addFrame(runConn, fseq, flags, fr.size[i]!, fr.time[i]!, binary ? binId : textId, off, dlen);
    }
    if (textId >= 0) payloads.retain(textId, textRefs);
    if (binId >= 0) payloads.retain(binId, binRefs);
    fitCap();
    while (ei < events.length) applyEvent(d, events[ei++]!);
    if (m.nextFseq > d.nextFseq) d.nextFseq = m.nextFseq;
    if (m.nextEseq > d.nextEseq) d.nextEseq = m.nextEseq;
    for (const cnt of m.counters) {
      const c = conns.get(d.info.id + ':' + cnt.sock);
      if (c) c.counters = cnt;
    }
  }

  function apply(frameId: number, m: StoreMessage) {
    if (m.t === 'snapshot' || m.t === 'batch') applyRecords(frameId, m);
    else if (m.t === 'pagehide') {
      const d = docs.get(m.doc.id);
      if (d) applyEvent(d, { k: 'pagehide', eseq: -1, at: d.nextFseq, time: m.time, sock: 0, persisted: m.persisted });
    } else if (m.t === 'notice') {
      const text =
        m.code === 'rejected'
          ? msg('panel_notice_rejected', m.doc.url.slice(0, 200), m.detail.slice(0, 300), m.count)
          : msg('panel_notice_bridge_dropped', m.count);
      notices.push({ time: Date.now(), msg: text });
      if (notices.length > 50) notices.shift();
    }
    changed();
  }

  function clear() {
    batch(() => {
      docs.forEach((d) => {
        d.notKept = 0;
      });
      for (const c of connList) c.frames.clear();
      payloads.clear();
      connList.length = 0;
      conns.clear();
      arrivalConn.length = arrivalRun.length = 0;
      arrivalHead = 0;
      heldFrames = 0;
      heldBytes = 0;
      evictedByCap = 0;
      shortenedFrames = 0;
      shape++;
      notices.length = 0;
      handshakes.length = 0;
      selectedConn.value = null;
      selectedFrame.value = null;
    });
    changed();
  }

  function setOutages(list: OutageInfo[], now = Date.now()) {
    for (const h of outageHistory)
      if (h.until > now && !list.some((o) => o.endpoint === h.endpoint && o.from === h.from)) h.until = Math.max(h.from, now);
    for (const o of list) {
      const known = outageHistory.find((h) => h.endpoint === o.endpoint && h.from === o.from);
      if (known) known.until = o.until;
      else outageHistory.push({ ...o });
    }
    if (outageHistory.length > 100) outageHistory.splice(0, outageHistory.length - 100);
    outages.value = list;
    changed();
  }

  /** The simulated outage that blocked this socket, if it was created during one to its endpoint and never opened. */
  function blockedBy(c: Conn): OutageInfo | undefined {
    const f = c.facts;
    if (f.openedAt !== undefined || c.createError || !f.url) return undefined;
    const ep = endpointKey(f.url);
    return outageHistory.find((o) => o.endpoint === ep && f.createdAt >= o.from && f.createdAt <= o.until);
  }

  function addHandshake(rec: HandshakeRecord) {
    handshakes.push(rec);
    shape++;
    if (handshakes.length > MAX_HANDSHAKES) handshakes.splice(0, handshakes.length - MAX_HANDSHAKES);
    changed();
  }

  function setHarEntries(list: HarSocketEntry[]) {
    harEntries = list;
    shape++;
    changed();
  }

  function sockets(now: number): SocketRef[] {
    return connList.filter((c) => c.facts.url && !c.createError).map((c) => ({ key: c.key, url: c.facts.url, createdAt: c.facts.createdAt, end: c.facts.close?.time ?? now }));
  }

  /** Records and log entries paired with sockets, recomputed only when either side changed shape. */
  function currentMatch(now: number) {
    if (!matched || matched.shape !== shape) {
      const refs = sockets(now);
      matched = { shape, byTime: matchByTime(refs, handshakes), byOrder: matchHarByOrder(refs, harEntries) };
    }
    return matched;
  }

  /** The network records matched to this socket, if it failed before open. */
  function handshakeOf(c: Conn, now = Date.now()): HandshakeSeen {
    return failedBeforeOpen(c) ? networkOf(c, now) : {};
  }

  /**
   * What the browser's network side saw of this socket's handshake, failed or not: the
   * webRequest record (its headers say what the page asked for and what the server
   * answered) and DevTools' log entry. Only sockets created while a panel watched the
   * tab have a record; only those created while DevTools was open have an entry.
   */
  function networkOf(c: Conn, now = Date.now()): HandshakeSeen {
    const m = currentMatch(now);
    const record = m.byTime.get(c.key);
    const har = m.byOrder.get(c.key);
    return { ...(record && { record }), ...(har && { har }) };
  }

  /**
   * The subprotocols the page asked for, from whichever side knows them (see
   * requestedProtocols()): the page, the browser's record, DevTools' log, or an imported
   * file's request headers; null when none does.
   */
  function requestedOf(c: Conn): string[] | null {
    const seen = networkOf(c);
    return requestedProtocols(c.facts.requestedProtocols, (imported.get(c.key) ?? seen.record)?.requestHeaders) ?? seen.har?.requestedProtocols ?? null;
  }

  /** An imported file's handshakes, by connection key (a read-only store's only record of them). */
  let imported = new Map<string, ImportedHandshake>();

  /** Connections whose Handshake tab a person opened (see harWanted). */
  const handshakeShown = new Set<string>();

  /**
   * Sockets DevTools' log has something to tell about and no entry from it yet: those
   * that failed before open, and those whose page passed its subprotocols as a list
   * no webRequest record told (the log has the request as sent; Chromium's webRequest
   * sees it before the Sec-WebSocket-* headers are added) once a person opens their
   * Handshake tab. Not every such socket at once: reading the log copies all of it,
   * every message of every socket included, and a page that reconnects often would
   * have it copied again and again.
   */
  function harWanted(): string[] {
    const now = Date.now();
    return connList
      .filter(
        (c) => networkOf(c, now).har === undefined && (failedBeforeOpen(c) || (handshakeShown.has(c.key) && !c.createError && requestedOf(c) === null)),
      )
      .map((c) => c.key);
  }

  /** The Handshake tab of this connection is on screen: what only DevTools' log knows may be read for it. */
  function showingHandshake(c: Conn) {
    if (handshakeShown.has(c.key)) return;
    handshakeShown.add(c.key);
    changed();
  }

  /** Sends a simulation command to the background; false when no port is connected. */
  function sendCommand(cmd: SimCommand, conn: string | null): boolean {
    const req = nextReq++;
    const ok = sender !== null && sender({ ...cmd, v: PROTOCOL_VERSION, req } as PanelToBackground);
    command.value = ok ? { req, kind: cmd.t, conn, status: 'pending' } : { req, kind: cmd.t, conn, status: 'error', error: 'offline' };
    return ok;
  }

  /** Messages from the background that are not page data. */
  function applyControl(m: Extract<BackgroundToPanel, { t: 'command-result' | 'outages' }>) {
    if (m.t === 'outages') {
      setOutages(m.list);
      return;
    }
    const cur = command.value;
    if (!cur || cur.req !== m.req) return;
    command.value = m.ok ? { ...cur, status: 'ok' } : { ...cur, status: 'error', error: m.error ?? 'failed' };
  }

  /** Picks a frame from elsewhere (a 1007 suspect link) and asks the view to show it. */
  function revealFrame(seq: number) {
    selectedFrame.value = seq;
    revealed.value++;
  }

  /** The frames a connection still holds, oldest first, made on demand (views read the rows they show). */
  function framesOf(c: Conn): FrameSeq {
    return heldSeq(c.frames);
  }

  return {
    revision,
    limits: limitsSig as ReadonlySignal<StoreLimits>,
    setLimits,
    preserveLog,
    selectedConn,
    selectedFrame,
    revealed,
    revealFrame,
    protocolProblem,
    outages,
    command,
    apply,
    applyControl,
    setOutages,
    blockedBy,
    addHandshake,
    setHarEntries,
    handshakeOf,
    networkOf,
    requestedOf,
    harWanted,
    showingHandshake,
    /** What an imported file recorded of each socket's handshake. */
    setImportedHandshakes(list: readonly ImportedHandshake[]) {
      imported = new Map(list.map((h) => [h.key, h]));
      changed();
    },
    /** What is known of this socket's handshake: an imported file's entry, or the browser's record. */
    handshakeShownOf: (c: Conn): HandshakeShown | undefined => imported.get(c.key) ?? networkOf(c).record,
    /** The handshake records held, oldest first. */
    handshakeRecords: (): readonly HandshakeRecord[] => handshakes,
    sendCommand,
    readOnly: opts.readOnly === true,
    setSender(fn: ((m: PanelToBackground) => boolean) | null) {
      sender = fn;
    },
    clear,
    /** Changes when connections, their events or the network records change (not with frames). */
    shape: () => shape,
    framesOf,
    /** Every held frame of a connection as an object, oldest first: O(n), for exports and tests. */
    frameArray: (c: Conn): PanelFrame[] => c.frames.toArray(),
    connections: () => connList,
    conn: (key: string) => conns.get(key),
    docs: () => docs,
    notices: () => notices,
    stats: () => {
      let notKept = 0;
      let droppedEvents = 0;
      for (const d of docs.values()) {
        notKept += d.notKept;
        droppedEvents += d.droppedEvents;
      }
      return { heldFrames, heldBytes, evictedByCap, notKept, droppedEvents, shortenedFrames, payloadStrings: payloads.size };
    },
    /** Tests run changes synchronously; the panel batches them with a timer (main.tsx). */
    setScheduler(fn: (cb: () => void) => void) {
      schedule = fn;
    },
  };
}

export type Store = ReturnType<typeof createStore>;
