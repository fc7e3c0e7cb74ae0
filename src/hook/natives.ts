// Every built-in the hook relies on, taken once at install time, before any
// page script runs. Later page monkey-patching (of Array, Map, EventTarget,
// Function.prototype.call …) then cannot reach the hook or break it.

const { apply, construct, getOwnPropertyDescriptor: getDesc, defineProperty, getPrototypeOf: getProto } = Reflect;
// fn.call bound to fn: `uncurry(f)(self, a)` runs `f` with `this = self` through the
// original Function.prototype.call, with no per-call allocation.
const callBind = Function.prototype.bind.bind(Function.prototype.call) as (
  fn: unknown,
) => (self: unknown, ...args: never[]) => unknown;
const uncurry = (fn: unknown) => callBind(fn) as (self: unknown, ...args: any[]) => any;

function getter(proto: object, name: string): (self: unknown) => unknown {
  const get = getDesc(proto, name)?.get;
  if (!get) throw new Error('no getter ' + name);
  return uncurry(get);
}

function ownGetter(obj: object, name: string): ((self: unknown) => unknown) | null {
  let o: object | null = obj;
  while (o) {
    const d = getDesc(o, name);
    if (d) return d.get ? uncurry(d.get) : null;
    o = getProto(o);
  }
  return null;
}

/**
 * Options for the hook's one-shot listeners (timers, Blob reads): every member given
 * and no prototype, because the browser reads capture, once, passive and signal from
 * them and a page's getters on Object.prototype must not see it.
 */
export const ONCE = { __proto__: null, once: true, capture: false, passive: true, signal: undefined } as AddEventListenerOptions;

