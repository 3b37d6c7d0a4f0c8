// The shared browser scenarios (scenarios.ts) in Chromium.
import { describe } from 'vitest';
import { chromiumDriver } from './drivers/chromium';
import { browserScenarios } from './scenarios';

describe('Chromium', () => browserScenarios(chromiumDriver));
