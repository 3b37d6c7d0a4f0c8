/** What Kustomer holds after an update: the PATCH's fields replaced, `custom` merged key by key. */
import type { CustomerUpdate } from '@/utils/kustomer/patch';

/** A customer's body: CustomerUpdate's shape, as plain data. */
type Body = Record<string, unknown>;

/** A body as Kustomer holds it after applying `update`: fields replaced, `custom` merged key by key. */
export function applyUpdate(body: Body, update: Partial<CustomerUpdate>): Body {
  const out: Body = { ...body };
  for (const [key, value] of Object.entries(update)) {
    if (key === 'rev') continue;
    out[key] = key === 'custom' ? { ...(body.custom as Body), ...(value as Body) } : value;
  }
  return out;
}
