/** The org's custom attribute definitions for customers (`GET /v1/metadata/customer`), read leniently. */
import { customAttributeKind } from '@/utils/kustomer/patch/custom';

export interface CustomAttributeDefinition {
  /** The attribute's key in `custom`, e.g. `planStr`. */
  name: string;
  displayName: string;
  /** Allowed values, when the org defined a list. */
  enumeration?: string[];
}

export function parseCustomerMetadata(document: unknown): CustomAttributeDefinition[] | undefined {
  const data = (document as { data?: unknown } | null)?.data;
  const attributes = (data as { attributes?: unknown } | null)?.attributes;
  const properties = (attributes as { properties?: unknown } | null)?.properties;
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return undefined;
  const out: CustomAttributeDefinition[] = [];
  for (const [name, value] of Object.entries(properties).slice(0, 500)) {
    if (!customAttributeKind(name) || !value || typeof value !== 'object') continue;
    const v = value as Record<string, unknown>;
    const enumeration = Array.isArray(v.enumeration) ? v.enumeration.filter((e): e is string => typeof e === 'string') : undefined;
    out.push({
      name,
      displayName: typeof v.displayName === 'string' && v.displayName.trim() ? v.displayName : name,
      ...(enumeration?.length && { enumeration }),
    });
  }
  return out;
}
