// Real client libraries, hooked, in the real Chromium DevTools panel (see library-scenarios.ts).
import { describe } from 'vitest';
import { chromiumPanelSuite } from './harness/suite';
import { libraryTests } from './library-scenarios';

const s = chromiumPanelSuite();

describe('real client libraries in Chromium', () => libraryTests(s));
