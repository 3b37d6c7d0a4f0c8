import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SettingsForm } from '@/components/options/SettingsForm';
import type { Result } from '@/utils/kustomer/errors';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const KEY = `${b64url({ alg: 'HS256' })}.${b64url({ orgName: 'acme', pod: 'prod1' })}.c2ln`;

let received: any[];
function background(answer: (m: any) => Result<unknown>) {
  fakeBrowser.runtime.onMessage.addListener(((message: any, _s: unknown, sendResponse: (r: unknown) => void) => {
    received.push(message);
    sendResponse(answer(message));
    return true;
  }) as any);
}

beforeEach(() => {
  fakeBrowser.reset();
  received = [];
});
afterEach(() => cleanup());

const view = (org?: string, hasApiKey = false) => ({ ok: true as const, value: { org, hasApiKey, keyOrg: hasApiKey ? org : undefined } });

describe('settings form', () => {
  it('prefills the organization from a pasted key and saves the cleaned key, then forgets it', async () => {
    background((m) => (m.type === 'settings.save' ? view(m.org, true) : view()));
    render(<SettingsForm />);
    await screen.findByText('No API key saved yet.');
    const key = screen.getByLabelText('API key') as HTMLInputElement;
    const org = screen.getByLabelText('Organization') as HTMLInputElement;
    fireEvent.input(key, { target: { value: `  Bearer ${KEY}\n` } });
    expect(org.value).toBe('acme');
    expect(screen.getByText('Read from the key.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved. Key stored for org "acme".')).toBeTruthy();
    expect(received.at(-1)).toEqual({ type: 'settings.save', org: 'acme', apiKey: KEY });
    expect(key.value).toBe('');
  });

  it('does not overwrite an organization the agent typed', async () => {
    background(() => view());
    render(<SettingsForm />);
    await screen.findByText('No API key saved yet.');
    fireEvent.input(screen.getByLabelText('Organization'), { target: { value: 'globex' } });
    fireEvent.input(screen.getByLabelText('API key'), { target: { value: KEY } });
    expect((screen.getByLabelText('Organization') as HTMLInputElement).value).toBe('globex');
    expect(screen.getByText('The key names org "acme": check this is the org you mean.')).toBeTruthy();
  });

  it('refuses a bad organization or a missing key inline and sends nothing', async () => {
    background(() => view());
    render(<SettingsForm />);
    await screen.findByText('No API key saved yet.');
    fireEvent.input(screen.getByLabelText('Organization'), { target: { value: 'acme corp' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText(/^Paste the API key made for you/)).toBeTruthy();
    expect(screen.getByText(/"acme corp" is not an organization name/)).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Not saved: /);
    expect(received.filter((m) => m.type !== 'settings.get')).toHaveLength(0);
  });

  it('keeps a saved key when only the organization changes, and reports a connection test', async () => {
    background((m) =>
      m.type === 'connection.test'
        ? { ok: true, value: { host: 'acme.api.kustomerapp.com', orgReached: true, keyAccepted: false, message: 'acme.api.kustomerapp.com reached, but the key was refused.' } }
        : view('acme', true),
    );
    render(<SettingsForm />);
    await screen.findByText(/An API key is saved for org "acme"/);
    await waitFor(() => expect((screen.getByLabelText('Organization') as HTMLInputElement).value).toBe('acme'));
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toBe('acme.api.kustomerapp.com reached, but the key was refused.');
    expect(received.at(-1)).toEqual({ type: 'connection.test', org: 'acme' });
  });
});

describe('shortcuts', () => {
  const withToolbar = (isOnToolbar: boolean | undefined) => {
    const action = fakeBrowser.action as unknown as Record<string, unknown>;
    action.getUserSettings = isOnToolbar === undefined ? undefined : async () => ({ isOnToolbar });
    (fakeBrowser.commands as unknown as Record<string, unknown>).getAll = async () => [{ name: '_execute_action', shortcut: 'Alt+Shift+K' }];
  };

  it('asks to pin the toolbar button when it is not pinned, and only then', async () => {
    const { Shortcuts } = await import('@/components/options/Shortcuts');
    withToolbar(false);
    render(<Shortcuts />);
    await waitFor(() => expect(screen.getByText(/^Pin Kustomer Customer Updater to the toolbar/)).toBeTruthy());
    cleanup();
    withToolbar(true);
    render(<Shortcuts />);
    await waitFor(() => expect(screen.getByText('Alt+Shift+K')).toBeTruthy());
    expect(screen.queryByText(/^Pin Kustomer Customer Updater/)).toBeNull();
    cleanup();
    withToolbar(undefined); // a browser without action.getUserSettings
    render(<Shortcuts />);
    await waitFor(() => expect(screen.getByText('Alt+Shift+K')).toBeTruthy());
    expect(screen.queryByText(/^Pin Kustomer Customer Updater/)).toBeNull();
  });
});

describe('settings the org deployed', () => {
  const managedView = (values: Record<string, unknown>, locked: string[], problems: string[] = []) => ({
    ok: true as const,
    value: { org: undefined, hasApiKey: false, keyOrg: undefined, managed: { values, locked, problems } },
  });

  it('show as set by the organization and cannot be changed; in the mode "oauth" there is no key to paste', async () => {
    background(() => managedView({ org: 'acme', signInMode: 'oauth', clientId: 'org-app', showBadge: false }, ['org', 'signInMode', 'clientId', 'showBadge'], ['"theme" from your organization is not a setting of this extension, and is ignored.']));
    render(<SettingsForm />);
    await screen.findByText('Your organization has each agent sign in with Kustomer: API keys are turned off here.');
    const org = screen.getByLabelText('Organization') as HTMLInputElement;
    expect(org.value).toBe('acme');
    expect(org.readOnly).toBe(true);
    const client = screen.getByLabelText('App client id') as HTMLInputElement;
    expect(client.value).toBe('org-app');
    expect(client.readOnly).toBe(true);
    expect(screen.getAllByText('Set by your organization.')).toHaveLength(2); // org, client id
    const badge = screen.getByRole('checkbox', { name: 'Show the "Update customer" badge' }) as HTMLInputElement;
    await waitFor(() => expect(badge.disabled).toBe(true));
    expect(badge.checked).toBe(false);
    expect(screen.getByText(/^A small button/).textContent).toMatch(/Set by your organization\.$/);
    expect(screen.queryByLabelText('API key')).toBeNull();
    expect(screen.getByText('"theme" from your organization is not a setting of this extension, and is ignored.')).toBeTruthy();
  });

  it('in the mode "apiKey" offer the key only; a value the agent may change is only where they start', async () => {
    background(() => managedView({ org: 'acme', signInMode: 'apiKey' }, ['signInMode']));
    render(<SettingsForm />);
    await screen.findByText('Your organization connects with an org API key: signing in with Kustomer is turned off here.');
    expect(screen.queryByRole('button', { name: 'Sign in with Kustomer' })).toBeNull();
    const org = screen.getByLabelText('Organization') as HTMLInputElement;
    expect(org.value).toBe('acme');
    expect(org.readOnly).toBe(false);
    expect(screen.getByLabelText('API key')).toBeTruthy();
    expect(screen.queryByText('Set by your organization.')).toBeNull();
  });
});
