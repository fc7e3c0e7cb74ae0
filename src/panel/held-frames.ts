// The frames one connection holds, kept in columns. A busy panel holds up to a
// million frames; as one object each (plus a string each), every frame was built,
// copied twice by the young-generation collector and marked by every full one:
// measured in the panel of a busy echo, that was about half of the extension's CPU
// per frame. In columns a frame costs a few typed-array writes, its payload stays
// inside the string its batch arrived in, and a frame becomes an object only when
// something asks for it: the rows on screen, the frame detail, an export.
import { FrameFlag } from '../protocol/records';
import type { FrameFact } from '../diagnosis/facts';

export interface PanelFrame extends FrameFact {
  /** Binary preview, base64 (decoded only when a person looks at it). */
  readonly b64?: string;
  readonly truncated: boolean;
  /** The preview was cut shorter than usual: the page sent faster than the live preview allowance. */
  readonly shortened?: boolean;
  readonly blob: boolean;
  readonly converted: boolean;
  /** Arrival order in this panel: the memory cap evicts the lowest first. */
  readonly order: number;
}

/**
 * What a frame says through its flags, read the same way by every form of a frame:
 * the object a view gets (StoredFrame) and the cursor a filter pass moves (FrameCursor).
 */
abstract class FlaggedFrame {
  abstract readonly flags: number;
  abstract readonly text: string | undefined;
  get textComplete(): boolean | undefined {
    return this.text === undefined ? undefined : (this.flags & FrameFlag.Truncated) === 0;
  }
  get truncated(): boolean {
    return (this.flags & FrameFlag.Truncated) !== 0;
  }
  get shortened(): boolean | undefined {
    return this.flags & FrameFlag.Shortened ? true : undefined;
  }
  get blob(): boolean {
    return (this.flags & FrameFlag.Blob) !== 0;
  }
  get converted(): boolean {
    return (this.flags & FrameFlag.Converted) !== 0;
  }
  get discarded(): boolean | undefined {
    return this.flags & FrameFlag.Discarded ? true : undefined;
  }
  get illFormed(): boolean | undefined {
    return this.flags & FrameFlag.IllFormed ? true : undefined;
  }
}

/**
 * A frame as views read it, made on demand from the columns. What is read often is
 * a field; the rest is read from the flags. (A Firefox test reads panel objects
 * through Xray wrappers, which show own fields only: the flags are one.)
 */
export class StoredFrame extends FlaggedFrame implements PanelFrame {
  readonly dir: 'in' | 'out';
  readonly binary: boolean;
  readonly text: string | undefined;
  readonly b64: string | undefined;
  constructor(
    readonly seq: number,
    readonly flags: number,
    readonly size: number,
    readonly time: number,
    /** Text, or base64 of a binary preview, or null (nothing kept). */
    data: string | null,
    readonly order: number,
  ) {
    super();
    this.dir = flags & FrameFlag.Out ? 'out' : 'in';
    this.binary = (flags & FrameFlag.Binary) !== 0;
    this.text = this.binary || data === null ? undefined : data;
    this.b64 = this.binary && data !== null ? data : undefined;
  }
}

/**
 * The strings payloads live in (one per batch and kind, payloads back to back),
 * shared by every connection's columns and freed when the last frame in them goes.
 * Frames go in arrival order, and so do batches, so a string is rarely kept alive
 * by a few frames; when it is (a page's connections removed on navigation), the
 * rest of that batch is freed with its last frame.
 */
export class PayloadStrings {
  private strs: Array<string | undefined> = [];
  private refs: number[] = [];
  /** Id of strs[0]: ids stay valid as the front is trimmed. */
  private base = 0;

  /** A new string with no frames in it yet; `retain` adds them. */
  add(s: string): number {
    this.strs.push(s);
    this.refs.push(0);
    return this.base + this.strs.length - 1;
  }
  retain(id: number, frames: number) {
    this.refs[id - this.base]! += frames;
    if (this.refs[id - this.base] === 0) this.release(id, 0);
  }
  get(id: number): string {
    return this.strs[id - this.base] ?? '';
  }
  release(id: number, frames = 1) {
    const i = id - this.base;
    if ((this.refs[i]! -= frames) > 0) return;
    this.strs[i] = undefined;
    let k = 0;
    while (k < this.strs.length && this.strs[k] === undefined) k++;
    // Trimmed in steps, not per string: splicing a long array's front costs its length.
    if (k === this.strs.length || k > 256) {
      this.strs.splice(0, k);
      this.refs.splice(0, k);
      this.base += k;
    }
  }
  /** Strings held (for tests). */
  get size(): number {
    let n = 0;
    for (const s of this.strs) if (s !== undefined) n++;
    return n;
  }
  clear() {
    this.base += this.strs.length;
    this.strs = [];
    this.refs = [];
  }
}

