// The shared browser scenarios (scenarios.ts) in Chromium (the run's shared browser, from a clean state).
import { afterAll, beforeAll, describe } from 'vitest';
import type { Driver } from './drivers/driver';
import { chromiumDriver } from './drivers/chromium';
import { browserScenarios } from './scenarios';

let d: Driver;
beforeAll(async () => {
  d = await chromiumDriver();
}, 120_000);
afterAll(async () => {
  await d?.close();
});

describe('Chromium', () => browserScenarios(() => d));
