/** Checking a body for callers: field problems with dot paths, and the 100 kB limit. */
import * as v from 'valibot';
import { CustomerUpdateSchema, type CustomerUpdate } from './body';
import { MAX_BODY_BYTES } from './formats';
import { WHOLE_OBJECT_MESSAGES } from './items';

/** One problem with the body. `path` is a dot path (`tags.3`, `emails.0.email`), '' for the body. */
export interface FieldIssue {
  path: string;
  message: string;
}

type AnyIssue = v.BaseIssue<unknown> & { path?: readonly { key: unknown }[] | undefined };

function issuePath(issue: AnyIssue): string {
  const keys = (issue.path ?? []).map((step) => String(step.key));
  // An unknown key belongs to the object that holds it: report it there (and so does
  // "sentiment needs both…", which valibot reports on each missing key).
  if (issue.type === 'strict_object' && (issue.expected === 'never' || WHOLE_OBJECT_MESSAGES.has(issue.message))) {
    keys.pop();
  }
  return keys.join('.');
}

/** Valibot issues as FieldIssues, one per path and message. */
export function toFieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const entry = { path: issuePath(issue as AnyIssue), message: issue.message };
    const key = `${entry.path}\u0000${entry.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}

/** The body's size in bytes as sent (Infinity when it is not JSON). */
function bodyBytes(body: unknown): number {
  try {
    return new TextEncoder().encode(JSON.stringify(body)).length;
  } catch {
    return Infinity;
  }
}

/** A PATCH body as Kustomer takes it: the schema, and at most 100 kB. */
export const CustomerUpdateBodySchema = v.pipe(
  CustomerUpdateSchema,
  v.check(
    (body) => bodyBytes(body) <= MAX_BODY_BYTES,
    (issue) => {
      const bytes = bodyBytes(issue.input);
      return bytes === Infinity ? 'The update cannot be sent as JSON' : `The update is too large (${Math.ceil(bytes / 1024)} kB): Kustomer takes at most 100 kB`;
    },
  ),
);

/**
 * Checks a PATCH body against Kustomer's request schema (and its 100 kB limit).
 * Never throws.
 */
export function validateCustomerUpdate(
  input: unknown,
): { success: true; output: CustomerUpdate } | { success: false; issues: FieldIssue[] } {
  let result: v.SafeParseResult<typeof CustomerUpdateBodySchema>;
  try {
    result = v.safeParse(CustomerUpdateBodySchema, input);
  } catch (error) {
    return { success: false, issues: [{ path: '', message: `The update could not be checked (${String(error)})` }] };
  }
  return result.success ? { success: true, output: result.output } : { success: false, issues: toFieldIssues(result.issues) };
}
