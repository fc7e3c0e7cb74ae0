// What the bridge accepts from the page world: only well-formed batches of the
// current protocol, within size limits, with no unexpected keys.
import { describe, expect, it } from 'vitest';
import { validateHookBatch } from '../../src/protocol/validate-hook-batch';
import { TEXT_PREVIEW_UNITS, BINARY_PREVIEW_BYTES } from '../../src/protocol/limits';
import { PROTOCOL_VERSION } from '../../src/protocol/version';

function batch(over: Record<string, unknown> = {}, frames: Record<string, unknown> = {}) {
  return {
    v: PROTOCOL_VERSION,
    t: 'batch',
    frames: {
      fseq0: 3,
      sock: new Uint32Array([1, 1]),
      flags: new Uint8Array([1, 2]),
      size: new Float64Array([2, 4]),
      time: new Float64Array([1e12, 1e12 + 1]),
      len: new Uint32Array([2, 4]),
      text: 'hi',
      bin: new ArrayBuffer(4),
      ...frames,
    },
    events: [{ k: 'create', eseq: 0, at: 3, time: 1e12, sock: 1, url: 'ws://x/', protocols: ['chat'] }],
    counters: [{ sock: 1, framesOut: 1, framesIn: 1, bytesOut: 2, bytesIn: 4 }],
    nextFseq: 5,
    nextEseq: 1,
    droppedEvents: 0,
    ...over,
  };
}

describe('validateHookBatch', () => {
  it('accepts a well-formed batch', () => {
    expect(validateHookBatch(batch())).toMatchObject({ ok: true });
  });

  it.each([
    ['another protocol version', batch({ v: PROTOCOL_VERSION + 1 }), /version/],
    ['an unknown type', batch({ t: 'eval' }), /type/],
    ['an extra key', batch({ evil: 1 }), /unexpected key/],
    ['columns of different lengths', batch({}, { flags: new Uint8Array([1]) }), /length/],
    ['a plain array where a typed array belongs', batch({}, { sock: [1, 1] }), /columns/],
    ['a sequence that does not add up', batch({ nextFseq: 9 }), /sequence/],
    ['text that is not a string', batch({}, { text: { toString: () => 'hi' } }), /payloads/],
    ['binary previews that are not a buffer', batch({}, { bin: new Uint8Array(4) }), /payloads/],
    ['text previews that do not add up', batch({}, { text: 'hi!' }), /text previews do not add up/],
    ['binary previews that do not add up', batch({}, { bin: new ArrayBuffer(5) }), /binary previews do not add up/],
    ['a payload on a converted frame', batch({}, { flags: new Uint8Array([1, 1 | 64]) }), /cannot have/],
    [
      'a text preview over the cap',
      batch({}, { len: new Uint32Array([TEXT_PREVIEW_UNITS + 1, 4]), text: 'x'.repeat(TEXT_PREVIEW_UNITS + 1) }),
      /too long/,
    ],
    [
      'a binary preview over the cap',
      batch({}, { len: new Uint32Array([2, BINARY_PREVIEW_BYTES + 1]), bin: new ArrayBuffer(BINARY_PREVIEW_BYTES + 1) }),
      /too large/,
    ],
    ['a negative size', batch({}, { size: new Float64Array([-1, 0]) }), /bad frame/],
    ['an unknown event kind', batch({ events: [{ k: 'script', eseq: 0, at: 0, time: 0, sock: 0 }] }), /unknown event/],
    ['an event with an extra key', batch({ events: [{ k: 'error', eseq: 0, at: 0, time: 0, sock: 1, html: '<b>' }] }), /unexpected key/],
    ['a URL over the cap', batch({ events: [{ k: 'create', eseq: 0, at: 0, time: 0, sock: 1, url: 'w'.repeat(9000), protocols: null }] }), /url/],
    ['a close code out of range', batch({ events: [{ k: 'close', eseq: 0, at: 0, time: 0, sock: 1, code: 70000, reason: '', wasClean: true }] }), /close/],
    ['a counter that is not a number', batch({ counters: [{ sock: 1, framesOut: '1', framesIn: 0, bytesOut: 0, bytesIn: 0 }] }), /counter/],
    ['not an object at all', 'snapshot', /not an object/],
  ])('rejects %s', (_, m, error) => {
    const r = validateHookBatch(m);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});
