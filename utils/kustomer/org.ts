/** The Kustomer organization: the `{org}` of `{org}.kustomerapp.com`. */

export const ORG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Accepts what agents paste: `acme`, `Acme`, `acme.kustomerapp.com`,
 * `https://acme.kustomerapp.com/app/customers/...`, `acme.api.kustomerapp.com`.
 */
export function normalizeOrg(input: string): string {
  let value = input.trim().toLowerCase();
  value = value.replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '');
  value = value.replace(/\.api\.kustomerapp\.com$/, '').replace(/\.kustomerapp\.com$/, '');
  return value;
}

/** The agent-facing problem with an organization name, or undefined when it is usable. */
export function orgProblem(org: string): string | undefined {
  if (org === '') return 'Enter your organization: the "acme" of acme.kustomerapp.com.';
  if (/^eyj[\w-]{10,}\./.test(org) || org.length > 63) {
    return 'That looks like an API key, not an organization: paste it in "API key", and here the "acme" of acme.kustomerapp.com.';
  }
  if (org === 'api') return '"api" is a Kustomer host, not an organization: use the name in your agent app address.';
  if (!ORG_PATTERN.test(org)) {
    return `"${org}" is not an organization name: use letters, digits and dashes, as in acme.kustomerapp.com.`;
  }
  return undefined;
}
