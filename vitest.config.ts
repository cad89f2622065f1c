import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each operation kind keeps its tests beside its code (src/kinds/<kind>/*.test.ts).
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // The browser tests need Chromium: `npm run test:browser` (vitest.browser.config.ts), run by .ci/run.
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: keep the worker count small so servers under test are not starved.
    maxWorkers: 2,
    allowOnly: false,
  },
});
