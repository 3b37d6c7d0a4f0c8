// `npm test`: type-check, unit and component tests, production build, then e2e in real Chromium
// against the sandbox. Finds or installs Chromium first; never skips the browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromiumVersion, findChromium } from './chromium.mjs';

function run(title, command, args, env = process.env) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (!existsSync('node_modules/.bin/wxt')) run('install', 'npm', ['ci']);

let chromium;
try {
  chromium = findChromium();
} catch (error) {
  console.error(`\n✖ ${error.message}\nThe browser tests are part of npm test; they are not skipped.`);
  process.exit(1);
}
console.log(`Chromium: ${chromium} (${chromiumVersion(chromium)})`);

// The real keyboard shortcut is pressed in a headed Chromium under Xvfb, with xdotool.
const missing = ['xvfb-run', 'xdotool'].filter((tool) => spawnSync('which', [tool]).status !== 0);
if (missing.length) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`Installing ${missing.join(' and ')} (apt-get install xvfb xdotool)…`);
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'xvfb', 'xdotool'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const still = ['xvfb-run', 'xdotool'].filter((tool) => spawnSync('which', [tool]).status !== 0);
  if (still.length) {
    console.error(`\n✖ ${still.join(' and ')} missing: run \`sudo apt-get install -y xvfb xdotool\`. The shortcut test is part of npm test; it is not skipped.`);
    process.exit(1);
  }
}

const RESULTS = '.output/test-results';
mkdirSync(RESULTS, { recursive: true });
const vitest = (project) => ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS}/${project}.json`];

run('type-check', 'npx', ['tsc', '--noEmit']);
run('unit and component tests', 'npx', vitest('unit'));
run('production build', 'npx', ['wxt', 'build']);
run('e2e in Chromium', 'npx', vitest('e2e'), { ...process.env, CHROMIUM_PATH: chromium });

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const project of ['unit', 'e2e']) {
  const report = JSON.parse(readFileSync(`${RESULTS}/${project}.json`, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${project}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`\nnpm-test: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
