import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: the extension's code runs against WXT's fake browser; the sandbox's tests run in node.
// The end-to-end suite has its own config (test/e2e/vitest.config.ts).
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.output/**', 'test/e2e/**'],
    environment: 'node',
    setupFiles: ['test/setup.ts'],
    mockReset: true,
    restoreMocks: true,
  },
});
