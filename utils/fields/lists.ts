/** The fields that are lists (emails, phones, locations…): the parts of one item, and how each shows. */
import { EMAIL_TYPES, LOCATION_TYPES, PHONE_TYPES, SOCIAL_TYPES, URL_TYPES, WHATSAPP_TYPES } from '@/utils/kustomer/patch/formats';
import type { ScalarKind } from './scalars';

export interface PartSpec {
  key: string;
  label: string;
  kind: ScalarKind;
  options?: readonly string[];
  /** The part that names an item ("ada@example.com"); a new row starts there. */
  main?: boolean;
  required?: boolean;
  placeholder?: string;
  /** Shown only under "More" in a row: rarely edited parts. */
  more?: boolean;
}

export interface ListSpec {
  key: ListField;
  label: string;
  itemLabel: string;
  parts: readonly PartSpec[];
  /** Contact lists shown open; the rest sit under "More fields". */
  contact: boolean;
}

export const LIST_FIELDS = [
  'emails',
  'phones',
  'whatsapps',
  'socials',
  'urls',
  'locations',
  'externalIds',
  'facebookIds',
  'instagramIds',
  'sharedEmails',
  'sharedPhones',
  'sharedSocials',
  'sharedExternalIds',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

const email = (shared: boolean): readonly PartSpec[] => [
  { key: 'email', label: shared ? 'Shared email' : 'Email', kind: 'text', main: true, required: true, placeholder: 'name@example.com' },
  { key: 'type', label: 'Type', kind: 'select', options: EMAIL_TYPES },
];
const phone = (label: string, types: readonly string[]): readonly PartSpec[] => [
  { key: 'phone', label, kind: 'text', main: true, required: true, placeholder: '+14155550123' },
  { key: 'type', label: 'Type', kind: 'select', options: types },
];
const social = (shared: boolean): readonly PartSpec[] => [
  { key: 'type', label: 'Network', kind: 'select', options: SOCIAL_TYPES, required: true },
  { key: 'username', label: shared ? 'Shared social username' : 'Social username', kind: 'text', main: true, required: true },
  { key: 'url', label: 'Profile URL', kind: 'url', placeholder: 'https://' },
  { key: 'userid', label: 'User ID', kind: 'text', more: true },
];
const externalId = (label: string): readonly PartSpec[] => [{ key: 'externalId', label, kind: 'text', main: true, required: true }];

export const LIST_SPECS: Readonly<Record<ListField, ListSpec>> = {
  emails: { key: 'emails', label: 'Emails', itemLabel: 'email', parts: email(false), contact: true },
  phones: { key: 'phones', label: 'Phones', itemLabel: 'phone', parts: phone('Phone', PHONE_TYPES), contact: true },
  whatsapps: { key: 'whatsapps', label: 'WhatsApp', itemLabel: 'WhatsApp number', parts: phone('WhatsApp', WHATSAPP_TYPES), contact: true },
  socials: { key: 'socials', label: 'Social profiles', itemLabel: 'social profile', parts: social(false), contact: true },
  urls: {
    key: 'urls',
    label: 'Websites',
    itemLabel: 'website',
    parts: [
      { key: 'url', label: 'Website', kind: 'url', main: true, required: true, placeholder: 'https://' },
      { key: 'type', label: 'Type', kind: 'select', options: URL_TYPES },
    ],
    contact: true,
  },
  locations: {
    key: 'locations',
    label: 'Locations',
    itemLabel: 'location',
    parts: [
      { key: 'address', label: 'Address', kind: 'text', main: true },
      { key: 'address2', label: 'Address line 2', kind: 'text', more: true },
      { key: 'address3', label: 'Address line 3', kind: 'text', more: true },
      { key: 'cityName', label: 'City', kind: 'text' },
      { key: 'regionName', label: 'Region', kind: 'text' },
      { key: 'regionCode', label: 'Region code', kind: 'text', more: true },
      { key: 'zipCode', label: 'ZIP code', kind: 'text' },
      { key: 'countryCode', label: 'Country code', kind: 'text', placeholder: 'US' },
      { key: 'countryName', label: 'Country', kind: 'text', more: true },
      { key: 'type', label: 'Type', kind: 'select', options: LOCATION_TYPES },
      { key: 'name', label: 'Location name', kind: 'text', more: true },
      { key: 'areaCode', label: 'Area code', kind: 'text', more: true },
      { key: 'latitude', label: 'Latitude', kind: 'number', more: true },
      { key: 'longitude', label: 'Longitude', kind: 'number', more: true },
    ],
    contact: true,
  },
  externalIds: { key: 'externalIds', label: 'External IDs', itemLabel: 'external ID', parts: externalId('External ID'), contact: false },
  facebookIds: {
    key: 'facebookIds',
    label: 'Facebook IDs',
    itemLabel: 'Facebook ID',
    parts: [
      { key: 'userId', label: 'Facebook user ID', kind: 'text', main: true, required: true },
      { key: 'pageId', label: 'Facebook page ID', kind: 'text', required: true },
      { key: 'name', label: 'Facebook name', kind: 'text' },
    ],
    contact: false,
  },
  instagramIds: {
    key: 'instagramIds',
    label: 'Instagram IDs',
    itemLabel: 'Instagram ID',
    parts: [
      { key: 'username', label: 'Instagram username', kind: 'text', main: true, required: true },
      { key: 'pageId', label: 'Instagram page ID', kind: 'text', required: true },
      { key: 'threadId', label: 'Instagram thread ID', kind: 'text', required: true },
      { key: 'instagramId', label: 'Instagram ID', kind: 'text' },
    ],
    contact: false,
  },
  sharedEmails: { key: 'sharedEmails', label: 'Shared emails', itemLabel: 'shared email', parts: email(true), contact: false },
  sharedPhones: { key: 'sharedPhones', label: 'Shared phones', itemLabel: 'shared phone', parts: phone('Shared phone', PHONE_TYPES), contact: false },
  sharedSocials: { key: 'sharedSocials', label: 'Shared social profiles', itemLabel: 'shared social profile', parts: social(true), contact: false },
  sharedExternalIds: {
    key: 'sharedExternalIds',
    label: 'Shared external IDs',
    itemLabel: 'shared external ID',
    parts: externalId('Shared external ID'),
    contact: false,
  },
};
