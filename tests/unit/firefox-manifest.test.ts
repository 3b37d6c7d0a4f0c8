// @vitest-environment node
// The Firefox MV3 build, from the same code: its manifest has what Firefox needs and nothing of
// Chrome's that would break it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let firefox: Record<string, any>;


beforeAll(() => {
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: root, stdio: 'ignore' });
  firefox = JSON.parse(readFileSync(resolve(root, '.output/firefox-mv3/manifest.json'), 'utf8'));

}, 60_000);

describe('Firefox MV3 manifest', () => {
  it('is MV3 with a gecko id, a minimum version and data collection permissions', () => {
    expect(firefox.manifest_version).toBe(3);
    expect(firefox.browser_specific_settings.gecko.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    expect(firefox.browser_specific_settings.gecko.strict_min_version).toMatch(/^\d+\.0$/);
    expect(firefox.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('runs its background as scripts (Firefox has no extension service workers)', () => {
    expect(firefox.background).toEqual({ scripts: ['background.js'] });
  });

  it('asks for the same narrow permissions as the Chrome build, and no <all_urls>', () => {
    expect(firefox.permissions.sort()).toEqual(['activeTab', 'alarms', 'contextMenus', 'storage']);
    expect(firefox.host_permissions.sort()).toEqual(['https://*.api.kustomerapp.com/*', 'https://api.kustomerapp.com/*', 'https://api.prod2.kustomerapp.com/*']);
    expect(JSON.stringify(firefox)).not.toMatch(/<all_urls>|\*:\/\/\*\/\*/);
    expect(firefox.content_scripts).toEqual([{ matches: ['https://*.kustomerapp.com/*'], js: ['content-scripts/content.js'] }]);
  });

  it('has the popup, the options page and both commands', () => {
    expect(firefox.action.default_popup).toBe('popup.html');
    expect(firefox.options_ui.page).toBe('options.html');
    expect(Object.keys(firefox.commands).sort()).toEqual(['_execute_action', 'update-customer']);
    expect(Object.values(firefox.commands).filter((c: any) => c.suggested_key).length).toBeLessThanOrEqual(4);
  });

  it("passes Mozilla's add-ons linter with no errors", () => {
    let out: string;
    try {
      out = execFileSync('npx', ['addons-linter', '.output/firefox-mv3', '--output', 'json'], { cwd: root, encoding: 'utf8' });
    } catch (error) {
      out = (error as { stdout?: string }).stdout ?? ''; // it exits non-zero when it finds errors
    }
    const report = JSON.parse(out) as { errors: { code: string; message: string }[]; warnings: { code: string }[] };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    // The one warning left is Preact's own innerHTML support in the bundle, never fed customer data.
    expect(report.warnings.map((w) => w.code).filter((c) => c !== 'UNSAFE_VAR_ASSIGNMENT')).toEqual([]);
  }, 60_000);

  it('carries no Chrome-only keys that Firefox refuses or warns about', () => {
    for (const key of ['minimum_chrome_version', 'key', 'side_panel', 'update_url', 'externally_connectable', 'oauth2']) {
      expect(firefox).not.toHaveProperty(key);
    }
    expect(firefox.background).not.toHaveProperty('service_worker');

  });
});
