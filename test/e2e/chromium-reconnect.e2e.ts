// Reconnect verdicts and the "server goes away" simulator in the REAL Chromium
// DevTools panel, against a real ws server. The never-reconnecting page starts first
// and is judged last: its 30 s window runs while the other scenarios do, so the file
// does not wait for it on its own (the product's window is not shortened for tests).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { chromiumPanelSuite } from './harness/suite';
import { scenarioNotes, libraryServerGoesAway, neverFinal, neverStart, simulate1001, simulateOutage, stormLoop, type Ctx } from './reconnect-scenarios';

const s = chromiumPanelSuite(undefined, '/reconnect.html');
let ctx: Ctx;
let neverClosedAt = 0;
const { notes, log, timed } = scenarioNotes();

beforeAll(() => {
  ctx = { page: s.page, panel: s.panel, server: s.server, log };
});
afterAll(() => {
  console.log(`chromium reconnect:\n  ${notes.join('\n  ')}`);
});

describe('reconnect analysis and simulator in the real Chromium DevTools panel', () => {
  it('a page that never reconnects reads "waiting for reconnect…" right after its 1001', () => timed('never (waiting)', async () => {
    neverClosedAt = await neverStart(ctx);
  }));

  it('a reconnecting client library that loses its server with a 1001 shows a chain with exponential backoff', () =>
    timed('library + server 1001', () => libraryServerGoesAway(ctx)));

  it('a hand-written page that reconnects at once in a loop is flagged as a storm', () => timed('storm', () => stormLoop(ctx)));

  it("Simulate 1001 runs the page's onclose once with 1001, and the server logs a normal close", () => timed('simulate 1001', () => simulate1001(ctx)));

  it('Simulate outage for 5 s: blocked retries with growing delays, nothing on the network, then connected, with the verdict', () =>
    timed('simulate outage 5 s', () => simulateOutage(ctx)));

  it('the page that never reconnected is flagged once its 30 s window has passed', () => timed('never (final)', () => neverFinal(ctx, neverClosedAt)));
});
