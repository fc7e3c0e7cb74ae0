// Replaces window.WebSocket, send and close with Proxies of the natives, so that
// everything a page can observe (name, length, prototype, instanceof, subclassing,
// errors, toString) stays native. Only the `construct` and `apply` traps exist;
// every other operation reads straight through to the native target.
// Page arguments are never converted or iterated by the hook: a toString or a
// Proxy passed as an argument would see the extra reads.
import { MAX_REASON_CHARS, MAX_SHORT_STRING, MAX_URL_CHARS } from '../protocol/limits';
import { FrameFlag } from '../protocol/records';
import { ONCE, type Natives } from './natives';
import type { Recorder } from './recorder';
import type { createDisguise } from './disguise';

const OUT = FrameFlag.Out;
const OPEN = 1;

/** What the page's close listeners get from Simulate 1001. */
export const SIMULATED_CLOSE_CODE = 1001;
export const SIMULATED_CLOSE_REASON = 'Simulated by WS Doctor';
/** The real socket is closed with this: the server sees a normal close. */
const REAL_CLOSE_CODE = 1000;
/**
 * The page gets its 1001 when the browser's own close event arrives (so readyState is
 * CLOSED in its handlers, as after a real server close), or after this long if the
 * server is slow to finish the closing handshake (readyState is then still CLOSING).
 */
const SIMULATED_CLOSE_FALLBACK_MS = 1500;

/** A socket WS Doctor closed on the person's request. */
interface Simulation {
  /** The synthetic close event, once dispatched. */
  ev: Event | null;
}

