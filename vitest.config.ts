import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        // Extension pages and the content script use the browser's own API (utils/extension-api.ts):
        // in tests it is WXT's fake browser, like `wxt/browser`.
        resolve: { alias: { '@wxt-dev/browser': resolve(import.meta.dirname, 'tests/unit/support/fake-browser.ts') } },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Browser files run one at a time, in one process that keeps its modules between files:
          // one Chromium and one sandbox serve them all (tests/e2e/support/extension.ts), each file
          // from a clean state. No test is retried.
          fileParallelism: false,
          isolate: false,
          retry: 0,
        },
      },
    ],
  },
});
