// The hook's memory: a preallocated ring of frames (typed-array columns, no
// per-frame objects) and a bounded log of lifecycle events. It always records,
// so sockets opened before DevTools was opened still show up; it only sends
// while a panel listens, in batches, never one message per frame.
import {
  BINARY_PREVIEW_BYTES,
  HOOK_FLUSH_FRAMES,
  HOOK_FLUSH_BUSY_MS,
  HOOK_FLUSH_MS,
  HOOK_MAX_EVENTS,
  HOOK_RING_BYTES,
  HOOK_RING_FRAMES,
  TEXT_PREVIEW_UNITS,
} from '../protocol/limits';
import type { HookBatch } from '../protocol/page-messages';
import { FrameFlag, type HookEvent, type SocketCounters } from '../protocol/records';
import { PROTOCOL_VERSION } from '../protocol/version';
import { ONCE, type Natives } from './natives';
import { ASCII_CHECK_UNITS, createUtf8Length } from './utf8-length';
import { BINARY_PREVIEW_BURST, BINARY_PREVIEW_PER_SEC, createPreviewAllowance, previewCap, TEXT_PREVIEW_BURST, TEXT_PREVIEW_PER_SEC } from './preview-budget';

/**
 * A text frame keeps its string (no copy); a binary frame's preview lives in the byte
 * ring (BIN); a Blob read while a panel listened keeps its first bytes in `blobBytes`
 * (BLOB); any other Blob, or a converted value, keeps nothing (null).
 */
const BIN = 1;
const BLOB = 2;
type Payload = string | typeof BIN | typeof BLOB | null;
/** The byte ring starts this small and doubles as binary traffic needs, up to HOOK_RING_BYTES / 2. */
const BIN_RING_START = 256 * 1024;
const BIN_RING_MAX = HOOK_RING_BYTES / 2;
/**
 * A whole text kept in the ring is sized later, many at a time (see sizeTexts): one
 * native encode of several texts joined answers "all ASCII, so bytes = units" for
 * most traffic, where a walk per frame (charCodeAt through the cached native, per
 * unit) cost the page ~0.4 µs per frame.
 */
const UNSIZED = -1;
/** Unsized texts are sized once this many wait, or this many UTF-16 units. */
const SIZE_EVERY_FRAMES = 1024;
const SIZE_EVERY_UNITS = 256 * 1024;
/** Texts checked together: a group with any non-ASCII unit is walked text by text. */
const ASCII_GROUP_FRAMES = 64;
type EventBody = HookEvent extends infer E ? (E extends HookEvent ? Omit<E, 'eseq' | 'at' | 'time' | 'sock'> : never) : never;

