/**
 * Real input, in both browsers, headed under Xvfb (key presses and menus sent through a driver
 * never reach browser accelerators or native menus): the keyboard shortcuts pressed with xdotool,
 * and "Update customer" chosen from a real right-click menu on a link, on selected text and on the
 * page; an org tag added and saved with keys alone; and (Chromium) the side panel opened with its
 * real command and following the page. One script (support/real-input.ts), two browsers.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ADA = '64b7f0c2a1d3e4f5a6b7c801';
const GRACE = '64b7f0c2a1d3e4f5a6b7c802';

function realInput(browser: 'chromium' | 'firefox') {
  for (const tool of ['xvfb-run', 'xdotool']) {
    if (spawnSync('which', [tool]).status !== 0) throw new Error(`${tool} is missing: install it with \`apt-get install -y xvfb xdotool\` (npm test does so as root).`);
  }
  const run = spawnSync('xvfb-run', ['-a', resolve(import.meta.dirname, '../../node_modules/.bin/jiti'), resolve(import.meta.dirname, 'support/real-input.ts'), browser], {
    encoding: 'utf8',
    timeout: 150_000,
    env: process.env,
  });
  return { seen: JSON.parse(run.stdout.trim().split('\n').at(-1) || '{}') as Record<string, string>, stderr: run.stderr.slice(-2000) };
}

describe.each(['chromium', 'firefox'] as const)('%s, real input', (browser) => {
  it('the shortcuts and the context menu (link, selected email, page) open the editor on the right customer', () => {
    const { seen, stderr } = realInput(browser);
    expect(seen, stderr).toEqual({
      'update-customer': GRACE, // Alt+Shift+U on Grace's page
      _execute_action: ADA, // Alt+Shift+K (toolbar popup) on Ada's page
      // Alt+Shift+K, "chu", Enter, Ctrl+S: no mouse (Chromium; see real-input.ts for Firefox)
      ...(browser === 'chromium' && { keyboard: 'vip, beta-tester, churn-risk (as ids)' }),
      // Alt+Shift+L on Ada's page opens the side panel; a click into the page, the app to Grace, then
      // to a conversation of Ada's (its address names no customer), then Grace's page in another tab
      ...(browser === 'chromium' && { sidePanel: 'Ada Lovelace → Grace Hopper → Ada Lovelace → Grace Hopper' }),
      // Firefox in the side panel mode: Alt+Shift+K is the toolbar button's click, which toggles the
      // sidebar (open on Ada's page's customer, then closed); Alt+Shift+L does the same
      ...(browser === 'firefox' && { toolbarToggle: 'open, closed, Alt+Shift+L open, closed' }),
      link: GRACE, // right-click on a link to Grace
      selection: GRACE, // Grace's email selected on Ada's page: her, looked up, not the page's customer
      page: GRACE, // right-click on Grace's page
    });
  }, 180_000);
});
