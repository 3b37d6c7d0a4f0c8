/** Phone numbers as the agent types them: E.164 where that is unambiguous, and a hint where not. */

/**
 * E.164 where that is unambiguous: a leading + or 00 gives the country, so spaces, dashes, dots
 * and brackets can go. Without a country code the number is left as typed.
 */
export function normalizePhone(text: string): string {
  const trimmed = text.trim();
  const international = /^(\+|00)/.test(trimmed);
  const digits = trimmed.replace(/^(\+|00)/, '').replace(/[\s().-]/g, '');
  if (!international || !/^\d{6,15}$/.test(digits)) return trimmed;
  return `+${digits}`;
}

/** Guidance for a phone number that is valid but not E.164. */
export function phoneHint(text: string): string | undefined {
  const value = text.trim();
  if (value === '' || /^\+\d{6,15}$/.test(value)) return undefined;
  return 'Add the country code, e.g. +1 415 555 0123: Kustomer matches numbers in E.164.';
}
