// The shared browser scenarios (scenarios.ts) in Firefox ESR, with the Firefox MV3 build.
import { describe } from 'vitest';
import { firefoxDriver } from './drivers/firefox';
import { browserScenarios } from './scenarios';

describe('Firefox', () => browserScenarios(firefoxDriver));