export function createRecorder(N: Natives, send: (batch: HookBatch) => void) {
  const cap = HOOK_RING_FRAMES;
  const sockCol = new N.Uint32Array(cap);
  const flagCol = new N.Uint8Array(cap);
  const sizeCol = new N.Float64Array(cap);
  const timeCol = new N.Float64Array(cap);
  /** Bytes each slot's payload retains, for the ring's byte budget. */
  const heldCol = new N.Float64Array(cap);
  const dataCol: Payload[] = [];
  for (let i = 0; i < cap; i++) dataCol[i] = null;
  // Binary previews are copied into one preallocated byte ring, never into a buffer of
  // their own: allocating a retained 4 KiB ArrayBuffer per frame cost the page ~40 µs
  // in Chromium (measured), the copy into the ring ~6 µs. Offsets are virtual (they
  // only grow); a preview occupies [off, off + len) at off % binCap, never wrapping.
  const binOffCol = new N.Float64Array(cap);
  let bins: Uint8Array | null = null;
  /** bins' buffer: views on it are made with `new`, never subarray(), which looks up `constructor` and Symbol.species (page-visible). */
  let binsBuf: ArrayBuffer | null = null;
  let binCap = 0;
  let binHead = 0;

  // A Blob's bytes can only be read asynchronously. While a panel listens, the first
  // bytes of each Blob frame are read (FileReader: no promise, nothing the page can
  // observe), and batches stop before the oldest Blob still being read, so that its
  // preview goes out with it and nothing after it goes out first. With no panel, Blobs
  // are not read: only their size is kept.
  const blobBytes = new N.Map<number, ArrayBuffer>();
  /** 1 while the slot's Blob is being read. */
  const readingCol = new N.Uint8Array(cap);
  let reads = 0;

  const { utf8Length, allAscii } = createUtf8Length(N);
  /** Frames below this one have their final size; texts from it on may be UNSIZED. */
  let sizedFseq = 0;
  let unsized = 0;
  let unsizedUnits = 0;

  let nextFseq = 0; // sequence number of the next frame
  let oldestFseq = 0; // oldest frame still in the ring
  let sentFseq = 0; // frames below this were sent to the current listener
  let heldBytes = 0;

  let events: HookEvent[] = [];
  let eventsHead = 0; // events[eventsHead..] are live; the prefix is compacted lazily
  let nextEseq = 0;
  let sentEseq = 0;
  let droppedEvents = 0;

  // Exact per-socket counters: [framesOut, framesIn, bytesOut, bytesIn] per socket id.
  let counters = new N.Float64Array(64 * 4);
  let maxSock = 0;

  // Writes an array element without consulting Array.prototype (a page could plant
  // setters there). The descriptor has no prototype for the same reason.
  const desc = { __proto__: null, value: null as unknown, writable: true, enumerable: true, configurable: true };
  function put(arr: unknown[], i: number, v: unknown) {
    desc.value = v;
    N.defineProperty(arr, i, desc);
    desc.value = null;
  }

  let live = false;
  let flushScheduled = false;
  /** When the last batch went out (-Infinity: never), to tell a busy stream from a lone frame. */
  let lastFlushAt = -Infinity;
  /** Every record goes out at once (a document being discarded runs no timers again). */
  let eager = false;
  const textAllowance = createPreviewAllowance(TEXT_PREVIEW_PER_SEC, TEXT_PREVIEW_BURST);
  const binAllowance = createPreviewAllowance(BINARY_PREVIEW_PER_SEC, BINARY_PREVIEW_BURST);

  function growCounters(sock: number) {
    if (sock > maxSock) maxSock = sock;
    if ((sock + 1) * 4 <= counters.length) return;
    const want = (sock + 1) * 4;
    const bigger = new N.Float64Array(want > counters.length * 2 ? want : counters.length * 2);
    N.f64Set(bigger, counters);
    counters = bigger;
  }

  function evictOldest() {
    if (unsized > 0 && oldestFseq >= sizedFseq) sizeTexts();
    const slot = oldestFseq % cap;
    if (dataCol[slot] === BLOB) N.mapDelete(blobBytes, oldestFseq);
    if (readingCol[slot]) {
      readingCol[slot] = 0;
      reads--;
    }
    heldBytes -= heldCol[slot]!;
    heldCol[slot] = 0;
    dataCol[slot] = null;
    oldestFseq++;
  }

  /** Sequence number of the oldest live frame with a binary preview, or -1. Amortised O(1): the cursor only moves forward. */
  let binCursor = 0;
  function oldestBin(): number {
    if (binCursor < oldestFseq) binCursor = oldestFseq;
    while (binCursor < nextFseq && dataCol[binCursor % cap] !== BIN) binCursor++;
    return binCursor < nextFseq ? binCursor : -1;
  }

  /** Oldest frames go (in order, as always) until no live binary preview starts before `limit`. */
  function evictBinBefore(limit: number) {
    for (let f = oldestBin(); f >= 0 && binOffCol[f % cap]! < limit; f = oldestBin()) {
      while (oldestFseq <= f) evictOldest();
    }
  }

  /** Doubles the byte ring (or creates it), laying the live previews out again from offset 0. */
  function growBins() {
    const next = binCap ? binCap * 2 : BIN_RING_START;
    const bigger = new N.Uint8Array(next);
    let at = 0;
    for (let f = oldestFseq; f < nextFseq; f++) {
      const slot = f % cap;
      if (dataCol[slot] !== BIN) continue;
      const len = heldCol[slot]!;
      const from = binOffCol[slot]! % binCap;
      if (len > 0) N.u8Set(bigger, new N.Uint8Array(binsBuf!, from, len), at);
      binOffCol[slot] = at;
      at += len;
    }
    bins = bigger;
    binsBuf = N.viewBuffer(bigger);
    binCap = next;
    binHead = at;
  }

  /** Copies `n` (≤ BINARY_PREVIEW_BYTES) bytes of `buf` from `offset` into the byte ring; returns their virtual offset. */
  function keepBytes(buf: ArrayBuffer, offset: number, n: number): number {
    if (!bins) growBins();
    for (;;) {
      // A preview never wraps: the tail too short for it is skipped.
      let head = binHead;
      if ((head % binCap) + n > binCap) head += binCap - (head % binCap);
      // Previews starting before `limit` are overwritten by this one: grow rather than
      // evict while the ring may still grow.
      const limit = head + n - binCap;
      const oldest = oldestBin();
      if (binCap < BIN_RING_MAX && oldest >= 0 && binOffCol[oldest % cap]! < limit) {
        growBins();
        continue;
      }
      evictBinBefore(limit);
      N.u8Set(bins!, new N.Uint8Array(buf, offset, n), head % binCap);
      binHead = head + n;
      return head;
    }
  }

  function setSize(slot: number, size: number) {
    sizeCol[slot] = size;
    counters[sockCol[slot]! * 4 + (flagCol[slot]! & FrameFlag.Out ? 2 : 3)]! += size;
  }

  /** Gives every UNSIZED text its UTF-8 length, and its socket's byte counter the bytes. */
  function sizeTexts() {
    // Frames evicted meanwhile were all sized (eviction sizes first while any wait).
    for (let f = sizedFseq < oldestFseq ? oldestFseq : sizedFseq; f < nextFseq; ) {
      // A group: consecutive unsized texts, joined, within what one check takes.
      let joined = '';
      let count = 0;
      const first = f;
      for (; f < nextFseq && count < ASCII_GROUP_FRAMES; f++) {
        const slot = f % cap;
        if (sizeCol[slot] !== UNSIZED) continue;
        const s = dataCol[slot] as string;
        if (count > 0 && joined.length + s.length > ASCII_CHECK_UNITS) break;
        joined += s;
        count++;
      }
      const ascii = allAscii(joined);
      for (let g = first; g < f; g++) {
        const slot = g % cap;
        if (sizeCol[slot] !== UNSIZED) continue;
        const s = dataCol[slot] as string;
        setSize(slot, ascii ? s.length : utf8Length(s));
      }
    }
    sizedFseq = nextFseq;
    unsized = unsizedUnits = 0;
  }

  /** A text frame: kept whole (and sized later) when short, else its start, sized now. */
  function text(sock: number, flags: number, s: string) {
    if (s.length <= TEXT_PREVIEW_UNITS) {
      frame(sock, flags, UNSIZED, s, s.length * 2);
      return;
    }
    const payload = N.strSlice(s, 0, TEXT_PREVIEW_UNITS);
    frame(sock, flags | FrameFlag.Truncated, utf8Length(s), payload, payload.length * 2);
  }

  function frame(sock: number, flags: number, size: number, data: Payload, held: number) {
    if (nextFseq - oldestFseq === cap) evictOldest();
    while (heldBytes + held > HOOK_RING_BYTES && oldestFseq < nextFseq) evictOldest();
    const slot = nextFseq % cap;
    sockCol[slot] = sock;
    flagCol[slot] = flags;
    sizeCol[slot] = size;
    timeCol[slot] = N.now();
    dataCol[slot] = data;
    heldCol[slot] = held;
    heldBytes += held;
    nextFseq++;
    const base = sock * 4 + (flags & FrameFlag.Out ? 0 : 1);
    counters[base]!++;
    if (size !== UNSIZED) counters[base + 2]! += size;
    else if (++unsized >= SIZE_EVERY_FRAMES || (unsizedUnits += (data as string).length) >= SIZE_EVERY_UNITS) sizeTexts();
    if (live) {
      // Not while an old Blob is still being read: the batch would stop before it.
      if (eager || (nextFseq - sentFseq >= HOOK_FLUSH_FRAMES && readLimit() - sentFseq >= HOOK_FLUSH_FRAMES)) flush();
      else if (!flushScheduled) scheduleFlush();
    }
  }

  function event(sock: number, body: EventBody) {
    const e = body as HookEvent;
    e.eseq = nextEseq++;
    e.at = nextFseq;
    e.time = N.now();
    e.sock = sock;
    if (events.length - eventsHead >= HOOK_MAX_EVENTS) {
      eventsHead++;
      droppedEvents++;
      if (eventsHead > 4096) {
        events = N.arraySlice(events, eventsHead);
        eventsHead = 0;
      }
    }
    put(events, events.length, e);
    if (live) {
      if (eager) flush();
      else if (!flushScheduled) scheduleFlush();
    }
  }

  function onTimer() {
    flushScheduled = false;
    if (live) flush();
  }
  function scheduleFlush() {
    flushScheduled = true;
    const busy = N.now() - lastFlushAt < 2 * HOOK_FLUSH_BUSY_MS;
    N.addListener(N.timeout(busy ? HOOK_FLUSH_BUSY_MS : HOOK_FLUSH_MS), 'abort', onTimer, ONCE);
  }

  /**
   * A binary frame: at most BINARY_PREVIEW_BYTES are copied into the byte ring (the
   * page may reuse or detach its buffer after send); `size` is the whole frame's.
   */
  function binaryFrame(sock: number, flags: number, buf: ArrayBuffer, offset: number, length: number) {
    const n = length < BINARY_PREVIEW_BYTES ? length : BINARY_PREVIEW_BYTES;
    // The offset goes in before frame(), which may flush (and read it) at once.
    binOffCol[nextFseq % cap] = n > 0 ? keepBytes(buf, offset, n) : binHead;
    frame(sock, flags | FrameFlag.Binary | (n < length ? FrameFlag.Truncated : 0), length, BIN, n);
  }

  /** Sequence number of the oldest frame whose Blob is still being read, or nextFseq. Amortised O(1), like oldestBin(). */
  let readCursor = 0;
  function readLimit(): number {
    if (reads === 0) return nextFseq;
    if (readCursor < oldestFseq) readCursor = oldestFseq;
    while (readCursor < nextFseq && !readingCol[readCursor % cap]) readCursor++;
    return readCursor;
  }

  function blobRead(fseq: number, bytes: ArrayBuffer | null) {
    const slot = fseq % cap;
    // Evicted meanwhile: evictOldest() already cleared its mark.
    if (fseq < oldestFseq) return;
    if (readingCol[slot]) {
      readingCol[slot] = 0;
      reads--;
    }
    if (bytes !== null && dataCol[slot] === null) {
      const n = N.abByteLength(bytes);
      N.mapSet(blobBytes, fseq, bytes);
      dataCol[slot] = BLOB;
      heldCol[slot] = n;
      heldBytes += n;
      if (n < sizeCol[slot]!) flagCol[slot] = flagCol[slot]! | FrameFlag.Truncated;
    }
    if (live && !flushScheduled) scheduleFlush();
  }

  /**
   * A Blob frame. While a panel listens, its first BINARY_PREVIEW_BYTES are read
   * (asynchronously; see `blobBytes`); otherwise only its size is recorded.
   */
  function blobFrame(sock: number, flags: number, blob: Blob, size: number) {
    const fseq = nextFseq;
    const n = size < BINARY_PREVIEW_BYTES ? size : BINARY_PREVIEW_BYTES;
    // Marked as being read before frame(), which may flush at once; a full ring makes
    // room first, so that frame() does not evict the slot just marked.
    if (live && n > 0) {
      if (nextFseq - oldestFseq === cap) evictOldest();
      readingCol[fseq % cap] = 1;
      reads++;
      try {
        const reader = new N.FileReader();
        N.addListener(
          reader,
          'loadend',
          () => {
            let bytes: ArrayBuffer | null = null;
            try {
              const r = N.readerResult(reader);
              if (r !== null && typeof r === 'object') bytes = r as ArrayBuffer;
            } catch {}
            blobRead(fseq, bytes);
          },
          ONCE,
        );
        N.readAsArrayBuffer(reader, N.blobSlice(blob, 0, n));
      } catch {
        readingCol[fseq % cap] = 0;
        reads--;
      }
    }
    frame(sock, flags | FrameFlag.Binary | FrameFlag.Blob, size, null, 0);
  }

  // Runs at flush time, long after install: it touches only cached natives (getters
  // included: a page may redefine ArrayBuffer.prototype.byteLength or .buffer) and
  // literals, never globals a page may have replaced since (Array, Math, …).
  function build(t: 'snapshot' | 'batch'): HookBatch {
    if (unsized > 0) sizeTexts();
    const from = t === 'snapshot' || sentFseq < oldestFseq ? oldestFseq : sentFseq;
    const limit = readLimit();
    const to = limit < from ? from : limit;
    const n = to - from;
    const sock = new N.Uint32Array(n);
    const flags = new N.Uint8Array(n);
    const size = new N.Float64Array(n);
    const time = new N.Float64Array(n);
    const len = new N.Uint32Array(n);
    const touched = new N.Uint8Array(maxSock + 1);
    // Preview lengths per kind (0 for the other kind): each kind has its own allowance.
    const textLen = new N.Uint32Array(n);
    const binLen = new N.Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const slot = (from + i) % cap;
      const s = sockCol[slot]!;
      sock[i] = s;
      touched[s] = 1;
      flags[i] = flagCol[slot]!;
      size[i] = sizeCol[slot]!;
      time[i] = timeCol[slot]!;
      const d = dataCol[slot] ?? null;
      if (typeof d === 'string') len[i] = textLen[i] = d.length;
      else if (d === BIN || d === BLOB) len[i] = binLen[i] = heldCol[slot]!;
    }
    // Live batches share the preview allowances; a snapshot (once per attach) does not.
    let textLimit = Infinity;
    let binLimit = Infinity;
    if (t === 'batch') {
      const now = N.now();
      textLimit = previewCap(textLen, n, textAllowance.available(now));
      binLimit = previewCap(binLen, n, binAllowance.available(now));
    }
    // Text previews are appended to one string (a rope: no copy until it is cloned);
    // binary previews are sized first, then copied into one buffer.
    let text = '';
    let binBytes = 0;
    let textUnits = 0;
    for (let i = 0; i < n; i++) {
      const d = dataCol[(from + i) % cap] ?? null;
      if (d === null) continue;
      let l = len[i]!;
      const limit = typeof d === 'string' ? textLimit : binLimit;
      if (l > limit) {
        l = limit;
        // Never end a text preview between the two halves of a surrogate pair.
        if (typeof d === 'string') {
          const c = N.charCodeAt(d, l - 1);
          if (c >= 0xd800 && c <= 0xdbff) l--;
        }
        len[i] = l;
        flags[i] = flags[i]! | FrameFlag.Truncated | FrameFlag.Shortened;
      }
      if (typeof d === 'string') {
        text += l < d.length ? N.strSlice(d, 0, l) : d;
        textUnits += l;
      } else binBytes += l;
    }
    if (t === 'batch') {
      textAllowance.spend(textUnits);
      binAllowance.spend(binBytes);
    }
    const bin = new N.Uint8Array(binBytes);
    if (binBytes > 0) {
      for (let i = 0, at = 0; i < n; i++) {
        const slot = (from + i) % cap;
        const d = dataCol[slot];
        if (d === BIN) N.u8Set(bin, new N.Uint8Array(binsBuf!, binOffCol[slot]! % binCap, len[i]!), at);
        else if (d === BLOB) N.u8Set(bin, new N.Uint8Array(N.mapGet(blobBytes, from + i)!, 0, len[i]!), at);
        else continue;
        at += len[i]!;
      }
    }
    const unsentEvents = nextEseq - sentEseq;
    const held = events.length - eventsHead;
    const evFrom = t === 'snapshot' || unsentEvents >= held ? eventsHead : events.length - unsentEvents;
    const evs: HookEvent[] = [];
    // Events after a Blob still being read wait with the frames after it.
    let evEnd = events.length;
    for (let i = evFrom, j = 0; i < events.length; i++, j++) {
      const e = events[i]!;
      if (e.at > to) {
        evEnd = i;
        break;
      }
      put(evs, j, e);
      if (e.sock <= maxSock) touched[e.sock] = 1;
    }
    const list: SocketCounters[] = [];
    for (let s = 1, j = 0; s <= maxSock; s++) {
      if (t === 'batch' && !touched[s]) continue;
      const c: SocketCounters = {
        sock: s,
        framesOut: counters[s * 4]!,
        framesIn: counters[s * 4 + 1]!,
        bytesOut: counters[s * 4 + 2]!,
        bytesIn: counters[s * 4 + 3]!,
      };
      put(list, j++, c);
    }
    sentFseq = to;
    sentEseq = nextEseq - (events.length - evEnd);
    return {
      v: PROTOCOL_VERSION,
      t,
      frames: { fseq0: from, sock, flags, size, time, len, text, bin: N.viewBuffer(bin) },
      events: evs,
      counters: list,
      nextFseq: to,
      nextEseq: sentEseq,
      droppedEvents,
    };
  }

  function flush() {
    if (nextFseq === sentFseq && nextEseq === sentEseq) return;
    lastFlushAt = N.now();
    send(build('batch'));
  }

  return {
    frame,
    text,
    event,
    binaryFrame,
    blobFrame,
    growCounters,
    /** A panel started listening: send everything still held, then stream. */
    attach() {
      live = true;
      send(build('snapshot'));
    },
    detach() {
      live = false;
    },
    flushNow() {
      if (live) flush();
    },
    /** From now on, send each frame and event as it is recorded (see hook.iife.ts, pagehide). */
    sendEachRecord() {
      eager = true;
      if (live) flush();
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
