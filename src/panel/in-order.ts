// Messages from the page reach the store in the order they left it, though a
// zipped batch takes a promise to inflate (src/protocol/wire-zip.ts) and a small
// one behind it is ready at once: what arrives while one inflates waits behind it.
// Ready messages with nothing ahead of them go through synchronously.

export function inOrder<T>(apply: (m: T) => void, onError: (e: unknown) => void): (m: T | Promise<T>) => void {
  let tail: Promise<void> | null = null;
  return (m) => {
    if (!tail && !(m instanceof Promise)) return apply(m);
    const done: Promise<void> = (tail ?? Promise.resolve())
      .then(() => m)
      .then(apply)
      .catch(onError)
      .finally(() => {
        if (tail === done) tail = null;
      });
    tail = done;
  };
}
