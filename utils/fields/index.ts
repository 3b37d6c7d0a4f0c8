/**
 * How the editor shows each field of the update body: ONE table with one entry per field of
 * `PATCH /v1/customers/{id}` (its label, the control it gets, the values it offers, the
 * enumerations taken from the schema's own), assembled from the sections that have more to say
 * (lists, one-value fields). The labels are the agent's words everywhere: the editor's labels, the
 * schema's error messages and the summary lines. A unit test holds its keys to the schema's.
 */
import { SENTIMENT_POLARITIES } from '@/utils/kustomer/patch/formats';
import { LIST_FIELDS, LIST_SPECS, type ListSpec } from './lists';
import { SCALAR_FIELDS, SCALAR_SPECS, type ScalarKind } from './scalars';

export * from './lists';
export * from './scalars';

export type FieldControl = ScalarKind | 'list' | 'tags' | 'sentiment' | 'custom' | 'revision';

export interface FieldSpec {
  label: string;
  control: FieldControl;
  /** The values a select offers (an enumeration of the schema). */
  options?: readonly (string | number)[];
  /** For list fields: the parts of one item. */
  list?: ListSpec;
}

const scalars = Object.fromEntries(SCALAR_FIELDS.map((k) => [k, { label: SCALAR_SPECS[k].label, control: SCALAR_SPECS[k].kind, options: SCALAR_SPECS[k].options }]));
const lists = Object.fromEntries(LIST_FIELDS.map((k) => [k, { label: LIST_SPECS[k].label, control: 'list', list: LIST_SPECS[k] }]));

/** Every field Kustomer takes in a customer update, by key. */
export const FIELDS = {
  ...(scalars as Record<(typeof SCALAR_FIELDS)[number], FieldSpec>),
  ...(lists as Record<(typeof LIST_FIELDS)[number], FieldSpec>),
  tags: { label: 'Tags', control: 'tags' },
  sentiment: { label: 'Sentiment', control: 'sentiment', options: SENTIMENT_POLARITIES },
  custom: { label: 'Custom attributes', control: 'custom' },
  rev: { label: 'Revision', control: 'revision' },
} satisfies Record<string, FieldSpec>;

export type FieldKey = keyof typeof FIELDS;

/** The agent's name for a field of the body (its key when it is not one). */
export function fieldLabel(key: string): string {
  return (FIELDS as Record<string, FieldSpec>)[key]?.label ?? key;
}

/** Fields Kustomer refuses null for: they cannot be cleared once set. */
export const NOT_NULLABLE: ReadonlySet<string> = new Set(['gender', 'createdAt', 'importedAt']);
