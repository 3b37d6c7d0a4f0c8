// Types for sandbox/openapi.mjs (plain JS), so TypeScript tests can import it.

/** The request schema of `PATCH /customers/{id}` exactly as Kustomer publishes it. */
export declare const customerUpdateRequestSchema: Record<string, unknown>;

/** Validates a PATCH body against Kustomer's request schema (with the documented `custom` suffix rules). */
export declare function validateCustomerUpdate(
  body: unknown,
): { valid: true } | { valid: false; errors: { path: string; message: string }[] };
