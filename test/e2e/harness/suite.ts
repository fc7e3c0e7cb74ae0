// The setup most e2e files share: the fixture server and one browser for the
// whole file, stopped after it. Call at the top level of a test file; the
// returned object is filled in by the time the tests run.
import { afterAll, beforeAll } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server';
import { launchChromium, type ChromiumSession } from './chromium';
import { launchFirefox, type FirefoxSession } from './firefox';

interface Suite<S> {
  readonly server: FixtureServer;
  readonly session: S;
}

function suite<S extends { close(): Promise<void> }>(launch: () => Promise<S>): Suite<S> {
  let server: FixtureServer | undefined;
  let session: S | undefined;
  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  const missing = (what: string): never => {
    throw new Error(`${what} is used before beforeAll ran`);
  };
  return {
    get server() {
      return server ?? missing('the fixture server');
    },
    get session() {
      return session ?? missing('the browser');
    },
  };
}

export const chromiumSuite = (opts?: Parameters<typeof launchChromium>[0]): Suite<ChromiumSession> => suite(() => launchChromium(opts));
export const firefoxSuite = (opts?: Parameters<typeof launchFirefox>[0]): Suite<FirefoxSession> => suite(() => launchFirefox(opts));
