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

// ---------------------------------------------------------------------------------------------
// Validation for callers


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

/**
 * Checks a PATCH body against Kustomer's request schema (and its 100 kB limit).
 * Never throws.
 */
export function validateCustomerUpdate(
  input: unknown,
): { success: true; output: CustomerUpdate } | { success: false; issues: FieldIssue[] } {
  let result: v.SafeParseResult<typeof CustomerUpdateSchema>;
  try {
    result = v.safeParse(CustomerUpdateSchema, input);
  } catch (error) {
    return { success: false, issues: [{ path: '', message: `The update could not be checked (${String(error)})` }] };
  }
  if (!result.success) return { success: false, issues: toFieldIssues(result.issues) };
  let bytes: number;
  try {
    bytes = new TextEncoder().encode(JSON.stringify(result.output)).length;
  } catch {
    return { success: false, issues: [{ path: '', message: 'The update cannot be sent as JSON' }] };
  }
  if (bytes > MAX_BODY_BYTES) {
    return {
      success: false,
      issues: [{ path: '', message: `The update is too large (${Math.ceil(bytes / 1024)} kB): Kustomer takes at most 100 kB` }],
    };
  }
  return { success: true, output: result.output };
}
