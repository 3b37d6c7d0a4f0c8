// Kustomer's own request schema for `PATCH /v1/customers/{id}`, compiled with Ajv.
// The sandbox validates every PATCH body with it, and tests use it as an independent check
// of what the extension sends.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const document = JSON.parse(
  readFileSync(new URL('./openapi-customers.json', import.meta.url), 'utf8'),
);

/** The request schema exactly as Kustomer publishes it. */
export const customerUpdateRequestSchema =
  document.paths['/customers/{id}'].patch.requestBody.content['application/json'].schema;

/**
 * Kustomer's document declares `custom` as an object with `additionalProperties: false` and no
 * properties, while its own description says custom attributes are typed by their name suffix.
 * Read literally it would refuse every custom attribute, so the sandbox applies the documented
 * suffix rules instead (and still refuses names with an unknown suffix).
 */
const customAttributes = {
  type: 'object',
  maxProperties: 100,
  patternProperties: {
    '^[A-Za-z][A-Za-z0-9_]*Num$': { type: 'number', nullable: true },
    '^[A-Za-z][A-Za-z0-9_]*At$': { type: 'string', format: 'date-time', nullable: true },
    '^[A-Za-z][A-Za-z0-9_]*(Str|Txt)$': { type: 'string', maxLength: 1024, nullable: true },
    '^[A-Za-z][A-Za-z0-9_]*Bool$': { type: 'boolean', nullable: true },
    '^[A-Za-z][A-Za-z0-9_]*Url$': { type: 'string', format: 'uri', nullable: true },
    '^[A-Za-z][A-Za-z0-9_]*Id$': {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'null' }],
    },
  },
  additionalProperties: false,
};

const schema = {
  ...customerUpdateRequestSchema,
  properties: { ...customerUpdateRequestSchema.properties, custom: customAttributes },
};

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// Kustomer's own formats, named in its document.
ajv.addFormat('email-relaxed', /^[^\s@<>]+@[^\s@<>]+$/);
ajv.addFormat('phone-number', /^\+?[0-9][0-9 ().-]{2,30}$/);
ajv.addFormat('whatsapp-number', /^\+?[0-9][0-9 ().-]{2,30}$/);

const validate = ajv.compile(schema);

/**
 * Validates a PATCH body against Kustomer's request schema.
 * @returns {{ valid: true } | { valid: false, errors: { path: string, message: string }[] }}
 */
export function validateCustomerUpdate(body) {
  if (validate(body)) return { valid: true };
  return {
    valid: false,
    errors: (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message:
        e.keyword === 'additionalProperties'
          ? `unknown property "${e.params.additionalProperty}"`
          : (e.message ?? 'is invalid'),
    })),
  };
}
