/** The agent's edits carried onto a newer customer (Kustomer changed it under the edits). */
import { LIST_FIELDS, SCALAR_FIELDS, type ListField, type ScalarField } from '@/utils/fields';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import type { CustomerForm } from '@/utils/editor/form';

/**
 * The agent's edits carried onto a newer customer: every field the agent changed takes the
 * agent's value (custom attributes key by key); every other field shows Kustomer's current value.
 */
export function rebaseForm(current: CustomerForm, edited: CustomerForm, changes: Partial<CustomerUpdate>): CustomerForm {
  const next: CustomerForm = structuredClone(current);
  next.originals = { ...current.originals };
  for (const key of Object.keys(changes)) {
    if (edited.originals && key in edited.originals) next.originals[key] = edited.originals[key];
    if ((SCALAR_FIELDS as readonly string[]).includes(key)) next.scalars[key as ScalarField] = edited.scalars[key as ScalarField];
    else if ((LIST_FIELDS as readonly string[]).includes(key)) next.lists[key as ListField] = structuredClone(edited.lists[key as ListField]);
    else if (key === 'tags') next.tags = [...edited.tags];
    else if (key === 'sentiment') next.sentiment = { ...edited.sentiment };
    else if (key === 'custom') {
      for (const name of Object.keys(changes.custom ?? {})) {
        if (edited.originals && `custom.${name}` in edited.originals) next.originals[`custom.${name}`] = edited.originals[`custom.${name}`];
        const mine = edited.custom.find((c) => c.key === name);
        const at = next.custom.findIndex((c) => c.key === name);
        if (mine && at >= 0) next.custom[at] = { ...mine };
        else if (mine) next.custom.push({ ...mine });
        else if (at >= 0) next.custom.splice(at, 1);
      }
    }
  }
  return next;
}
