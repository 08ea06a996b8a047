import { defineConfig } from 'vitest/config';

// End-to-end: the production build (.output/chrome-mv3) in Debian's Chromium against the local sandbox: the shared
// scenarios (test/scenarios) and Chromium's own tests. Each file starts its own sandbox and browser; at most two
// run at once.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/scenarios/**/*.scenario.ts', 'test/e2e/**/*.e2e.ts'],
    provide: { browser: 'chromium' },
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
