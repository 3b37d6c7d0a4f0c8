/** What the customer editor holds: the customer as loaded, and how a save's outcome is shown. */
import type { Customer } from '@/utils/kustomer/customer';
import type { KustomerError } from '@/utils/kustomer/errors';
import { bodyFromForm, formFromCustomer, type Body } from '@/utils/editor/form';
import { maskedFields, MASKED_NOTE } from '@/utils/editor/masking';

export interface Loaded {
  customer: Customer;
  /** The body of the customer as loaded: what changes are measured against. */
  base: Body;
  masked: Set<string>;
}

export function loaded(customer: Customer): Loaded {
  return { customer, base: bodyFromForm(formFromCustomer(customer)), masked: maskedFields(customer) };
}

/** Tags Kustomer masked cannot be edited (they would be sent back masked). */
export const tagLock = (masked: Set<string>) => (masked.has('tags') ? MASKED_NOTE : undefined);

export type Save =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; lines: string[]; warning?: string }
  | { state: 'undone' }
  | { state: 'failed'; error: KustomerError }
  | { state: 'unchanged' };

/** The customer changed in Kustomer under the agent's edits: what changed there, and the edits kept. */
export interface Conflict {
  theirs: string[];
  mine: string[];
}
