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

// Xvfb and xdotool press a real keyboard shortcut in a headed Chromium; Firefox ESR runs the
// shared browser scenarios. Installed with apt as root on Debian; otherwise npm test stops here.
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const tools = [
  { name: 'xvfb-run', package: 'xvfb', present: () => spawnSync('which', ['xvfb-run']).status === 0 },
  { name: 'xdotool', package: 'xdotool', present: () => spawnSync('which', ['xdotool']).status === 0 },
  { name: 'Firefox ESR', package: 'firefox-esr', present: () => existsSync(FIREFOX) },
];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const missing = tools.filter((t) => !t.present());
if (missing.length && isRoot && existsSync('/usr/bin/apt-get')) {
  console.log(`Installing ${missing.map((t) => t.package).join(', ')} with apt-get…`);
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  spawnSync('apt-get', ['install', '-y', '-qq', ...missing.map((t) => t.package)], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
const still = tools.filter((t) => !t.present());
if (still.length) {
  console.error(`\n✖ Missing: ${still.map((t) => t.name).join(', ')}. Run \`sudo apt-get install -y ${still.map((t) => t.package).join(' ')}\` (or set FIREFOX_PATH). These tests are part of npm test; they are not skipped.`);
  process.exit(1);
}
if (!isRoot) {
  console.error('\n✖ The Firefox tests serve the sandbox on 127.0.0.1:443 (Firefox URLs carry no port): run npm test as root, as CI does.');
  process.exit(1);
}

const RESULTS = '.output/test-results';
mkdirSync(RESULTS, { recursive: true });
const vitest = (project) => ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS}/${project}.json`];

run('type-check', 'npx', ['tsc', '--noEmit']);
run('unit and component tests', 'npx', vitest('unit'));
run('production build', 'npx', ['wxt', 'build']);
run('production build for Firefox', 'npx', ['wxt', 'build', '-b', 'firefox', '--mv3']);
run('e2e in Chromium and Firefox', 'npx', vitest('e2e'), { ...process.env, CHROMIUM_PATH: chromium, FIREFOX_PATH: FIREFOX });

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const project of ['unit', 'e2e']) {
  const report = JSON.parse(readFileSync(`${RESULTS}/${project}.json`, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${project}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
// The shared scenarios, browser by browser.
const e2e = JSON.parse(readFileSync(`${RESULTS}/e2e.json`, 'utf8'));
for (const browser of ['chromium', 'firefox']) {
  const file = e2e.testResults.find((f) => f.name.endsWith(`scenarios.${browser}.test.ts`));
  if (file) {
    const passed = file.assertionResults.filter((a) => a.status === 'passed').length;
    console.log(`shared scenarios in ${browser}: ${passed} of ${file.assertionResults.length} passed in ${((file.endTime - file.startTime) / 1000).toFixed(1)} s`);
  }
}
console.log(`\nnpm-test: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