export function captureNatives(win: typeof globalThis) {
  const WS = win.WebSocket;
  const wsProto = WS.prototype;
  const typedArrayProto = Object.getPrototypeOf(win.Uint8Array.prototype) as object;
  const perf = win.performance;
  const perfCall = uncurry(perf.now);
  const timeOrigin = perf.timeOrigin;
  const isWellFormed = (win.String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
  const strSlice = win.String.prototype.slice;
  const abortTimeout = win.AbortSignal.timeout;
  const isError = (win.Error as { isError?: (v: unknown) => boolean }).isError;
  // Prototypes of the built-in error types, to name a genuine Error without reading it.
  const errorProtos: Array<[object, string]> = [];
  for (const name of ['TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError', 'Error'] as const) {
    const C = (win as unknown as Record<string, { prototype: object } | undefined>)[name];
    if (C) errorProtos.push([C.prototype, name]);
  }
  return {
    apply,
    construct,
    getDesc,
    defineProperty,
    getProto,
    win,
    WS,
    wsProto,
    send: wsProto.send,
    close: wsProto.close,
    Proxy: win.Proxy,
    WeakMap: win.WeakMap,
    Map: win.Map,
    mapGet: uncurry(win.Map.prototype.get) as <K, V>(m: Map<K, V>, k: K) => V | undefined,
    mapSet: uncurry(win.Map.prototype.set) as <K, V>(m: Map<K, V>, k: K, v: V) => void,
    mapDelete: uncurry(win.Map.prototype.delete) as <K, V>(m: Map<K, V>, k: K) => boolean,
    weakGet: uncurry(win.WeakMap.prototype.get) as (m: WeakMap<object, unknown>, k: unknown) => unknown,
    weakSet: uncurry(win.WeakMap.prototype.set) as (m: WeakMap<object, unknown>, k: object, v: unknown) => void,
    addListener: uncurry(win.EventTarget.prototype.addEventListener) as (
      t: EventTarget,
      type: string,
      fn: (e: Event) => void,
      opts?: AddEventListenerOptions | boolean,
    ) => void,
    removeListener: uncurry(win.EventTarget.prototype.removeEventListener) as (
      t: EventTarget,
      type: string,
      fn: (e: Event) => void,
    ) => void,
    dispatch: uncurry(win.EventTarget.prototype.dispatchEvent) as (t: EventTarget, e: Event) => boolean,
    readyState: getter(wsProto, 'readyState') as (ws: unknown) => number,
    url: getter(wsProto, 'url') as (ws: unknown) => string,
    protocol: getter(wsProto, 'protocol') as (ws: unknown) => string,
    extensions: getter(wsProto, 'extensions') as (ws: unknown) => string,
    bufferedAmount: getter(wsProto, 'bufferedAmount') as (ws: unknown) => number,
    messageData: getter(win.MessageEvent.prototype, 'data'),
    closeCode: getter(win.CloseEvent.prototype, 'code') as (e: unknown) => number,
    closeReason: getter(win.CloseEvent.prototype, 'reason') as (e: unknown) => string,
    closeWasClean: getter(win.CloseEvent.prototype, 'wasClean') as (e: unknown) => boolean,
    persisted: getter(win.PageTransitionEvent.prototype, 'persisted') as (e: unknown) => boolean,
    errorName: getter(win.DOMException.prototype, 'name') as (e: unknown) => string,
    errorMessage: getter(win.DOMException.prototype, 'message') as (e: unknown) => string,
    abByteLength: getter(win.ArrayBuffer.prototype, 'byteLength') as (b: unknown) => number,
    isView: win.ArrayBuffer.isView,
    viewBuffer: getter(typedArrayProto, 'buffer') as (v: unknown) => ArrayBuffer,
    viewOffset: getter(typedArrayProto, 'byteOffset') as (v: unknown) => number,
    viewLength: getter(typedArrayProto, 'byteLength') as (v: unknown) => number,
    dvBuffer: getter(win.DataView.prototype, 'buffer') as (v: unknown) => ArrayBuffer,
    dvOffset: getter(win.DataView.prototype, 'byteOffset') as (v: unknown) => number,
    dvLength: getter(win.DataView.prototype, 'byteLength') as (v: unknown) => number,
    blobSize: getter(win.Blob.prototype, 'size') as (b: unknown) => number,
    blobSlice: uncurry(win.Blob.prototype.slice) as (b: unknown, start: number, end: number) => Blob,
    // A FileReader, not blob.arrayBuffer(): a promise resolved with an object looks up
    // `then` on it, which a page can observe through Object.prototype.
    FileReader: win.FileReader,
    readAsArrayBuffer: uncurry(win.FileReader.prototype.readAsArrayBuffer) as (r: FileReader, b: Blob) => void,
    readerResult: getter(win.FileReader.prototype, 'result') as (r: FileReader) => unknown,
    Uint8Array: win.Uint8Array,
    Uint32Array: win.Uint32Array,
    Float64Array: win.Float64Array,
    // No subarray()/slice() here: they look up `constructor` and Symbol.species, which a page can observe.
    u8Set: uncurry(win.Uint8Array.prototype.set) as (t: Uint8Array, src: ArrayLike<number>, off?: number) => void,
    isWellFormed: isWellFormed ? (uncurry(isWellFormed) as (s: string) => boolean) : null,
    strSlice: uncurry(strSlice) as (s: string, a: number, b?: number) => string,
    charCodeAt: uncurry(win.String.prototype.charCodeAt) as (s: string, i: number) => number,
    TextEncoder: typeof win.TextEncoder === 'function' ? win.TextEncoder : null,
    encodeInto: uncurry(win.TextEncoder?.prototype.encodeInto) as (e: TextEncoder, s: string, into: Uint8Array) => { read: number; written: number },
    now: () => timeOrigin + (perfCall(perf) as number),
    MessageChannel: win.MessageChannel,
    MessageEvent: win.MessageEvent,
    portPost: uncurry(win.MessagePort.prototype.postMessage) as (p: MessagePort, m: unknown, transfer?: Iterable<Transferable>) => void,
    iteratorSymbol: win.Symbol.iterator,
    portStart: uncurry(win.MessagePort.prototype.start) as (p: MessagePort) => void,
    // AbortSignal.timeout schedules without taking a timer id: a page can see
    // its setTimeout ids shift if anything else in its world takes one.
    timeout: (ms: number) => apply(abortTimeout, win.AbortSignal, [ms]) as AbortSignal,
    fnToString: win.Function.prototype.toString,
    arraySlice: uncurry(win.Array.prototype.slice) as <T>(a: T[], from: number) => T[],
    f64Set: uncurry(win.Float64Array.prototype.set) as (t: Float64Array, src: Float64Array) => void,
    isArray: win.Array.isArray,
    /** Error.isError: true only for genuine Error objects, never for a Proxy; runs no page code. */
    isError: isError ? (v: unknown) => apply(isError, win.Error, [v]) as boolean : null,
    errorProtos,
    /** Window `parent`, `opener`, `top` getters of this window, taken before the page can shadow them. */
    winParent: ownGetter(win, 'parent'),
    winOpener: ownGetter(win, 'opener'),
    winTop: ownGetter(win, 'top'),
    CustomEvent: win.CustomEvent,
    CloseEvent: win.CloseEvent,
    eventDetail: getter(win.CustomEvent.prototype, 'detail'),
    stopImmediate: uncurry(win.Event.prototype.stopImmediatePropagation) as (e: Event) => void,
    preventDefault: uncurry(win.Event.prototype.preventDefault) as (e: Event) => void,
  };
}

export type Natives = ReturnType<typeof captureNatives>;

/**
 * A transfer list the browser can read without running page code. WebIDL reads a
 * sequence through its iterator; for an array, Firefox calls Array.prototype[Symbol.iterator]
 * and the array iterator's `next`, both of which a page can replace (Chromium reads an
 * array directly). This object, its iterator and every step are our own null-prototype
 * objects.
 */
export function transferList(N: Natives, items: readonly Transferable[]): Iterable<Transferable> {
  let i = 0;
  const iterator = {
    __proto__: null,
    next: () => (i < items.length ? { __proto__: null, value: items[i++], done: false } : { __proto__: null, value: undefined, done: true }),
  };
  return { __proto__: null, [N.iteratorSymbol]: () => iterator } as unknown as Iterable<Transferable>;
}
