import { defineConfig } from 'vitest/config';

// Unit tests: pure logic only (src/diagnosis, src/protocol, the panel store). No browser.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
});
