import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { takeHandedTarget } from '@/utils/storage/handed-target';
import { openEditor } from '@/utils/background/editor-window';

// fake-browser implements neither action.openPopup nor windows.create: stub them.
const action = fakeBrowser.action as unknown as { openPopup: ReturnType<typeof vi.fn> };
const windows = fakeBrowser.windows as unknown as { create: ReturnType<typeof vi.fn> };

beforeEach(() => {
  fakeBrowser.reset();
  action.openPopup = vi.fn();
  windows.create = vi.fn(async () => ({}));
});

describe('openEditor', () => {
  it('opens the toolbar popup first thing, with the target handed over in storage.session', async () => {
    action.openPopup.mockResolvedValue(undefined);
    const opening = openEditor({ source: 'link', target: { kind: 'customer', id: '64b7f0c2a1d3e4f5a6b7c802' } });
    expect(action.openPopup).toHaveBeenCalledTimes(1); // called before any await: Firefox's user-action rule
    expect(await opening).toBe('popup');
    expect(windows.create).not.toHaveBeenCalled();
    expect(await takeHandedTarget()).toMatchObject({ source: 'link', target: { kind: 'customer', id: '64b7f0c2a1d3e4f5a6b7c802' } });
    expect(await takeHandedTarget()).toBeUndefined(); // taken once
  });

  it('falls back to a popup window on ?customer= when the browser refuses openPopup', async () => {
    action.openPopup.mockRejectedValue(new Error('not allowed'));
    const later = vi.fn(async () => ({ source: 'command' as const, target: { kind: 'customer' as const, id: '64b7f0c2a1d3e4f5a6b7c801' } }));
    expect(await openEditor(undefined, later)).toBe('window');
    expect(later).toHaveBeenCalledTimes(1);
    expect(windows.create).toHaveBeenCalledWith(expect.objectContaining({ type: 'popup', url: expect.stringMatching(/\/popup\.html\?customer=64b7f0c2a1d3e4f5a6b7c801$/) }));
  });

  it('hands a lookup over to the window, which has no tab to look at', async () => {
    action.openPopup.mockRejectedValue(new Error('not allowed'));
    expect(await openEditor({ source: 'selection', target: { kind: 'email', value: 'grace@navy.example' } })).toBe('window');
    expect(windows.create).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringMatching(/\/popup\.html$/) }));
    expect(await takeHandedTarget()).toMatchObject({ target: { kind: 'email', value: 'grace@navy.example' } });
  });

  it("keeps a customer id read from a tab out of the window's URL unless it is one", async () => {
    action.openPopup.mockRejectedValue(new Error('not allowed'));
    const fromPage = { source: 'command' as const, target: { kind: 'customer' as const, id: '../options.html?x=1#' } };
    expect(await openEditor(undefined, async () => fromPage)).toBe('window');
    expect(windows.create).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringMatching(/\/popup\.html$/) }));
  });
});