/** Rough bytes a held frame costs: its columns, and its payload (UTF-16 text, or base64). */
export const frameCost = (flags: number, dlen: number): number => 48 + (dlen > 0 ? (flags & FrameFlag.Binary ? dlen : 2 * dlen) : 0);

/** Nothing kept of the payload (a converted value, a Blob nobody read). */
const NO_DATA = -1;

/** What `at` gives for a frame no longer held. */
const EVICTED = new StoredFrame(-1, 0, 0, 0, null, -1);

/** Frames per chunk of columns. */
const CHUNK = 4096;
/** A connection's first chunk starts this small and grows to CHUNK: most connections hold few frames. */
const FIRST_CAP = 64;

/**
 * The columns of up to CHUNK frames, in one buffer. Chunks are never copied once
 * full and are dropped whole as the memory cap evicts past them: no large array is
 * reallocated as a connection grows (in the panel of a busy echo, doubling flat
 * columns cost about 1 µs per frame in allocation and copying).
 */
class Chunk {
  readonly seq: Float64Array;
  readonly time: Float64Array;
  readonly size: Float64Array;
  readonly order: Float64Array;
  readonly seg: Int32Array;
  readonly off: Uint32Array;
  readonly dlen: Int32Array;
  readonly flags: Uint8Array;
  constructor(readonly cap: number, from?: Chunk) {
    const b = new ArrayBuffer(cap * 45);
    this.seq = new Float64Array(b, 0, cap);
    this.time = new Float64Array(b, 8 * cap, cap);
    this.size = new Float64Array(b, 16 * cap, cap);
    this.order = new Float64Array(b, 24 * cap, cap);
    this.seg = new Int32Array(b, 32 * cap, cap);
    this.off = new Uint32Array(b, 36 * cap, cap);
    this.dlen = new Int32Array(b, 40 * cap, cap);
    this.flags = new Uint8Array(b, 44 * cap, cap);
    if (from) {
      this.seq.set(from.seq);
      this.time.set(from.time);
      this.size.set(from.size);
      this.order.set(from.order);
      this.seg.set(from.seg);
      this.off.set(from.off);
      this.dlen.set(from.dlen);
      this.flags.set(from.flags);
    }
  }
}

export class HeldFrames {
  /** Index of the first held frame: the ones before it were evicted by the memory cap. */
  start = 0;
  /** One past the last frame. Indices never move: a frame keeps its index while held. */
  length = 0;
  private chunks: Chunk[] = [];
  /** Chunk number of chunks[0]. */
  private base = 0;

  constructor(private readonly payloads: PayloadStrings) {}

  get held(): number {
    return this.length - this.start;
  }

  private chunk(i: number): Chunk {
    return this.chunks[Math.floor(i / CHUNK) - this.base]!;
  }

  /**
   * `seg` is the payload string (PayloadStrings id; the caller retains it), `off` and
   * `dlen` where in it this frame's payload is; `dlen` -1: nothing kept.
   */
  push(seq: number, flags: number, size: number, time: number, order: number, seg: number, off: number, dlen: number) {
    const i = this.length++;
    const k = Math.floor(i / CHUNK) - this.base;
    const j = i % CHUNK;
    let c = this.chunks[k];
    if (c === undefined) this.chunks.push((c = new Chunk(this.chunks.length === 0 && j === 0 ? FIRST_CAP : CHUNK)));
    else if (j === c.cap) this.chunks[k] = c = new Chunk(Math.min(CHUNK, c.cap * 4), c);
    c.seq[j] = seq;
    c.time[j] = time;
    c.size[j] = size;
    c.order[j] = order;
    c.flags[j] = flags;
    c.seg[j] = dlen > 0 ? seg : NO_DATA;
    c.off[j] = off;
    c.dlen[j] = dlen;
  }

  seqAt(i: number): number {
    return this.chunk(i).seq[i % CHUNK]!;
  }
  timeAt(i: number): number {
    return this.chunk(i).time[i % CHUNK]!;
  }
  sizeAt(i: number): number {
    return this.chunk(i).size[i % CHUNK]!;
  }
  flagsAt(i: number): number {
    return this.chunk(i).flags[i % CHUNK]!;
  }
  orderAt(i: number): number {
    return this.chunk(i).order[i % CHUNK]!;
  }
  /** The kept payload: text, base64 of a binary preview, or null. */
  dataAt(i: number): string | null {
    const c = this.chunk(i);
    const j = i % CHUNK;
    const l = c.dlen[j]!;
    if (l <= 0) return l === 0 ? '' : null;
    const o = c.off[j]!;
    return this.payloads.get(c.seg[j]!).slice(o, o + l);
  }
  /** Time of frame `i`, or 0 once the cap evicted it (a stale view, as in `at`). */
  timeIfHeld(i: number): number {
    return i >= this.start && i < this.length ? this.timeAt(i) : 0;
  }
  /** The text of a text frame (undefined for binary frames and when nothing was kept). */
  textAt(i: number): string | undefined {
    if (this.flagsAt(i) & FrameFlag.Binary) return undefined;
    return this.dataAt(i) ?? undefined;
  }

