// `npm test`: type-check, unit and component tests, production build, then e2e in real Chromium
// against the sandbox. Finds or installs Chromium first; never skips the browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

run('type-check', 'npx', ['tsc', '--noEmit']);
run('unit and component tests', 'npx', ['vitest', 'run', '--project', 'unit']);
run('production build', 'npx', ['wxt', 'build']);
run('e2e in Chromium', 'npx', ['vitest', 'run', '--project', 'e2e'], { ...process.env, CHROMIUM_PATH: chromium });
