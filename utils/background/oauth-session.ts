/**
 * A signed-in agent's access token for the background's requests: refreshed shortly before it
 * expires and when Kustomer refuses it, one refresh at a time for the whole background (a request
 * arriving meanwhile waits for that refresh and uses its token). New tokens are saved before any
 * request uses them: Kustomer's refresh tokens work once, so a token kept only in memory would be
 * lost with the worker. A refresh Kustomer refuses ends the session: the tokens are forgotten (the
 * org and app stay, for signing in again) and requests fail as `signed-out`.
 */
import { fail, ok, type Result } from '@/utils/kustomer/errors';
import { codeExchangeForm, readTokenRefusal, readTokenReply, refreshForm, tokenEndpoint, type OAuthClient, type Tokens, type TokenSource } from '@/utils/kustomer/oauth';
import type { CredentialStore } from '@/utils/background/client';

/** A token this close to its expiry is refreshed before use. */
export const REFRESH_MARGIN_MS = 60_000;

export interface TokenSessionOptions {
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export function signedOut(org: string | undefined, why?: string): Result<never> {
  return fail({
    kind: 'signed-out',
    message: `${why ?? 'You are signed out of Kustomer.'} Sign in${org ? ` to ${org}` : ''} in Settings: your saves wait until then.`,
  });
}

export function createTokenSession(credentials: CredentialStore, { fetch: doFetch = (input, init) => globalThis.fetch(input, init), now = () => Date.now(), timeoutMs = 10_000 }: TokenSessionOptions = {}) {
  /** The refresh in progress; every caller meanwhile waits for it. */
  let refreshing: Promise<Result<string>> | undefined;

  /** One form to the org's token endpoint: its answer, or why there is none. */
  async function postForm(org: string, form: URLSearchParams): Promise<Result<{ response: Response; text: string }>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch(tokenEndpoint(org), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      return ok({ response, text: await response.text() });
    } catch {
      return fail({ kind: controller.signal.aborted ? 'timeout' : 'network', message: `Could not reach Kustomer's sign-in (${new URL(tokenEndpoint(org)).host}).` });
    } finally {
      clearTimeout(timer);
    }
  }

  async function refresh(rejected: string): Promise<Result<string>> {
    const { org, oauth } = await credentials.load();
    const tokens = oauth?.tokens;
    if (!org || !oauth || !tokens) return signedOut(org);
    // Another request's refresh already replaced the refused token.
    if (tokens.accessToken !== rejected && !(tokens.expiresAt !== undefined && tokens.expiresAt - now() < REFRESH_MARGIN_MS)) return ok(tokens.accessToken);
    if (!tokens.refreshToken) return end(org, 'Your Kustomer sign-in has expired.');

    // No answer: the refresh token may still be good; the session goes on.
    const answer = await postForm(org, refreshForm({ org, clientId: oauth.clientId, clientSecret: oauth.clientSecret }, tokens.refreshToken));
    if (!answer.ok) return answer;
    const { response, text } = answer.value;
    if (!response.ok) {
      const refusal = readTokenRefusal(response.status, text, org);
      if (refusal.ended) return end(org, `Your Kustomer sign-in for ${org} has ended.`);
      const { ended: _ended, ...error } = refusal;
      return fail(error);
    }
    const next = readTokenReply(text, { now: now(), previous: tokens });
    if (!next.ok) return next;
    await credentials.save({ oauth: { ...oauth, tokens: next.value } });
    return ok(next.value.accessToken);
  }

  async function end(org: string, why: string): Promise<Result<never>> {
    const { oauth } = await credentials.load();
    if (oauth) await credentials.save({ oauth: { clientId: oauth.clientId, clientSecret: oauth.clientSecret } });
    return signedOut(org, why);
  }

  function renew(rejected: string): Promise<Result<string>> {
    refreshing ??= refresh(rejected).finally(() => (refreshing = undefined));
    return refreshing;
  }

  return {
    /** Signing in: the code the auth window brought back, exchanged (with its PKCE verifier) for tokens. */
    async exchange(client: OAuthClient, grant: { code: string; verifier: string; redirectUri: string }): Promise<Result<Tokens>> {
      const answer = await postForm(client.org, codeExchangeForm(client, grant));
      if (!answer.ok) return answer;
      const { response, text } = answer.value;
      if (!response.ok) {
        const { ended, ...error } = readTokenRefusal(response.status, text, client.org);
        // At sign-in, a refused grant is the code (used, expired, or not matching its verifier).
        return fail(ended ? { ...error, message: `Sign-in did not finish: Kustomer did not accept the code from the sign-in window${error.detail ? ` ("${error.detail}")` : ''}. Sign in again.` } : error);
      }
      return readTokenReply(text, { now: now() });
    },
    async token() {
      if (refreshing) return refreshing;
      const { org, oauth } = await credentials.load();
      const tokens = oauth?.tokens;
      if (!tokens) return signedOut(org);
      if (tokens.expiresAt !== undefined && tokens.expiresAt - now() < REFRESH_MARGIN_MS) return renew(tokens.accessToken);
      return ok(tokens.accessToken);
    },
    renew,
  };
}
