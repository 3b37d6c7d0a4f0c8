// Finds (or, where it can, installs) a Chromium, and launches it with the extension's
// production build against the local Kustomer sandbox. Used by `npm start`, the e2e tests
// and the benchmark.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

function playwrightCached() {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  if (!existsSync(cache)) return [];
  return readdirSync(cache)
    .filter((d) => d.startsWith('chromium'))
    .sort()
    .reverse()
    .flatMap((d) => [join(cache, d, 'chrome-linux64', 'chrome'), join(cache, d, 'chrome-linux', 'chrome')]);
}

function located() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`);
  }
  return [...SYSTEM_CANDIDATES, ...playwrightCached()].find((p) => existsSync(p));
}

const HOW_TO_GET =
  'Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or `npx playwright-core install chromium` where downloads are allowed, or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** The path of a Chromium; installs one (apt as root on Debian/Ubuntu, else Playwright's download) and says so. */
export function findChromium({ install = true, log = console.log } = {}) {
  const found = located();
  if (found || !install) {
    if (found) return found;
    throw new Error(`No Chromium found. ${HOW_TO_GET}`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    log('No Chromium found: installing Debian\'s chromium with apt-get (about a minute)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const get = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    if (get && get.status === 0 && located()) return located();
    log('apt-get could not install chromium.');
  } else {
    log('No Chromium found: trying Playwright\'s download (`npx playwright-core install chromium`)…');
    const got = spawnSync('npx', ['playwright-core', 'install', 'chromium'], { stdio: 'inherit' });
    if (got.status === 0 && located()) return located();
  }
  throw new Error(`No Chromium found and none could be installed. ${HOW_TO_GET}`);
}

export function chromiumVersion(executablePath) {
  try {
    return execFileSync(executablePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown version';
  }
}

/** The id Chromium gives an unpacked extension: from the SHA-256 of its absolute path, digits a-p. */
export function unpackedExtensionId(absolutePath) {
  const hex = createHash('sha256').update(absolutePath).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** Saves the key and org through the extension's own settings page, as an agent would. */
export async function connectExtension(browser, { apiKey, org }) {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  await page.getByLabel('API key', { exact: true }).fill(apiKey);
  await page.getByLabel('Organization', { exact: true }).fill(org);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(`Key stored for org "${org}"`).waitFor({ timeout: 10_000 });
  return page;
}

/**
 * Signs the extension in as a sandbox agent the way an agent does: the org and the app's client id
 * on the options page, "Sign in with Kustomer", the sandbox's authorize page answering at once.
 * The sandbox must have this build's redirect URL registered (`settings.oauth.redirectUris`).
 */
export async function signInExtension(browser, { org, clientId }) {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  await page.getByLabel('Organization', { exact: true }).fill(org);
  await page.getByLabel('App client id', { exact: true }).fill(clientId);
  await page.getByRole('button', { name: 'Sign in with Kustomer' }).click();
  const said = page.locator('.sign-in .notice-success, .sign-in .notice-error').last();
  await said.waitFor({ timeout: 15_000 });
  const text = (await said.textContent()) ?? '';
  if (!text.startsWith('Signed in')) throw new Error(`Sign-in failed: ${text}`);
  return { page, said: text };
}

/** The flags every Chromium of the tests and the bench takes: Kustomer's hosts sent to the sandbox, nothing else fetched. */
export const sandboxFlags = (sandboxPort) => [
  `--host-resolver-rules=MAP *.kustomerapp.com 127.0.0.1:${sandboxPort}, MAP kustomerapp.com 127.0.0.1:${sandboxPort}`,
  '--ignore-certificate-errors',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/**
 * Chromium with the unpacked extension (or several), a throwaway profile, and every *.kustomerapp.com host
 * sent to the sandbox on loopback (the production build runs unchanged).
 */
/**
 * @param {{ extensionPath: string | string[], sandboxPort: number, headless?: boolean, executablePath?: string,
 *   args?: string[], profile?: string }} options `profile`: a user-data folder to reuse (kept after close)
 */
export async function launchWithExtension({ extensionPath, sandboxPort, headless = true, executablePath = findChromium(), args = [], profile: given = undefined }) {
  const extensions = [extensionPath].flat().join(',');
  const { chromium } = await import('playwright-core');
  // A given profile survives close() (a browser restart in tests); a throwaway one does not.
  const profile = given ?? mkdtempSync(join(tmpdir(), 'kustomer-updater-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    ignoreHTTPSErrors: true,
    viewport: { width: 1200, height: 800 },
    args: [
      `--disable-extensions-except=${extensions}`,
      `--load-extension=${extensions}`,
      ...sandboxFlags(sandboxPort),
      ...args,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    profile,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async close() {
      await context.close().catch(() => {});
      if (!given) rmSync(profile, { recursive: true, force: true });
    },
  };
}
