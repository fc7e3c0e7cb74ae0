// The reconnect verdicts and the simulator in the REAL Firefox DevTools panel (the
// toolbox of Firefox ESR), against a real ws server: the same scenarios as
// chromium-reconnect.e2e.ts for the library page, Simulate 1001 and the outage.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { firefoxPanelSuite } from './harness/suite';
import { scenarioNotes, libraryServerGoesAway, simulate1001, simulateOutage, type Ctx } from './reconnect-scenarios';

const s = firefoxPanelSuite(undefined, '/reconnect.html');
let ctx: Ctx;
const { notes, log, timed } = scenarioNotes();

beforeAll(() => {
  ctx = { page: s.page, panel: s.panel, server: s.server, log };
});
afterAll(() => {
  console.log(`firefox reconnect:\n  ${notes.join('\n  ')}`);
});

describe('reconnect analysis and simulator in the real Firefox DevTools panel', () => {
  it('a reconnecting client library that loses its server with a 1001 shows a chain with exponential backoff', () =>
    timed('library + server 1001', () => libraryServerGoesAway(ctx)));

  it("Simulate 1001 runs the page's onclose once with 1001, and the server logs a normal close", () => timed('simulate 1001', () => simulate1001(ctx)));

  it('Simulate outage for 5 s: blocked retries with growing delays, nothing on the network, then connected, with the verdict', () =>
    timed('simulate outage 5 s', () => simulateOutage(ctx)));
});
