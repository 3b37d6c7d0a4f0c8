/** Custom attribute names: the type Kustomer gives an attribute by the suffix of its name. */
import { oneOf, show } from './formats';

// ---------------------------------------------------------------------------------------------
// Custom attribute names

export const CUSTOM_ATTRIBUTE_SUFFIXES = ['Num', 'At', 'Str', 'Txt', 'Bool', 'Url', 'Id'] as const;
export type CustomAttributeKind = 'number' | 'date-time' | 'text' | 'boolean' | 'url' | 'id';
export type CustomAttributeValue = string | number | boolean | string[] | null;

const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_]*(Num|At|Str|Txt|Bool|Url|Id)$/;
const KIND_BY_SUFFIX: Record<string, CustomAttributeKind> = {
  Num: 'number',
  At: 'date-time',
  Str: 'text',
  Txt: 'text',
  Bool: 'boolean',
  Url: 'url',
  Id: 'id',
};

/** The type a custom attribute name asks for by its suffix, or undefined when it names none. */
export function customAttributeKind(name: string): CustomAttributeKind | undefined {
  const m = CUSTOM_NAME.exec(name);
  return m ? KIND_BY_SUFFIX[m[1]!] : undefined;
}

export function customNameProblem(name: string): string {
  const suffixes = oneOf(CUSTOM_ATTRIBUTE_SUFFIXES);
  if (/(Num|At|Str|Txt|Bool|Url|Id)$/.test(name)) {
    return `Custom attribute ${show(name)} must start with a letter and use only letters, digits and _`;
  }
  return `Custom attribute ${show(name)} has no known type: its name must end in ${suffixes}`;
}
