// @vitest-environment node
// The settings page's sign-in: the auth window opened on the org's authorize address with a fresh
// PKCE challenge and state, its answer checked, and only then the code and verifier handed over.
import { describe, expect, it, vi } from 'vitest';
import { ok } from '@/utils/kustomer/errors';
import { DEFAULT_SCOPES, pkceChallenge } from '@/utils/kustomer/oauth';
import { signInWithKustomer, type SignInRequest } from '@/utils/kustomer/sign-in';
import { PAGES, REDIRECT, sandboxCaller, signInSandbox } from './support/sandbox-http';

const h = signInSandbox();
const call = sandboxCaller(() => h.sandbox.port);
const ask = () => ({ org: 'acme', clientId: h.sandbox.oauth.clientId, scopes: DEFAULT_SCOPES });
/** The auth window as the browser runs it: the authorize address, answered by the sandbox's redirect. */
const sandboxWindow = (rewrite = (url: string) => url) => ({
  redirectUri: REDIRECT,
  launch: vi.fn(async (url: string) => {
    const { pathname, search } = new URL(url);
    return rewrite((await call('GET', pathname + search, { host: PAGES })).headers.location!);
  }),
});

describe('signing in from the settings page', () => {
  it('opens the org’s authorize address with a PKCE challenge and hands over the code with its verifier', async () => {
    const window = sandboxWindow();
    const complete = vi.fn(async (request: SignInRequest) => ok(request));
    const result = await signInWithKustomer(ask(), window, complete);
    expect(result.ok).toBe(true);
    const opened = new URL(window.launch.mock.calls[0]![0]);
    expect(opened.origin + opened.pathname).toBe('https://acme.kustomerapp.com/oauth/authorize');
    const request = complete.mock.calls[0]![0];
    expect(request).toMatchObject({ type: 'auth.complete', org: 'acme', redirectUri: REDIRECT, code: expect.stringMatching(/^code_/) });
    expect(await pkceChallenge(request.verifier)).toBe(opened.searchParams.get('code_challenge'));
    expect(request).not.toHaveProperty('clientSecret');
  });

  it('says sign-in did not finish when the window closes or fails without coming back, and sends nothing', async () => {
    const complete = vi.fn();
    const result = await signInWithKustomer(ask(), { redirectUri: REDIRECT, launch: async () => Promise.reject(new Error('The user did not approve access.')) }, complete);
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Sign-in did not finish\. If Kustomer showed "Invalid Client", the app is not installed in org acme/) } });
    expect(complete).not.toHaveBeenCalled();
  });

  it('refuses an answer carrying another state, and explains a declined consent', async () => {
    const complete = vi.fn();
    const forged = await signInWithKustomer(ask(), sandboxWindow((url) => url.replace(/state=[^&]+/, 'state=forged')), complete);
    expect(forged).toMatchObject({ ok: false, error: { message: expect.stringContaining('its state differs') } });
    h.sandbox.settings.oauth.consent = 'deny';
    const denied = await signInWithKustomer(ask(), sandboxWindow(), complete);
    expect(denied).toMatchObject({ ok: false, error: { message: 'Sign-in was declined in Kustomer: the extension was not allowed to act for you in acme.' } });
    expect(complete).not.toHaveBeenCalled();
  });
});
