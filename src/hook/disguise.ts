// Function.prototype.toString of a Proxy does not read like the native it wraps
// (V8 drops the name). So toString itself is replaced by a Proxy that answers,
// for every function the hook replaced, the native source captured at install
// time. Both engines format native sources differently; nothing is hard-coded.
import type { Natives } from './natives';

export function createDisguise(N: Natives) {
  const sources = new N.WeakMap<object, string>();
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

  function install() {
    mask(toStringProxy, nativeToString);
    const d = N.getDesc(N.win.Function.prototype, 'toString');
    if (d) N.defineProperty(N.win.Function.prototype, 'toString', { ...d, value: toStringProxy });
  }

  return { mask, install };
}