export function patchWebSocket(N: Natives, rec: Recorder, disguise: ReturnType<typeof createDisguise>) {
  const ids = new N.WeakMap<object, number>();
  /** Live sockets by id, for commands from the panel; a socket leaves at its close event. */
  const byId = new N.Map<number, WebSocket>();
  const simulations = new N.WeakMap<object, Simulation>();
  let lastId = 0;

  function cut(s: string, max: number): string {
    return s.length > max ? N.strSlice(s, 0, max) : s;
  }

  function describeError(err: unknown): { name: string; message: string } {
    try {
      // DOMException brand getters: no page code can run.
      return { name: cut(N.errorName(err), MAX_SHORT_STRING), message: cut(N.errorMessage(err), MAX_SHORT_STRING) };
    } catch {}
    // Anything else may be a page value thrown from a toString/valueOf the browser
    // called: a Proxy would see getPrototypeOf/getOwnPropertyDescriptor. So only a
    // genuine Error (Error.isError, false for any Proxy) is looked at, and only
    // through operations that cannot run page code on an ordinary object.
    if (N.isError === null || !N.isError(err)) return { name: 'Error', message: '' };
    const proto = N.getProto(err as object);
    let name = 'Error';
    for (let i = 0; i < N.errorProtos.length; i++) {
      const entry = N.errorProtos[i]!;
      if (entry[0] === proto) {
        name = entry[1];
        break;
      }
    }
    const msgDesc = N.getDesc(err as object, 'message');
    return { name, message: msgDesc && typeof msgDesc.value === 'string' ? cut(msgDesc.value, MAX_SHORT_STRING) : '' };
  }

  /** Records binary data of any accepted kind; false if `data` is not binary. Brand checks only: no traps run. */
  function recordIfBinary(id: number, flags: number, data: unknown): boolean {
    if (data === null || typeof data !== 'object') return false;
    // Views first: a brand check that throws costs a stack trace on every send. The
    // getters are read inside the brand checks; the frame is recorded once, after them.
    if (N.isView(data)) {
      let buf: ArrayBuffer, offset: number, length: number;
      try {
        buf = N.viewBuffer(data);
        offset = N.viewOffset(data);
        length = N.viewLength(data);
      } catch {
        buf = N.dvBuffer(data);
        offset = N.dvOffset(data);
        length = N.dvLength(data);
      }
      rec.binaryFrame(id, flags, buf, offset, length);
      return true;
    }
    let length = -1;
    try {
      length = N.abByteLength(data);
    } catch {}
    if (length >= 0) {
      rec.binaryFrame(id, flags, data as ArrayBuffer, 0, length);
      return true;
    }
    let size = -1;
    try {
      size = N.blobSize(data);
    } catch {}
    if (size < 0) return false;
    rec.blobFrame(id, flags, data as Blob, size);
    return true;
  }

  function track(ws: WebSocket, args: unknown[]) {
    const id = ++lastId;
    N.weakSet(ids, ws, id);
    rec.growCounters(id);
    // `args` is the engine's own array: its length and elements are own data properties.
    const p = args.length > 1 ? args[1] : undefined;
    rec.event(id, {
      k: 'create',
      url: cut(N.url(ws), MAX_URL_CHARS),
      // None passed (or undefined): none requested. A list is not read (see records.ts).
      protocols: p === undefined ? [] : typeof p === 'string' ? [cut(p, MAX_SHORT_STRING)] : null,
    });
    N.mapSet(byId, id, ws);
    // Capture-phase listeners on the socket run before every other listener of the
    // event, the page's included. They do nothing unless WS Doctor simulated a close
    // on this socket; then the browser's own close (and any error) is held back from
    // the page, which gets the simulated 1001 instead, exactly once.
    N.addListener(
      ws,
      'close',
      (e) => {
        try {
          N.mapDelete(byId, id);
          const sim = N.weakGet(simulations, ws) as Simulation | undefined;
          if (sim === undefined || e === sim.ev) return;
          N.stopImmediate(e);
          if (sim.ev === null) dispatchSimulatedClose(ws, sim);
        } catch {}
      },
      true,
    );
    N.addListener(
      ws,
      'error',
      (e) => {
        try {
          if (N.weakGet(simulations, ws) !== undefined) N.stopImmediate(e);
        } catch {}
      },
      true,
    );
    N.addListener(ws, 'open', () => {
      try {
        rec.event(id, { k: 'open', protocol: cut(N.protocol(ws), MAX_SHORT_STRING), extensions: cut(N.extensions(ws), MAX_SHORT_STRING) });
      } catch {}
    });
    N.addListener(ws, 'message', (e) => {
      try {
        const data = N.messageData(e);
        if (typeof data === 'string') rec.text(id, 0, data);
        else recordIfBinary(id, 0, data);
      } catch {}
    });
    N.addListener(ws, 'error', () => {
      try {
        rec.event(id, { k: 'error' });
      } catch {}
    });
    N.addListener(ws, 'close', (e) => {
      try {
        rec.event(id, { k: 'close', code: N.closeCode(e), reason: cut(N.closeReason(e), MAX_REASON_CHARS), wasClean: N.closeWasClean(e) });
        rec.flushNow();
      } catch {}
    });
  }

  function dispatchSimulatedClose(ws: WebSocket, sim: Simulation) {
    if (sim.ev !== null) return;
    // Every member spelled out on a null-prototype dictionary: the browser reads the
    // members it is not given from Object.prototype, where a page may have put getters.
    const init = { __proto__: null, bubbles: false, cancelable: false, composed: false, code: SIMULATED_CLOSE_CODE, reason: SIMULATED_CLOSE_REASON, wasClean: true };
    const ev = new N.CloseEvent('close', init as CloseEventInit);
    sim.ev = ev;
    // The page's handlers run inside this call, as they would for a real close.
    // Their exceptions are reported by the browser, not thrown here.
    N.dispatch(ws, ev);
  }

  /**
   * Simulate 1001 (a person asked for it in the panel): close the real socket with
   * a normal 1000, then give the page a close event with code 1001. Only an OPEN
   * socket qualifies: a server cannot send 1001 before the handshake completes.
   */
  function simulateClose(id: number): boolean {
    const ws = N.mapGet(byId, id);
    if (ws === undefined || N.readyState(ws) !== OPEN || N.weakGet(simulations, ws) !== undefined) return false;
    const sim: Simulation = { __proto__: null, ev: null } as Simulation;
    N.weakSet(simulations, ws, sim);
    rec.event(id, { k: 'simulated', what: 'close' });
    try {
      N.apply(N.close, ws, [REAL_CLOSE_CODE, SIMULATED_CLOSE_REASON]);
    } catch {}
    N.addListener(
      N.timeout(SIMULATED_CLOSE_FALLBACK_MS),
      'abort',
      () => {
        try {
          dispatchSimulatedClose(ws, sim);
        } catch {}
      },
      ONCE,
    );
    return true;
  }

  const ctorHandler = {
    __proto__: null,
    construct(target: typeof WebSocket, args: unknown[], newTarget: Function) {
      let ws: WebSocket;
      try {
        ws = N.construct(target, args, newTarget) as WebSocket;
      } catch (err) {
        try {
          rec.event(0, { k: 'create-failed', ...describeError(err) });
        } catch {}
        throw err;
      }
      try {
        track(ws, args);
      } catch {}
      return ws;
    },
  };

  const sendHandler = {
    __proto__: null,
    apply(target: (data: unknown) => void, self: unknown, args: unknown[]) {
      const id = N.weakGet(ids, self) as number | undefined;
      if (id === undefined) return N.apply(target, self, args);
      const state = N.readyState(self);
      const data = args[0];
      const isText = typeof data === 'string';
      // Only for values the browser converts with String(): bufferedAmount tells their size.
      const before = isText ? 0 : N.bufferedAmount(self);
      let result: unknown;
      try {
        result = N.apply(target, self, args);
      } catch (err) {
        try {
          rec.event(id, { k: 'send-threw', readyState: state, ...describeError(err) });
        } catch {}
        throw err;
      }
      try {
        const flags = OUT | (state >= 2 ? FrameFlag.Discarded : 0);
        if (isText) {
          const ill = N.isWellFormed !== null && !N.isWellFormed(data) ? FrameFlag.IllFormed : 0;
          rec.text(id, flags | ill, data);
        } else if (!recordIfBinary(id, flags, data)) {
          const size = N.bufferedAmount(self) - before;
          rec.frame(id, flags | FrameFlag.Converted, size > 0 ? size : 0, null, 0);
        }
      } catch {}
      return result;
    },
  };

  const closeHandler = {
    __proto__: null,
    apply(target: (code?: number, reason?: string) => void, self: unknown, args: unknown[]) {
      const id = N.weakGet(ids, self) as number | undefined;
      if (id === undefined) return N.apply(target, self, args);
      const state = N.readyState(self);
      const code = args[0];
      const reason = args[1];
      let threw = null as { name: string; message: string } | null;
      try {
        return N.apply(target, self, args);
      } catch (err) {
        try {
          threw = describeError(err);
        } catch {}
        throw err;
      } finally {
        try {
          rec.event(id, {
            k: 'close-call',
            code: typeof code === 'number' ? code : null,
            reason: typeof reason === 'string' ? cut(reason, MAX_REASON_CHARS) : null,
            readyState: state,
            threwName: threw ? threw.name : null,
            threwMessage: threw ? threw.message : null,
          });
        } catch {}
      }
    },
  };

  const WSProxy = new N.Proxy(N.WS, ctorHandler as unknown as ProxyHandler<typeof WebSocket>);
  const sendProxy = new N.Proxy(N.send, sendHandler as unknown as ProxyHandler<typeof N.send>);
  const closeProxy = new N.Proxy(N.close, closeHandler as unknown as ProxyHandler<typeof N.close>);
  disguise.mask(WSProxy, N.WS);
  disguise.mask(sendProxy, N.send);
  disguise.mask(closeProxy, N.close);

  // Redefine each replaced property with exactly its original attributes.
  function replace(obj: object, key: string, value: unknown) {
    const d = N.getDesc(obj, key);
    if (!d || !('value' in d)) return;
    N.defineProperty(obj, key, { value, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
  }
  replace(N.wsProto, 'send', sendProxy);
  replace(N.wsProto, 'close', closeProxy);
  replace(N.wsProto, 'constructor', WSProxy);
  replace(N.win, 'WebSocket', WSProxy);

  return { simulateClose };
}
