// The panel's side of the packed wire: a bridge message becomes what the store
// applies. A batch that does not unpack is never half-applied; the panel says so.
import type { BridgeMessage, StoreMessage } from '../protocol/extension-messages';
import { unpackFrames } from '../protocol/wire-frames';

let malformed = 0;

export function fromWire(m: BridgeMessage): StoreMessage {
  if (m.t === 'notice' || m.t === 'pagehide') return m;
  const r = unpackFrames(m.frames);
  if (r.ok) return { ...m, frames: r.value };
  malformed++;
  return { v: m.v, t: 'notice', doc: m.doc, code: 'rejected', detail: r.error, count: malformed };
}
