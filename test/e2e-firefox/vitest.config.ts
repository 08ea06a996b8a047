import { defineConfig } from 'vitest/config';

// End-to-end in Firefox: the production Firefox build (.output/firefox-mv3) in Debian's firefox-esr against the
// local sandbox, one file at a time: the shared scenarios (test/scenarios) and Firefox's own tests.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/scenarios/**/*.scenario.ts', 'test/e2e-firefox/**/*.e2e.ts'],
    provide: { browser: 'firefox' },
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
