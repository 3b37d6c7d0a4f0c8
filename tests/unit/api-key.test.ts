import { describe, expect, it } from 'vitest';
import { apiKeyProblem, cleanApiKey, readApiKeyClaims } from '@/utils/kustomer/api-key';
import { normalizeOrg, orgProblem } from '@/utils/kustomer/org';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.c2lnbmF0dXJl`;

describe('API key', () => {
  it('reads orgName, pod and exp from a Kustomer JWT', () => {
    expect(readApiKeyClaims(jwt({ orgName: 'acme', pod: 'prod2', exp: 1900000000, roles: ['x'] }))).toEqual({
      orgName: 'acme',
      pod: 'prod2',
      exp: 1900000000,
    });
  });

  it('reads non-ASCII payloads', () => {
    expect(readApiKeyClaims(jwt({ orgName: 'société' })).orgName).toBe('société');
  });

  it.each(['', 'abc', 'a.b.c', 'a.%%%.c', `x.${b64url('just a string')}.y`, `x.${b64url({ orgName: 42 })}.y`])(
    'tolerates %j',
    (key) => {
      expect(readApiKeyClaims(key).orgName).toBeUndefined();
    },
  );

  it('cleans what comes along with a copied key', () => {
    expect(cleanApiKey('  Bearer abc.def.ghi \n')).toBe('abc.def.ghi');
    expect(cleanApiKey('"abc.def.ghi"')).toBe('abc.def.ghi');
  });

  it('explains unusable keys', () => {
    expect(apiKeyProblem('')).toMatch(/Paste the API key/);
    expect(apiKeyProblem('abc def')).toMatch(/spaces or line breaks/);
    expect(apiKeyProblem('x'.repeat(9000))).toMatch(/longer than/);
    expect(apiKeyProblem(jwt({ orgName: 'acme' }))).toBeUndefined();
  });
});

describe('organization', () => {
  it.each([
    ['acme', 'acme'],
    ['  Acme ', 'acme'],
    ['acme.kustomerapp.com', 'acme'],
    ['https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953', 'acme'],
    ['acme.api.kustomerapp.com', 'acme'],
    ['my-org-2', 'my-org-2'],
  ])('normalizes %j to %j', (input, org) => {
    expect(normalizeOrg(input)).toBe(org);
    expect(orgProblem(normalizeOrg(input))).toBeUndefined();
  });

  it.each(['', 'api', 'acme corp', 'acme_inc', '-acme', 'acme!'])('refuses %j with a reason', (input) => {
    expect(orgProblem(normalizeOrg(input))).toMatch(/organization|not an organization|Kustomer host/);
  });
});

describe('expiry and misplaced keys', () => {
  it('warns about a key whose exp has passed', async () => {
    const { apiKeyExpiry } = await import('@/utils/kustomer/api-key');
    expect(apiKeyExpiry({ exp: 1_700_000_000 }, 1_800_000_000_000)).toBe(
      'This key expired on 2023-11-14: Kustomer will refuse it. Make a new key in Kustomer.',
    );
    expect(apiKeyExpiry({ exp: 1_900_000_000 }, 1_800_000_000_000)).toBeUndefined();
    expect(apiKeyExpiry({}, 1_800_000_000_000)).toBeUndefined();
  });

  it('says so when an API key is pasted as the organization', () => {
    expect(orgProblem(normalizeOrg(jwt({ orgName: 'acme' })))).toMatch(/^That looks like an API key/);
  });
});
