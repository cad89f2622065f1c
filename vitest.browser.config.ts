import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: the status page in headless Chromium; not part of `npm test` (needs Chromium). */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    allowOnly: false,
  },
});
