/** The fields that are one value (name, dates, locale…): the control each gets. */
import { GENDERS } from '@/utils/kustomer/patch/formats';

export type ScalarKind = 'text' | 'url' | 'date-time' | 'number' | 'select' | 'time-zone' | 'locale';

export interface ScalarSpec {
  key: ScalarField;
  label: string;
  kind: ScalarKind;
  options?: readonly string[];
  placeholder?: string;
}

export const SCALAR_FIELDS = [
  'name',
  'company',
  'externalId',
  'username',
  'avatarUrl',
  'locale',
  'timeZone',
  'defaultLang',
  'gender',
  'birthdayAt',
  'signedUpAt',
  'lastActivityAt',
  'lastCustomerActivityAt',
  'lastSeenAt',
  'createdAt',
  'importedAt',
] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];

export const SCALAR_SPECS: Readonly<Record<ScalarField, ScalarSpec>> = {
  name: { key: 'name', label: 'Name', kind: 'text' },
  company: { key: 'company', label: 'Company', kind: 'text' },
  externalId: { key: 'externalId', label: 'External ID', kind: 'text' },
  username: { key: 'username', label: 'Username', kind: 'text' },
  avatarUrl: { key: 'avatarUrl', label: 'Avatar URL', kind: 'url', placeholder: 'https://' },
  locale: { key: 'locale', label: 'Locale', kind: 'locale', placeholder: 'en_US' },
  timeZone: { key: 'timeZone', label: 'Time zone', kind: 'time-zone', placeholder: 'America/New_York' },
  defaultLang: { key: 'defaultLang', label: 'Default language', kind: 'text', placeholder: 'en' },
  gender: { key: 'gender', label: 'Gender', kind: 'select', options: GENDERS },
  birthdayAt: { key: 'birthdayAt', label: 'Birthday', kind: 'date-time' },
  signedUpAt: { key: 'signedUpAt', label: 'Signed up', kind: 'date-time' },
  lastActivityAt: { key: 'lastActivityAt', label: 'Last activity', kind: 'date-time' },
  lastCustomerActivityAt: { key: 'lastCustomerActivityAt', label: 'Last customer activity', kind: 'date-time' },
  lastSeenAt: { key: 'lastSeenAt', label: 'Last seen', kind: 'date-time' },
  createdAt: { key: 'createdAt', label: 'Created', kind: 'date-time' },
  importedAt: { key: 'importedAt', label: 'Imported', kind: 'date-time' },
};
