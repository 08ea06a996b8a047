import { defineConfig } from 'vitest/config';

// End-to-end: the production build (.output/chrome-mv3) in Debian's Chromium against the local sandbox.
// Each file starts its own sandbox and browser; at most two run at once.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
