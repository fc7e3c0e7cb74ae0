// Records with a payload per frame (rebuilt from a HAR, or written by tests) in the
// form the wire unpacks to: the store then has one way in.
import type { BridgeRecords, JoinedFrames } from '../protocol/extension-messages';
import { FrameFlag } from '../protocol/records';

export function joinPayloads(fr: BridgeRecords['frames']): JoinedFrames {
  const n = fr.sock.length;
  const texts: string[] = [];
  const bins: string[] = [];
  const dlen = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const d = fr.data[i];
    if (d === null || d === undefined) dlen[i] = -1;
    else {
      dlen[i] = d.length;
      (fr.flags[i]! & FrameFlag.Binary ? bins : texts).push(d);
    }
  }
  return { fseq0: fr.fseq0, sock: fr.sock, flags: fr.flags, size: fr.size, time: fr.time, text: texts.join(''), bin: bins.join(''), dlen };
}
