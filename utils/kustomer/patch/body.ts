/** The whole body of `PATCH /v1/customers/{id}`: every field Kustomer takes. */
import * as v from 'valibot';
import { FIELDS, type FieldKey } from '@/utils/fields';
import { choice, dateTime, field, list, num, strictRecord, text, uri } from './blocks';
import { CustomAttributesSchema } from './custom-values';
import { GENDERS } from './formats';
import { EmailSchema, FacebookIdSchema, InstagramIdSchema, LocationSchema, PhoneSchema, SentimentSchema, SocialSchema, TagsSchema, UrlSchema, WhatsappSchema, emailItem, externalIdItem, phoneItem, socialItem } from './items';

// ---------------------------------------------------------------------------------------------
// The body

const optionalNullable = <TSchema extends v.GenericSchema>(schema: TSchema) => v.optional(v.nullable(schema));

/** The agent's names of the fields, from the editor's one table (errors say what the editor shows). */
const L = Object.fromEntries(Object.entries(FIELDS).map(([key, spec]) => [key, spec.label])) as Record<FieldKey, string>;

export const CustomerUpdateSchema = strictRecord(
  undefined,
  {
    name: optionalNullable(text(L.name, { max: 256 })),
    company: optionalNullable(text(L.company)),
    externalId: optionalNullable(text(L.externalId, { min: 1, max: 256 })),
    externalIds: v.optional(list(externalIdItem('External ID'), { itemLabel: 'External ID', plural: 'external IDs', describe: field('externalId') })),
    sharedExternalIds: v.optional(
      list(externalIdItem('Shared external ID'), { itemLabel: 'Shared external ID', plural: 'shared external IDs', describe: field('externalId') }),
    ),
    username: optionalNullable(text(L.username, { max: 256 })),
    signedUpAt: optionalNullable(dateTime(L.signedUpAt)),
    lastActivityAt: optionalNullable(dateTime(L.lastActivityAt)),
    lastCustomerActivityAt: optionalNullable(dateTime(L.lastCustomerActivityAt)),
    lastSeenAt: optionalNullable(dateTime(L.lastSeenAt)),
    avatarUrl: optionalNullable(uri(L.avatarUrl)),
    emails: v.optional(list(EmailSchema, { itemLabel: 'Email', plural: 'emails', describe: field('email') })),
    sharedEmails: v.optional(list(emailItem('Shared email'), { itemLabel: 'Shared email', plural: 'shared emails', describe: field('email') })),
    phones: v.optional(list(PhoneSchema, { itemLabel: 'Phone', plural: 'phones', describe: field('phone') })),
    sharedPhones: v.optional(list(phoneItem('Shared phone'), { itemLabel: 'Shared phone', plural: 'shared phones', describe: field('phone') })),
    whatsapps: v.optional(list(WhatsappSchema, { itemLabel: 'WhatsApp', plural: 'WhatsApp numbers', describe: field('phone') })),
    facebookIds: v.optional(list(FacebookIdSchema, { itemLabel: 'Facebook ID', plural: 'Facebook IDs', describe: field('userId') })),
    instagramIds: v.optional(list(InstagramIdSchema, { itemLabel: 'Instagram ID', plural: 'Instagram IDs', describe: field('username') })),
    socials: v.optional(list(SocialSchema, { itemLabel: 'Social profile', plural: 'social profiles', describe: field('username') })),
    sharedSocials: v.optional(
      list(socialItem('Shared social profile'), { itemLabel: 'Shared social profile', plural: 'shared social profiles', describe: field('username') }),
    ),
    urls: v.optional(list(UrlSchema, { itemLabel: 'Website', plural: 'websites', describe: field('url') })),
    locations: v.optional(list(LocationSchema, { itemLabel: 'Location', plural: 'locations' })),
    locale: optionalNullable(text(L.locale, { max: 16 })),
    timeZone: optionalNullable(text(L.timeZone, { max: 64 })),
    tags: v.optional(TagsSchema),
    sentiment: v.optional(SentimentSchema),
    custom: v.optional(CustomAttributesSchema),
    birthdayAt: optionalNullable(dateTime(L.birthdayAt)),
    // Nullable in Kustomer's document, but its enum has no null: null is refused.
    gender: v.optional(choice(L.gender, GENDERS)),
    createdAt: v.optional(dateTime(L.createdAt)),
    importedAt: v.optional(dateTime(L.importedAt)),
    rev: v.optional(num(L.rev)),
    defaultLang: optionalNullable(text(L.defaultLang, { max: 100 })),
  },
  L,
);

export type CustomerUpdate = v.InferOutput<typeof CustomerUpdateSchema>;
