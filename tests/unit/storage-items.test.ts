import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { watchShowBadge } from '@/components/page/badge-preference';
import { loadShowBadge, saveBadgeByOrg, saveShowBadge } from '@/utils/storage/badge-setting';
import { handOverTarget } from '@/utils/storage/editor-target';
import { takeHandedTarget } from '@/utils/storage/handed-target';

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.useRealTimers());

describe('the badge preference', () => {
  it('is on by default, and an earlier release’s stored setting is read as it was', async () => {
    expect(await loadShowBadge()).toBe(true);
    await fakeBrowser.storage.local.set({ showBadge: false });
    expect(await loadShowBadge()).toBe(false);
    await fakeBrowser.storage.local.set({ showBadge: true });
    expect(await loadShowBadge()).toBe(true);
  });

  it('is stored as before: one boolean under showBadge in storage.local, nothing beside it', async () => {
    await saveShowBadge(false);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ showBadge: false });
    await saveShowBadge(true);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ showBadge: true });
  });

  it('reaches the content script’s reader at once and on every change', async () => {
    await saveShowBadge(false);
    const seen: boolean[] = [];
    const stop = watchShowBadge((show) => seen.push(show));
    await vi.waitFor(() => expect(seen).toEqual([false]));
    await saveShowBadge(true);
    await vi.waitFor(() => expect(seen).toEqual([false, true]));
    stop();
    await saveShowBadge(false);
    expect(seen).toEqual([false, true]);
  });

  it('puts the org’s locked value first, and the agent’s choice back once the org lets go', async () => {
    await saveShowBadge(true);
    const seen: boolean[] = [];
    const stop = watchShowBadge((show) => seen.push(show));
    await vi.waitFor(() => expect(seen).toEqual([true]));
    await saveBadgeByOrg(false);
    await vi.waitFor(() => expect(seen).toEqual([true, false]));
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ showBadge: true, showBadgeByOrg: false });
    await saveBadgeByOrg(undefined);
    await vi.waitFor(() => expect(seen).toEqual([true, false, true]));
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ showBadge: true });
    stop();
  });
});

describe('the editor hand-over', () => {
  it('is kept under editorTarget in storage.session and taken once', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    await handOverTarget({ source: 'link', target: { kind: 'customer', id: '64b7f0c2a1d3e4f5a6b7c801' } });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({
      editorTarget: { source: 'link', target: { kind: 'customer', id: '64b7f0c2a1d3e4f5a6b7c801' }, at: 1_700_000_000_000 },
    });
    expect(await takeHandedTarget()).toMatchObject({ source: 'link' });
    expect(await takeHandedTarget()).toBeUndefined();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('is stale after 30 s (and taken all the same)', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    await handOverTarget({ source: 'page', target: undefined, text: 'Ada' });
    vi.setSystemTime(1_700_000_029_999);
    expect(await takeHandedTarget()).toMatchObject({ source: 'page', text: 'Ada' });
    await handOverTarget({ source: 'page', target: undefined, text: 'Ada' });
    vi.setSystemTime(1_700_000_060_000);
    expect(await takeHandedTarget()).toBeUndefined();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

describe('the content script', () => {
  it('reads the badge preference without the storage library', () => {
    const root = resolve(import.meta.dirname, '../..');
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^(?:import|export) (?:[^;']*? from )?'([^']+)'/gm)) {
        if (!spec!.startsWith('@/')) packages.add(spec!);
        else visit(['.ts', '.tsx', '/index.ts'].map((end) => resolve(root, spec!.slice(2) + end)).find(existsSync)!);
      }
    };
    visit(resolve(root, 'entrypoints/content.ts'));
    expect(seen).toContain(resolve(root, 'components/page/badge-preference.ts'));
    expect([...packages].filter((p) => /storage/.test(p))).toEqual([]);
    expect([...seen].filter((f) => f.includes('/utils/storage/'))).toEqual([]);
  });
});
