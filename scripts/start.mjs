// `npm start`: install if needed, build, start the local Kustomer sandbox, and open Chromium with
// the extension already connected to the sandbox org. With a display it stays open on a sandbox
// customer page; without one it makes one real edit through the popup, saves a screenshot, exits.
// `npm start -- --sign-in` (or `--sign-in=linus`) signs in as a sandbox agent instead of the key.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);

function run(title, command, args) {
  console.log(`▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed.`);
    process.exit(result.status || 1);
  }
}

if (!existsSync('node_modules/.bin/wxt')) run('Installing packages (npm ci)', 'npm', ['ci']);
run('Building the extension (wxt build)', 'npx', ['wxt', 'build']);

const { startSandbox, SANDBOX_ORG } = await import('../sandbox/server.mjs');
const { connectExtension, findChromium, launchWithExtension, signInExtension } = await import('./chromium.mjs');
const signInArg = process.argv.slice(2).find((arg) => arg === '--sign-in' || arg.startsWith('--sign-in='));
const agent = signInArg ? signInArg.split('=')[1] || 'grace' : undefined;
if (agent && !['grace', 'linus'].includes(agent)) {
  console.error(`✖ --sign-in takes a sandbox agent: grace (every role) or linus (cannot update customers), not "${agent}".`);
  process.exit(2);
}

const executablePath = findChromium();
const sandbox = await startSandbox({ port: Number(process.env.SANDBOX_PORT ?? 0) });
const customerId = sandbox.customerIds[0];
const customerPage = `https://${SANDBOX_ORG}.kustomerapp.com/app/customers/${customerId}`;
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI;
console.log(`Sandbox: Kustomer org "${SANDBOX_ORG}" on https://127.0.0.1:${sandbox.port} (every *.kustomerapp.com host is sent there)`);

const browser = await launchWithExtension({
  extensionPath: resolve(root, '.output/chrome-mv3'),
  sandboxPort: sandbox.port,
  headless: !headed,
  executablePath,
});

async function shutdown(code) {
  await browser.close();
  await sandbox.close();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  // Connect the extension to the sandbox the way an agent does: through the options page.
  let options;
  if (agent) {
    sandbox.settings.oauth.redirectUris = [`https://${browser.extensionId}.chromiumapp.org/`];
    sandbox.settings.oauth.agent = agent;
    let said;
    ({ page: options, said } = await signInExtension(browser, { org: SANDBOX_ORG, clientId: sandbox.oauth.clientId }));
    console.log(`Extension: ${said} (sandbox OAuth app "${sandbox.oauth.clientId}")`);
  } else {
    options = await connectExtension(browser, { apiKey: sandbox.keys.admin, org: SANDBOX_ORG });
    console.log(`Extension connected to org "${SANDBOX_ORG}" with the sandbox key (npm start -- --sign-in signs in as an agent).`);
  }

  if (headed) {
    const page = await browser.context.newPage();
    await page.goto(customerPage);
    await options.close();
    console.log(`Chromium is open on ${customerPage}.`);
    console.log(`Open the editor with the extension's toolbar button, or at ${browser.extensionUrl(`popup.html?customer=${customerId}`)}`);
    console.log('Close the browser window or press Ctrl+C to stop.');
    browser.context.on('close', () => void shutdown(0));
  } else {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 420 });
    await popup.goto(browser.extensionUrl(`popup.html?customer=${customerId}`));
    await popup.locator('.customer-name').waitFor({ timeout: 10_000 });
    const tag = `npm-start-${new Date().toISOString().slice(0, 10)}`;
    const input = popup.getByLabel('Add tag', { exact: true });
    await input.fill(tag);
    await input.press('Enter');
    await popup.getByRole('button', { name: 'Save' }).click();
    const notice = popup.locator('.notice-success, .notice-error').last();
    await notice.waitFor({ timeout: 15_000 });
    const text = await notice.textContent();
    mkdirSync('.output/start', { recursive: true });
    const screenshot = resolve('.output/start/popup.png');
    await popup.screenshot({ path: screenshot });
    const patch = sandbox.apiRequests('PATCH').at(-1);
    console.log(`No display: ran headless and made one real edit through the popup.`);
    console.log(`  Popup says: ${text}`);
    if (patch) console.log(`  The sandbox received: PATCH ${patch.path} ${JSON.stringify(patch.body)} -> ${patch.status}, by user ${sandbox.modifiedBy(customerId)}`);
    console.log(`  Screenshot of the popup: ${screenshot}`);
    await shutdown((await popup.locator('.notice-success').count()) > 0 ? 0 : 1);
  }
} catch (error) {
  console.error(`✖ ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
}