  /**
   * Frame `i` (start ≤ i < length) as an object: a new one per call. A view drawn from
   * before the last batch (a list scrolled between two renders) may ask for a frame the
   * cap has evicted since: it gets an empty placeholder until the next render.
   */
  at(i: number): StoredFrame {
    if (!(i >= this.start && i < this.length)) return EVICTED;
    const c = this.chunk(i);
    const j = i % CHUNK;
    return new StoredFrame(c.seq[j]!, c.flags[j]!, c.size[j]!, c.time[j]!, this.dataAt(i), c.order[j]!);
  }

  /** Index of the first held frame with seq > `seq` (seqs are in order). */
  indexAfter(seq: number): number {
    let lo = this.start;
    let hi = this.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.seqAt(mid) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the held frame with this seq, or -1. */
  indexOfSeq(seq: number): number {
    const i = this.indexAfter(seq - 1);
    return i < this.length && this.seqAt(i) === seq ? i : -1;
  }

  /** Evicts the oldest held frame; its cost, or -1 when none is held. */
  evictFirst(): number {
    if (this.start >= this.length) return -1;
    const i = this.start++;
    const c = this.chunk(i);
    const j = i % CHUNK;
    if (c.seg[j]! >= 0) this.payloads.release(c.seg[j]!);
    const cost = frameCost(c.flags[j]!, c.dlen[j]!);
    if (this.start === this.length) this.reset();
    else if (j === CHUNK - 1) {
      this.chunks.shift();
      this.base++;
    }
    return cost;
  }

  /** Drops every frame (their payload strings released); the cost of what was held. */
  clear(): number {
    let cost = 0;
    for (let i = this.start; i < this.length; i++) {
      const c = this.chunk(i);
      const j = i % CHUNK;
      cost += frameCost(c.flags[j]!, c.dlen[j]!);
      if (c.seg[j]! >= 0) this.payloads.release(c.seg[j]!);
    }
    this.reset();
    return cost;
  }

  /** Nothing held: the chunks go, indices go on from where they were. */
  private reset() {
    this.start = this.length;
    this.chunks = [];
    this.base = Math.floor(this.length / CHUNK);
  }

  /** The held frames as objects, oldest first: O(n), for exports and tests. */
  toArray(): StoredFrame[] {
    const out: StoredFrame[] = new Array(this.held);
    for (let i = this.start; i < this.length; i++) out[i - this.start] = this.at(i);
    return out;
  }
}

/**
 * One held frame read straight from the columns, moved from frame to frame by its
 * owner: a filter pass over a million frames makes no object per frame, only the
 * payload slices it reads. Never to be kept: it changes under whoever holds it.
 */
export class FrameCursor extends FlaggedFrame implements PanelFrame {
  i = 0;
  constructor(private readonly h: HeldFrames) {
    super();
  }
  get flags(): number {
    return this.h.flagsAt(this.i);
  }
  get seq(): number {
    return this.h.seqAt(this.i);
  }
  get size(): number {
    return this.h.sizeAt(this.i);
  }
  get time(): number {
    return this.h.timeAt(this.i);
  }
  get order(): number {
    return this.h.orderAt(this.i);
  }
  get dir(): 'in' | 'out' {
    return this.flags & FrameFlag.Out ? 'out' : 'in';
  }
  get binary(): boolean {
    return (this.flags & FrameFlag.Binary) !== 0;
  }
  get text(): string | undefined {
    return this.h.textAt(this.i);
  }
  get b64(): string | undefined {
    return this.flags & FrameFlag.Binary ? (this.h.dataAt(this.i) ?? undefined) : undefined;
  }
}

/** Frames as a view lists them: a count and the frame at a position, made on demand. */
export interface FrameSeq {
  readonly length: number;
  at(i: number): PanelFrame;
  /** Time of the frame at position i, without making it (the time-delta column). */
  timeAt(i: number): number;
}

/** Every held frame of a connection, as a FrameSeq (position 0 is the oldest held). */
export function heldSeq(h: HeldFrames): FrameSeq {
  const s = h.start;
  return { length: h.held, at: (i) => h.at(s + i), timeAt: (i) => h.timeIfHeld(s + i) };
}
