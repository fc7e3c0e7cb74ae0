// Real client libraries, hooked, in the real Firefox DevTools panel (see library-scenarios.ts).
import { describe } from 'vitest';
import { firefoxPanelSuite } from './harness/suite';
import { libraryTests } from './library-scenarios';

const s = firefoxPanelSuite();

describe('real client libraries in Firefox', () => libraryTests(s));
