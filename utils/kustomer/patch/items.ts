/** Tags and the items of the body's lists (emails, phones, locations…), and sentiment. */
import * as v from 'valibot';
import { bool, choice, emailAddress, list, num, phoneNumber, strictRecord, text, uri, webUrl } from './blocks';
import { EMAIL_TYPES, LOCATION_TYPES, MAX_TAGS, PHONE_TYPES, SENTIMENT_POLARITIES, SOCIAL_TYPES, URL_TYPES, WHATSAPP_TYPES } from './formats';
import { tagProblem } from './tags';

// ---------------------------------------------------------------------------------------------
// Tags

export const TagSchema = v.pipe(
  v.string('Tag must be text'),
  v.rawCheck<string>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = tagProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);

export const TagsSchema = list(TagSchema, {
  itemLabel: 'Tag',
  plural: 'tags',
  max: MAX_TAGS,
  describe: (t) => (typeof t === 'string' ? t : undefined),
});

// ---------------------------------------------------------------------------------------------
// List items

export const externalIdItem = (label: string) =>
  strictRecord(
    label,
    {
      externalId: text(label, { min: 1, max: 255 }),
      verified: v.optional(bool(`${label} verified`)),
    },
    { externalId: label },
  );

export const EmailAddressSchema = emailAddress('Email address');
export const emailItem = (label: string) =>
  strictRecord(
    label,
    {
      type: v.optional(choice(`${label} type`, EMAIL_TYPES)),
      email: emailAddress(`${label} address`),
      verified: v.optional(bool(`${label} verified`)),
    },
    { email: `${label} address` },
  );
export const EmailSchema = emailItem('Email');

export const PhoneNumberSchema = phoneNumber('Phone number');
export const phoneItem = (label: string, types: readonly [string, ...string[]] = PHONE_TYPES) =>
  strictRecord(
    label,
    {
      type: v.optional(choice(`${label} type`, types)),
      phone: phoneNumber(`${label} number`),
      verified: v.optional(bool(`${label} verified`)),
    },
    { phone: `${label} number` },
  );
export const PhoneSchema = phoneItem('Phone');
export const WhatsappSchema = phoneItem('WhatsApp', WHATSAPP_TYPES);

export const FacebookIdSchema = strictRecord(
  'Facebook ID',
  {
    pageId: text('Facebook page ID', { max: 255 }),
    userId: text('Facebook user ID', { max: 255 }),
    name: v.optional(text('Facebook name', { max: 255 })),
  },
  { pageId: 'Facebook page ID', userId: 'Facebook user ID' },
);

export const InstagramIdSchema = strictRecord(
  'Instagram ID',
  {
    pageId: text('Instagram page ID', { max: 255 }),
    threadId: text('Instagram thread ID', { max: 255 }),
    username: text('Instagram username', { max: 255 }),
    instagramId: v.optional(text('Instagram ID', { max: 255 })),
  },
  { pageId: 'Instagram page ID', threadId: 'Instagram thread ID', username: 'Instagram username' },
);

export const socialItem = (label: string) =>
  strictRecord(
    label,
    {
      type: choice(`${label} network`, SOCIAL_TYPES),
      userid: v.optional(text(`${label} user ID`, { max: 256 })),
      username: text(`${label} username`, { min: 1, max: 256 }),
      url: v.optional(uri(`${label} URL`)),
      verified: v.optional(bool(`${label} verified`)),
    },
    { type: `${label} network`, username: `${label} username` },
  );
export const SocialSchema = socialItem('Social profile');

export const UrlSchema = strictRecord(
  'Website',
  {
    type: v.optional(choice('Website type', URL_TYPES)),
    url: webUrl('Website address'),
  },
  { url: 'Website address' },
);

export const nullableText = (label: string, limits?: { min?: number; max?: number }) => v.optional(v.nullable(text(label, limits)));
export const nullableNum = (label: string) => v.optional(v.nullable(num(label)));
export const LocationSchema = strictRecord(
  'Location',
  {
    // Nullable in Kustomer's document, but its enum has no null: null is refused.
    type: v.optional(choice('Location type', LOCATION_TYPES)),
    name: nullableText('Location name'),
    address: nullableText('Address', { max: 256 }),
    address2: nullableText('Address line 2', { max: 256 }),
    address3: nullableText('Address line 3', { max: 256 }),
    latitude: nullableNum('Latitude'),
    longitude: nullableNum('Longitude'),
    countryCode: nullableText('Country code', { min: 2, max: 2 }),
    countryName: nullableText('Country name', { max: 64 }),
    regionCode: nullableText('Region code', { max: 2 }),
    regionName: nullableText('Region name', { max: 128 }),
    cityName: nullableText('City', { max: 128 }),
    zipCode: nullableText('ZIP code', { max: 30 }),
    areaCode: nullableText('Area code', { max: 30 }),
  },
  {},
);

export const SENTIMENT_INCOMPLETE = 'sentiment needs both polarity and confidence';
/** Messages about a whole object, though valibot reports them on one of its keys. */
export const WHOLE_OBJECT_MESSAGES: ReadonlySet<string> = new Set([SENTIMENT_INCOMPLETE]);

export const SentimentSchema = strictRecord(
  'Sentiment',
  {
    polarity: choice('Sentiment polarity', SENTIMENT_POLARITIES),
    confidence: v.pipe(
      num('Sentiment confidence'),
      v.minValue(-1, 'Sentiment confidence must be between -1 and 1'),
      v.maxValue(1, 'Sentiment confidence must be between -1 and 1'),
    ),
  },
  { polarity: 'Sentiment polarity', confidence: 'Sentiment confidence' },
  SENTIMENT_INCOMPLETE,
);
