// `npm test`: type-check and the unit and component tests (side by side; the unit suite checks the
// Chrome and Firefox builds), the production builds, then e2e in real Chromium and Firefox against
// the sandbox. Finds or installs the browsers first; never skips the browser tests.
import { spawn, spawnSync } from 'node:child_process';
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
const vitest = (project, ...more) => ['vitest', 'run', '--project', project, ...more, '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS}/${project}.json`];

/**
 * Steps that may overlap (they write different files: the type check nothing, the unit suite
 * .output/chrome-mv3 and .output/firefox-mv3 for its build checks). Each one's output is
 * printed whole when it ends; the first failure stops the run.
 */
async function together(steps) {
  const started = Date.now();
  console.log(`\n▶ at once: ${steps.map((s) => s.title).join(', ')}`);
  const results = await Promise.all(
    steps.map(
      ({ title, command, args }) =>
        new Promise((resolve) => {
          const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '1' } });
          let output = '';
          child.stdout.on('data', (chunk) => (output += chunk));
          child.stderr.on('data', (chunk) => (output += chunk));
          child.on('close', (code, signal) => {
            console.log(`\n▶ ${title}: ${command} ${args.join(' ')}\n${output}`);
            console.log(code === 0 ? `✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)` : `✖ ${title} failed (exit ${code ?? signal}).`);
            resolve(code === 0);
          });
        }),
    ),
  );
  if (results.includes(false)) process.exit(1);
}

await together([
  { title: 'type-check', command: 'npx', args: ['tsc', '--noEmit'] },
  // Two workers: the unit files are small and many; the e2e files run one at a time.
  { title: 'unit and component tests', command: 'npx', args: vitest('unit', '--maxWorkers=2') },
]);
// The time-zone tests again in Berlin (the unit suite runs in UTC): the same verdicts. After the
// steps above, not beside them: two cores are busy enough.
run('time-zone tests in Berlin', 'npx', vitest('unit-berlin'));
// After the unit suite, which builds both too (tests/unit/build-output.test.ts), never beside it:
// the e2e tests run these builds.
run('production build', 'npx', ['wxt', 'build']);
run('production build for Firefox', 'npx', ['wxt', 'build', '-b', 'firefox', '--mv3']);
run('e2e in Chromium and Firefox', 'npx', vitest('e2e'), { ...process.env, CHROMIUM_PATH: chromium, FIREFOX_PATH: FIREFOX });

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const project of ['unit', 'unit-berlin', 'e2e']) {
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
// Where the browser time goes: the slowest files.
const slowest = e2e.testResults.map((f) => ({ file: f.name.replace(/^.*\/tests\//, 'tests/'), s: (f.endTime - f.startTime) / 1000 })).sort((a, b) => b.s - a.s);
console.log(`slowest e2e files: ${slowest.slice(0, 5).map((f) => `${f.file} ${f.s.toFixed(1)} s`).join(', ')}`);
console.log(`\nnpm-test: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
