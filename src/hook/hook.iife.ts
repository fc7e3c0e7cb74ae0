// The MAIN-world hook. It ships as one classic script (IIFE, no imports, no
// loader) so that it runs synchronously at document_start, before the page's
// first script, in every frame. It holds no UI code.
import { PROTOCOL_VERSION } from '../protocol/version';
import type { BridgeToHook, HookBatch } from '../protocol/page-messages';
import { captureNatives, transferList } from './natives';
import { createDisguise } from './disguise';
import { createRecorder } from './recorder';
import { patchWebSocket } from './websocket-patch';
import { openChannel } from './channel';

(() => {
  const win = globalThis;
  // Some documents (sandboxed or exotic frames) have no WebSocket: nothing to hook.
  if (typeof win.WebSocket !== 'function') return;
  let N: ReturnType<typeof captureNatives>;
  try {
    N = captureNatives(win);
  } catch {
    return; // an exotic environment: stay out of the page's way
  }
  let port: MessagePort | null = null;
  /** The bridge's end of the channel, and whether the document is being discarded (see pagehide). */
  let bridgeEnd: MessagePort | null = null;
  let discarded = false;
  const rec = createRecorder(N, (batch: HookBatch) => {
    if (!port) return;
    // A null-prototype init: the page's Object.prototype getters must not see it read.
    if (discarded && bridgeEnd) N.dispatch(bridgeEnd, new N.MessageEvent('message', { __proto__: null, data: batch } as MessageEventInit));
    else {
      // The columns are the batch's own fresh buffers: moved, not copied (a copy costs the
      // page about 1 µs per frame in a busy echo, serialising here and again reading there).
      const f = batch.frames;
      const bufs = [N.viewBuffer(f.sock), N.viewBuffer(f.flags), N.viewBuffer(f.size), N.viewBuffer(f.time), N.viewBuffer(f.len), f.bin];
      N.portPost(port, batch, transferList(N, bufs));
    }
  });
  const disguise = createDisguise(N);
  disguise.install();
  const sockets = patchWebSocket(N, rec, disguise);

  N.addListener(win, 'pagehide', (e) => {
    let persisted = false;
    try {
      persisted = N.persisted(e);
      rec.event(0, { k: 'pagehide', persisted });
    } catch {}
    try {
      // A page kept in the back/forward cache lives on: its batches keep their order on
      // the channel. A discarded one runs no more tasks, so a posted batch would never
      // arrive: what is recorded goes over now, synchronously, as an event on the
      // bridge's end of the channel, and so does every frame recorded after this (the
      // page's own pagehide and unload listeners may still send).
      if (persisted) rec.flushNow();
      else {
        discarded = true;
        rec.sendEachRecord();
      }
    } catch {}
  });

  // Commands come from the private port only, never from window events or page
  // messages: see channel.ts for why a page cannot reach that port, and relay.ts for
  // the rest of the path (only a panel of this tab can send one, and only when a
  // person confirms it there).
  openChannel(N, (p, other) => {
    port = p;
    bridgeEnd = other;
    N.addListener(p, 'message', (e) => {
      try {
        const m = N.messageData(e) as BridgeToHook | null;
        if (!m || m.v !== PROTOCOL_VERSION) return;
        if (m.t === 'attach') rec.attach();
        else if (m.t === 'detach') rec.detach();
        else if (m.t === 'simulate-close' && typeof m.sock === 'number') {
          sockets.simulateClose(m.sock);
          rec.flushNow();
        }
      } catch {}
    });
    N.portStart(p);
  });
})();
