// Function.prototype.toString of a Proxy does not read like the native it wraps
// (V8 drops the name). So toString itself is replaced by a Proxy that answers,
// for every function the hook replaced, the native source captured at install
// time. Both engines format native sources differently; nothing is hard-coded.
//
// Same-origin frames can call each other's functions: a parent's toString applied
// to an iframe's WebSocket (and back) must know the iframe hook's proxies too. So
// all hooks of same-origin related frames share ONE registry: at install, a hook
// asks its nearest reachable ancestor (else its opener) for that one's registry, in
// a synchronous event on that window; the ancestor hook's capture listener was the
// first listener there (document_start) and stops the event, so no page listener
// hears it.
import { DISGUISE_SHARE_EVENT } from '../protocol/page-messages';
import type { Natives } from './natives';

export function createDisguise(N: Natives) {
  let sources = new N.WeakMap<object, string>();
  const nativeToString = N.fnToString;

  const handler = {
    __proto__: null,
    apply(target: typeof nativeToString, self: unknown, args: unknown[]) {
      const src = N.weakGet(sources, self);
      return src === undefined ? N.apply(target, self, args) : src;
    },
  };
  const toStringProxy = new N.Proxy(nativeToString, handler as ProxyHandler<typeof nativeToString>);

  /** Makes `fake` print as `real` does. */
  function mask(fake: object, real: object) {
    N.weakSet(sources, fake, N.apply(nativeToString, real, []) as string);
  }

  /** Another hook asks for our registry: hand it over in the request object. */
  function onShare(e: Event) {
    try {
      const req = N.eventDetail(e) as { sources: unknown } | null;
      if (req === null || typeof req !== 'object') return;
      N.stopImmediate(e);
      N.preventDefault(e);
      N.defineProperty(req, 'sources', { __proto__: null, value: sources, writable: true, enumerable: true, configurable: true } as PropertyDescriptor);
    } catch {}
  }

  /** Takes the registry of the nearest same-origin hooked ancestor, else of the opener. */
  function adopt() {
    const candidates: unknown[] = [];
    const add = (w: unknown) => {
      if (w === null || w === undefined || w === N.win) return;
      for (let i = 0; i < candidates.length; i++) if (candidates[i] === w) return;
      candidates[candidates.length] = w;
    };
    // Ancestors, nearest first, through the natives (a parent page may have shadowed `parent`).
    try {
      let w: unknown = N.win;
      for (let depth = 0; N.winParent && depth < 64; depth++) {
        const p = N.winParent(w);
        if (p === w || p === null) break;
        add(p);
        w = p;
      }
    } catch {} // a cross-origin ancestor: `top` may still be same-origin
    try {
      if (N.winTop) add(N.winTop(N.win));
    } catch {}
    try {
      if (N.winOpener) add(N.winOpener(N.win));
    } catch {}
    for (let i = 0; i < candidates.length; i++) {
      try {
        const req = { __proto__: null, sources: null as unknown };
        const ev = new N.CustomEvent(DISGUISE_SHARE_EVENT, { detail: req, cancelable: true });
        if (N.dispatch(candidates[i] as EventTarget, ev)) continue; // no hook there
        const shared = req.sources as WeakMap<object, string>;
        N.weakGet(shared, req); // brand check: throws unless a WeakMap
        sources = shared;
        return;
      } catch {} // cross-origin: try the next one
    }
  }

  function install() {
    adopt();
    mask(toStringProxy, nativeToString);
    N.addListener(N.win, DISGUISE_SHARE_EVENT, onShare, true);
    const d = N.getDesc(N.win.Function.prototype, 'toString');
    if (d) N.defineProperty(N.win.Function.prototype, 'toString', { ...d, value: toStringProxy });
  }

  return { mask, install };
}
