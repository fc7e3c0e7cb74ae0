// The panel's side of the packed wire: a bridge message becomes what the store
// applies. A batch that does not unpack is never half-applied; the panel says so.
import type { BridgeMessage, StoreMessage } from '../protocol/extension-messages';
import { unpackFrames, type PackedFrames } from '../protocol/wire-frames';
import { isZipped, unzipFrames } from '../protocol/wire-zip';

let malformed = 0;

export function fromWire(m: BridgeMessage): StoreMessage {
  if (m.t === 'notice' || m.t === 'pagehide') return m;
  const reject = (error: string): StoreMessage => ({ v: m.v, t: 'notice', doc: m.doc, code: 'rejected', detail: error, count: ++malformed });
  const unpack = (w: PackedFrames): StoreMessage => {
    const r = unpackFrames(w);
    return r.ok ? { ...m, frames: r.value } : reject(r.error);
  };
  const f = m.frames;
  if (!f || typeof f !== 'object') return reject('frames missing');
  if (!isZipped(f)) return unpack(f);
  const r = unzipFrames(f);
  return r.ok ? unpack(r.value) : reject(r.error);
}
