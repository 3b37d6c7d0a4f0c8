/**
 * Real input under Xvfb: the keyboard shortcuts pressed with xdotool in headed Chromium and Firefox
 * ESR (key presses sent through a driver never reach browser accelerators), and in Firefox, where a
 * test cannot fire the extension's listeners itself, a real right-click and the menu item chosen.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('keyboard shortcuts, pressed for real', () => {
  it('Alt+Shift+U opens the editor on the page\u2019s customer; Alt+Shift+K opens the toolbar popup on it', () => {
    for (const tool of ['xvfb-run', 'xdotool']) {
      const found = spawnSync('which', [tool]).status === 0;
      if (!found) throw new Error(`${tool} is missing: install it with \`apt-get install -y xvfb xdotool\` (npm test does so as root).`);
    }
    const run = spawnSync('xvfb-run', ['-a', 'node', resolve(import.meta.dirname, 'support/press-shortcut.mjs')], {
      encoding: 'utf8',
      timeout: 90_000,
      env: process.env,
    });
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last || '{}'), run.stderr.slice(-2000)).toEqual({ 'update-customer': 'Grace Hopper', _execute_action: 'Ada Lovelace' });
  }, 120_000);

  it('in Firefox ESR too: each shortcut opens the editor on the page\u2019s customer (the one it fetches)', () => {
    const run = spawnSync('xvfb-run', ['-a', resolve(import.meta.dirname, '../../node_modules/.bin/jiti'), resolve(import.meta.dirname, 'support/press-shortcut-firefox.ts')], {
      encoding: 'utf8',
      timeout: 90_000,
      env: process.env,
    });
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last || '{}'), run.stderr.slice(-2000)).toEqual({
      'update-customer': '64b7f0c2a1d3e4f5a6b7c802',
      _execute_action: '64b7f0c2a1d3e4f5a6b7c801',
    });
  }, 120_000);
});

describe('context menu "Update customer" in Firefox ESR, clicked for real', () => {
  it('opens the editor on a link\u2019s customer, on the customer of an email selected on another customer\u2019s page, and on the page\u2019s customer', () => {
    const run = spawnSync('xvfb-run', ['-a', resolve(import.meta.dirname, '../../node_modules/.bin/jiti'), resolve(import.meta.dirname, 'support/context-menu-firefox.ts')], {
      encoding: 'utf8',
      timeout: 120_000,
      env: process.env,
    });
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    const grace = '64b7f0c2a1d3e4f5a6b7c802';
    expect(JSON.parse(last || '{}'), run.stderr.slice(-2000)).toEqual({ link: grace, selection: grace, page: grace });
  }, 150_000);
});
