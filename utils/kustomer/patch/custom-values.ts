/** The values of custom attributes, typed by their names' suffixes. */
import * as v from 'valibot';
import { bool, dateTime, num, text, uri } from './blocks';
import { customAttributeKind, customNameProblem, type CustomAttributeValue } from './custom';
import { MAX_CUSTOM_ATTRIBUTES, MAX_CUSTOM_TEXT_LENGTH, show } from './formats';
import { isRecord } from '@/utils/plain-data';

// ---------------------------------------------------------------------------------------------
// Custom attributes

/** The schema of one custom attribute's value, chosen by the name's suffix. */
export function customAttributeValueSchema(name: string): v.GenericSchema<unknown, CustomAttributeValue> | undefined {
  const label = `Custom attribute ${show(name)}`;
  switch (customAttributeKind(name)) {
    case 'number':
      return v.nullable(num(label));
    case 'date-time':
      return v.nullable(dateTime(label));
    case 'text':
      return v.nullable(text(label, { max: MAX_CUSTOM_TEXT_LENGTH }));
    case 'boolean':
      return v.nullable(bool(label));
    case 'url':
      return v.nullable(uri(label));
    case 'id':
      return v.union([v.string(), v.array(v.string()), v.null()], `${label} must be an id (text), a list of ids, or null`);
    case undefined:
      return undefined;
  }
}

/** The inline error for one custom attribute, or undefined when Kustomer would take it. */
export function validateCustomAttribute(name: string, value: unknown): string | undefined {
  const schema = customAttributeValueSchema(name);
  if (!schema) return customNameProblem(name);
  const result = v.safeParse(schema, value);
  return result.success ? undefined : result.issues[0].message;
}

export const CustomAttributesSchema = v.pipe(
  v.custom<Record<string, CustomAttributeValue>>(isRecord, 'Custom attributes must be an object of name and value'),
  v.rawCheck<Record<string, CustomAttributeValue>>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const attributes = dataset.value;
    const names = Object.keys(attributes);
    if (names.length > MAX_CUSTOM_ATTRIBUTES) addIssue({ message: `At most ${MAX_CUSTOM_ATTRIBUTES} custom attributes` });
    for (const name of names) {
      const value = attributes[name];
      const step: v.ObjectPathItem = { type: 'object', origin: 'value', input: attributes, key: name, value };
      const schema = customAttributeValueSchema(name);
      if (!schema) {
        addIssue({ message: customNameProblem(name), path: [step] });
        continue;
      }
      const result = v.safeParse(schema, value);
      if (result.success) continue;
      for (const issue of result.issues) {
        addIssue({ message: issue.message, input: issue.input, path: [step, ...(issue.path ?? [])] });
      }
    }
  }),
);
