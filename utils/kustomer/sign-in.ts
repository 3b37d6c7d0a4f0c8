/**
 * The settings page's side of signing in with Kustomer: it makes the PKCE verifier and the
 * `state` and keeps them (never stored, never sent but to Kustomer), opens the browser's auth
 * window on the org's authorize address, checks what comes back, and hands the code with its
 * verifier to the background, which exchanges it. The browser calls are passed in.
 */
import type { Result } from '@/utils/kustomer/errors';
import { authorizeUrl, pkceChallenge, randomToken, readAuthorizeAnswer, signInDidNotFinish } from '@/utils/kustomer/oauth';

export interface SignInWindow {
  /** `identity.getRedirectURL()`. */
  redirectUri: string;
  /** `identity.launchWebAuthFlow({ url, interactive: true })`: the address the window came back to. */
  launch(url: string): Promise<string | undefined>;
}

export interface SignInRequest {
  type: 'auth.complete';
  org: string;
  clientId: string;
  clientSecret?: string;
  code: string;
  verifier: string;
  redirectUri: string;
}

export async function signInWithKustomer<R>(
  { org, clientId, clientSecret, scopes }: { org: string; clientId: string; clientSecret?: string; scopes: readonly string[] },
  window: SignInWindow,
  complete: (request: SignInRequest) => Promise<Result<R>>,
): Promise<Result<R>> {
  const verifier = randomToken();
  const state = randomToken();
  const url = authorizeUrl({ org, clientId, redirectUri: window.redirectUri, scopes, state, challenge: await pkceChallenge(verifier) });
  let answer: string | undefined;
  try {
    answer = await window.launch(url);
  } catch {
    answer = undefined; // closed, or failed without redirecting
  }
  if (!answer) return { ok: false, error: signInDidNotFinish(org) };
  const code = readAuthorizeAnswer(answer, { redirectUri: window.redirectUri, state, org });
  if (!code.ok) return code;
  return complete({ type: 'auth.complete', org, clientId, ...(clientSecret && { clientSecret }), code: code.value, verifier, redirectUri: window.redirectUri });
}
