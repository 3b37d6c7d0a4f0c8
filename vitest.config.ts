import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/** The unit projects' setup: WXT's plugin, and its fake browser for the extension's API. */
const unit = {
  plugins: [WxtVitest()],
  // Extension pages and the content script use the browser's own API (utils/extension-api.ts):
  // in tests it is WXT's fake browser, like `wxt/browser`.
  resolve: { alias: { '@wxt-dev/browser': resolve(import.meta.dirname, 'tests/unit/support/fake-browser.ts') } },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...unit,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          // In UTC whatever the machine's zone (a file may set another while it runs).
          env: { TZ: 'UTC' },
        },
      },
      {
        ...unit,
        // The time-zone tests again in a zone with summer time: the same verdicts as in UTC.
        test: {
          name: 'unit-berlin',
          include: ['tests/unit/time-zones.test.ts'],
          environment: 'node',
          env: { TZ: 'Europe/Berlin' },
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
          // A condition polled for (`expect.poll`) may take longer than vitest's 1 s on a busy 2-core
          // machine: a read the popup starts at idle, behind a worker that was just started.
          expect: { poll: { timeout: 5_000 } },
        },
      },
    ],
  },
});
