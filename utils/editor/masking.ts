/** Values Kustomer masked: how the editor knows them, and what it says where they are. */
import type { Customer } from '@/utils/kustomer/customer';

/** Kustomer masks sensitive values a key may not read; the mask is not documented, so be broad. */
export function isMasked(value: unknown): boolean {
  if (typeof value === 'string') return /\*{3,}|•{3,}|^\[?(redacted|masked)\]?$/i.test(value);
  if (Array.isArray(value)) return value.some(isMasked);
  if (value && typeof value === 'object') return Object.values(value).some(isMasked);
  return false;
}

/** What the editor says where Kustomer masked a value. */
export const MASKED_NOTE = 'Masked by Kustomer: not shown to this key, and never sent back.';

/** Fields holding a masked value: `emails`, `custom.ssnStr`, … They are shown read-only and never sent. */
export function maskedFields(customer: Customer): Set<string> {
  const masked = new Set<string>();
  for (const [key, value] of Object.entries(customer.attributes)) {
    if (key === 'custom' && value && typeof value === 'object') {
      for (const [name, v] of Object.entries(value)) if (isMasked(v)) masked.add(`custom.${name}`);
    } else if (isMasked(value)) masked.add(key);
  }
  return masked;
}
