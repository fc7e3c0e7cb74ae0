// JSON wrapped in a client library's framing, so the frame detail can still show
// it as a tree. The two most common on the web:
// - Socket.IO over Engine.IO: `42["chat",{…}]` is Engine.IO packet 4 (message)
//   carrying Socket.IO packet 2 (EVENT); a namespace (`/admin,`), an ack id
//   (`421[…]`) and, for binary events, an attachment count (`451-[…]`) may sit
//   between the digits and the JSON. `0{"sid":…}` opens the Engine.IO session.
// - ASP.NET SignalR's JSON hub protocol: every message ends with the record
//   separator U+001E, and one frame may carry several.
// Pure: no DOM, unit-tested. Only a complete frame is unwrapped, and only when
// what is left parses as a JSON object or array, so plain text is never relabelled.

export type Framing =
  | {
      kind: 'socket.io';
      /** The digits as sent: `0`, `40`, `42`, `451`, … */
      prefix: string;
      /** What the digits mean: `Engine.IO OPEN`, `Socket.IO EVENT`, … */
      name: string;
      namespace: string | null;
      ackId: number | null;
      body: string;
    }
  | { kind: 'signalr'; records: string[] };

const ENGINE = ['OPEN', 'CLOSE', 'PING', 'PONG', 'MESSAGE', 'UPGRADE', 'NOOP'];
const SOCKET = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'];
const SOCKET_IO = /^([0-6])(?:([0-6])(?:(\d{1,6})-)?(?:(\/[^,[{]{0,200}),)?(\d{1,15})?)?([[{][\s\S]*)$/;
const RS = '\u001e';

const isContainer = (s: string): boolean => {
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object';
  } catch {
    return false;
  }
};

/** The framing around JSON in `text`, or null when it is plain JSON, plain text, or not one of these. */
export function unframe(text: string): Framing | null {
  const c = text.charCodeAt(0);
  if (c >= 0x30 && c <= 0x36) {
    const m = SOCKET_IO.exec(text);
    if (!m || !isContainer(m[6]!)) return null;
    const engine = Number(m[1]);
    // A Socket.IO packet only rides inside an Engine.IO MESSAGE.
    if (m[2] !== undefined && engine !== 4) return null;
    const name = m[2] === undefined ? `Engine.IO ${ENGINE[engine]}` : `Socket.IO ${SOCKET[Number(m[2])]}`;
    const body = m[6]!;
    return {
      kind: 'socket.io',
      prefix: text.slice(0, text.length - body.length),
      name,
      namespace: m[4] ?? null,
      ackId: m[5] !== undefined ? Number(m[5]) : null,
      body,
    };
  }
  if (text.length > 1 && text.endsWith(RS)) {
    const records = text.slice(0, -1).split(RS);
    if (records.every(isContainer)) return { kind: 'signalr', records };
  }
  return null;
}
