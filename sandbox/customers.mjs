// Seed data of the sandbox org "acme": customers, conversations and the custom attribute
// definitions, shaped like Kustomer's GET responses (see openapi-customers.json).
// Every call of `seedCustomers()` / `seedConversations()` returns fresh copies, so a reset
// restores exactly this state.
import { createHash } from 'node:crypto';

export const ORG_ID = '5f3a1c2b9d8e7f6a5b4c3d2e';
/** The user that "made" the seed data and the sandbox's API keys. */
export const ADMIN_USER_ID = '5f3a1c2b9d8e7f6a5b4c3d01';

/**
 * The stable tag id the sandbox reports for a tag name when `tagsReadAs` is 'ids'
 * (Kustomer's read responses carry tag ids, 24 lowercase hex characters).
 * @param {string} name
 * @returns {string}
 */
export function tagId(name) {
  return createHash('sha256').update(`tag:${name}`).digest('hex').slice(0, 24);
}

/**
 * Custom attribute definitions, as `GET /v1/metadata/customer` reports them: one per suffix
 * type the seed customers use, and one string with an enumeration.
 */
export const CUSTOMER_ATTRIBUTE_METADATA = {
  loyaltyPointsNum: { type: 'number', displayName: 'Loyalty points' },
  lastOrderAt: { type: 'date', displayName: 'Last order' },
  planStr: {
    type: 'string',
    displayName: 'Plan',
    enumeration: ['free', 'team', 'business', 'enterprise'],
  },
  accountManagerStr: { type: 'string', displayName: 'Account manager' },
  notesTxt: { type: 'text', displayName: 'Account notes' },
  vipBool: { type: 'boolean', displayName: 'VIP' },
  crmProfileUrl: { type: 'url', displayName: 'CRM profile' },
  /** Sensitive: the sandbox's `masked` setting can hide it (`'custom.ssnStr'`). */
  ssnStr: { type: 'string', displayName: 'SSN' },
};

const METADATA_CHANGED_AT = '2023-02-14T09:30:00.000Z';

/** Full `data` object of `GET /v1/metadata/customer`. */
export function customerMetadata() {
  const properties = Object.fromEntries(
    Object.entries(CUSTOMER_ATTRIBUTE_METADATA).map(([name, definition]) => [
      name,
      {
        modifiedBy: ADMIN_USER_ID,
        modifiedAt: METADATA_CHANGED_AT,
        updatedAt: METADATA_CHANGED_AT,
        ...definition,
      },
    ]),
  );
  return {
    type: 'metadata',
    id: 'customer',
    attributes: { properties },
    relationships: {
      org: { links: { self: `/v1/orgs/${ORG_ID}` }, data: { type: 'org', id: ORG_ID } },
    },
    links: { self: '/v1/metadata/customer' },
  };
}

/**
 * Fills in every attribute Kustomer's customer GET response carries, so seeds only state what
 * makes each customer different.
 * @param {Record<string, unknown> & { name: string, createdAt: string, modifiedAt: string }} a
 */
function customerAttributes({ name, ...a }) {
  return {
    name,
    displayName: name,
    displayColor: 'blue',
    displayIcon: 'user',
    externalId: null,
    externalIds: [],
    sharedExternalIds: [],
    signedUpAt: null,
    avatarUrl: null,
    username: null,
    emails: [],
    sharedEmails: [],
    phones: [],
    sharedPhones: [],
    whatsapps: [],
    socials: [],
    sharedSocials: [],
    urls: [],
    locations: [],
    activeUsers: [],
    watchers: [],
    recentLocation: { updatedAt: a.createdAt },
    locale: null,
    timeZone: null,
    birthdayAt: null,
    gender: null,
    presence: 'offline',
    updatedAt: a.modifiedAt,
    lastSeenAt: null,
    lastActivityAt: a.modifiedAt,
    lastCustomerActivityAt: null,
    lastMessageIn: {},
    lastConversation: {},
    conversationCounts: { all: 0, snoozed: 0, open: 0, done: 0 },
    preview: {},
    tags: [],
    sentiment: { polarity: 0, confidence: 0 },
    progressiveStatus: 'open',
    verified: false,
    custom: {},
    ...a,
  };
}

/** @param {string} email @param {'home'|'work'|'other'} type @param {boolean} [verified] */
const email = (email, type, verified = false) => ({ email, verified, type, id: null });
/** @param {string} phone @param {'mobile'|'home'|'work'|'fax'|'other'} type @param {boolean} [verified] */
const phone = (phone, type, verified = false) => ({ phone, verified, type, id: null });
/** @param {string} externalId */
const externalIds = (externalId) => [{ externalId, verified: true, id: null }];

export const ADA_ID = '64b7f0c2a1d3e4f5a6b7c801';
export const GRACE_ID = '64b7f0c2a1d3e4f5a6b7c802';
export const ALAN_ID = '64b7f0c2a1d3e4f5a6b7c803';
export const KATHERINE_ID = '64b7f0c2a1d3e4f5a6b7c804';
export const EMILIE_ID = '64b7f0c2a1d3e4f5a6b7c805';

/**
 * Customers shaped like real documents (public recordings, webhook samples, data-tap fixtures; see
 * shared/kustomer/README.md, "Shapes seen in real customer documents"): the editor must take each
 * as it is, change nothing it was not asked to change, and still let the agent edit.
 */
export const ODD_CUSTOMERS = {
  /** List items with `id: null`, without `verified` or `type`. */
  nullIds: '64b7f0c2a1d3e4f5a6b7c806',
  /** A phone without `+`, a WhatsApp number written `whatsapp:+…`. */
  phoneFormats: '64b7f0c2a1d3e4f5a6b7c807',
  /** No `rev`, and `name: ""` with only a `displayName`. */
  noRevEmptyName: '64b7f0c2a1d3e4f5a6b7c808',
  /** No `name` at all. */
  noName: '64b7f0c2a1d3e4f5a6b7c809',
  /** The same tag id three times. */
  repeatedTags: '64b7f0c2a1d3e4f5a6b7c80a',
  /** `sentiment` at -1/-1, `sentiment: {}` on `lastConversation`, a location with only a type. */
  sentiment: '64b7f0c2a1d3e4f5a6b7c80b',
  /** Relationships to custom klasses without `data`, legacy keys, a cut text with mojibake, a long-float confidence, a custom key the org does not define. */
  legacy: '64b7f0c2a1d3e4f5a6b7c80c',
  /** No `emails` or `phones` arrays at all (as search hits give it). */
  noLists: '64b7f0c2a1d3e4f5a6b7c80d',
};

/** @returns {{ id: string, attributes: Record<string, any>, relationships?: Record<string, unknown> }[]} */
function oddCustomers() {
  const at = { createdAt: '2022-02-02T02:02:02.000Z', modifiedAt: '2024-02-02T02:02:02.000Z' };
  /** @param {Record<string, any>} attributes @param {string[]} drop */
  const without = (attributes, ...drop) => {
    for (const key of drop) delete attributes[key];
    return attributes;
  };
  return [
    {
      id: ODD_CUSTOMERS.nullIds,
      attributes: customerAttributes({
        name: 'Nadia Null',
        ...at,
        emails: [{ email: 'nadia@null.example', id: null }],
        externalIds: [{ externalId: 'legacy-77', id: null }],
        socials: [{ type: 'twitter', username: 'nadia_null', id: null }],
        phones: [{ phone: '+15555550106', id: null }],
        rev: 3,
      }),
    },
    {
      id: ODD_CUSTOMERS.phoneFormats,
      attributes: customerAttributes({
        name: 'Pedro Phones',
        ...at,
        phones: [{ phone: '18005551212', type: 'work', verified: false, id: null }],
        whatsapps: [{ phone: 'whatsapp:+1234567890' }],
        rev: 9,
      }),
    },
    {
      id: ODD_CUSTOMERS.noRevEmptyName,
      attributes: without(
        { ...customerAttributes({ name: '', ...at, emails: [{ email: 'quiet@anon.example', type: 'home', verified: false, id: null }] }), displayName: 'quiet@anon.example' },
        'rev',
      ),
    },
    {
      id: ODD_CUSTOMERS.noName,
      attributes: without({ ...customerAttributes({ name: '', ...at, rev: 2 }), displayName: 'Wen Li' }, 'name'),
    },
    {
      id: ODD_CUSTOMERS.repeatedTags,
      attributes: customerAttributes({ name: 'Rita Repeat', ...at, tags: ['vip', 'vip', 'vip', 'billing'], rev: 5 }),
    },
    {
      id: ODD_CUSTOMERS.sentiment,
      attributes: customerAttributes({
        name: 'Sam Sentiment',
        ...at,
        sentiment: { polarity: -1, confidence: -1 },
        lastConversation: { id: null, sentiment: {}, tags: [] },
        locations: [{ type: 'home' }],
        rev: 6,
      }),
    },
    {
      id: ODD_CUSTOMERS.legacy,
      attributes: customerAttributes({
        name: 'Leo Legacy',
        ...at,
        sentiment: { polarity: 1, confidence: 0.8347283749283749 },
        preview: { previewAt: at.modifiedAt, type: 'message_in', text: 'Bonjour, la commande nÂ° 88 est arrivÃ©e mais il manque la piÃ¨' },
        recentItems: [{ type: 'conversation', id: '64b7f1d3b2e4f5a6b7c8d9ff' }],
        recentLocation: null,
        smoochIds: ['5a1b2c3d4e5f'],
        custom: {
          notesTxt: `${'RÃ©union avec lâ€™Ã©quipe achats, suite au devis. '.repeat(15)}Le client souhaite une rÃ©ponse avant la fin du mo`,
          legacyScoreNum: 42,
        },
        rev: 8,
      }),
      relationships: {
        orders: { links: { self: `/v1/customers/${ODD_CUSTOMERS.legacy}/klasses/orders` }, meta: { kobject: true } },
        subscriptions: { links: { self: `/v1/customers/${ODD_CUSTOMERS.legacy}/klasses/subscriptions` }, meta: { kobject: true } },
      },
    },
    {
      id: ODD_CUSTOMERS.noLists,
      attributes: without(customerAttributes({ name: 'Nora Nolists', externalId: 'crm-1013', ...at, rev: 1 }), 'emails', 'phones'),
    },
  ];
}

export const ADA_ORDER_CONVERSATION_ID = '64b7f1d3b2e4f5a6b7c8d901';
export const ADA_BILLING_CONVERSATION_ID = '64b7f1d3b2e4f5a6b7c8d902';
export const GRACE_CONVERSATION_ID = '64b7f1d3b2e4f5a6b7c8d903';

/** @returns {{ id: string, attributes: Record<string, any>, relationships?: Record<string, unknown> }[]} */
export function seedCustomers() {
  return [
    {
      id: ADA_ID,
      attributes: customerAttributes({
        name: 'Ada Lovelace',
        displayColor: 'purple',
        externalId: 'crm-1001',
        externalIds: externalIds('crm-1001'),
        signedUpAt: '2021-03-02T10:15:00.000Z',
        username: 'ada',
        emails: [email('ada@example.com', 'home', true), email('ada.lovelace@analytical.example', 'work')],
        phones: [phone('+442079460958', 'mobile', true)],
        socials: [{ type: 'twitter', userid: '1815', username: 'ada_l', url: 'https://twitter.com/ada_l', verified: false }],
        urls: [{ url: 'https://analytical.example/ada', type: 'website' }],
        locations: [
          {
            type: 'home',
            name: 'Home',
            address: '12 St James’s Square',
            address2: null,
            address3: null,
            latitude: 51.5074,
            longitude: -0.1347,
            countryCode: 'GB',
            countryName: 'United Kingdom',
            regionCode: null,
            regionName: 'England',
            cityName: 'London',
            zipCode: 'SW1Y 4JH',
            areaCode: '020',
          },
        ],
        locale: 'en-GB',
        timeZone: 'Europe/London',
        birthdayAt: '1815-12-10T00:00:00.000Z',
        gender: 'f',
        presence: 'online',
        createdAt: '2021-03-02T10:15:00.000Z',
        modifiedAt: '2024-05-20T14:02:11.000Z',
        lastSeenAt: '2024-05-20T13:58:40.000Z',
        lastCustomerActivityAt: '2024-05-20T13:58:40.000Z',
        lastMessageIn: { sentAt: '2024-05-20T13:58:40.000Z', sentiment: null },
        lastConversation: { id: ADA_ORDER_CONVERSATION_ID, sentiment: { confidence: 0.72, polarity: 1 }, tags: [] },
        conversationCounts: { all: 2, snoozed: 0, open: 1, done: 1 },
        preview: {
          previewAt: '2024-05-20T13:58:40.000Z',
          type: 'message_in',
          text: 'The engine arrived, but one gear is missing.',
          subject: 'Order #4521: missing part',
        },
        tags: ['vip', 'beta-tester'],
        sentiment: { polarity: 1, confidence: 0.72 },
        verified: true,
        custom: {
          loyaltyPointsNum: 1250,
          lastOrderAt: '2024-05-18T09:00:00.000Z',
          planStr: 'business',
          accountManagerStr: 'Charles Babbage',
          notesTxt: 'Prefers email. Writes long, precise bug reports.',
          vipBool: true,
          crmProfileUrl: 'https://crm.example.com/customers/1001',
          ssnStr: '078-05-1120',
        },
        rev: 12,
      }),
    },
    {
      id: GRACE_ID,
      attributes: customerAttributes({
        name: 'Grace Hopper',
        externalId: 'crm-1002',
        externalIds: externalIds('crm-1002'),
        emails: [email('grace@navy.example', 'work', true)],
        phones: [phone('+12025550143', 'work', true), phone('+12025550199', 'mobile')],
        locale: 'en-US',
        timeZone: 'America/New_York',
        createdAt: '2021-06-11T16:40:00.000Z',
        modifiedAt: '2024-04-02T08:12:00.000Z',
        lastConversation: { id: GRACE_CONVERSATION_ID, sentiment: { confidence: 0.4, polarity: 0 }, tags: [] },
        conversationCounts: { all: 1, snoozed: 0, open: 0, done: 1 },
        tags: ['enterprise'],
        verified: true,
        custom: {
          loyaltyPointsNum: 310,
          planStr: 'enterprise',
          vipBool: false,
          crmProfileUrl: 'https://crm.example.com/customers/1002',
        },
        rev: 4,
      }),
    },
    {
      id: ALAN_ID,
      attributes: customerAttributes({
        name: 'Alan Turing',
        emails: [email('alan@bletchley.example', 'home')],
        phones: [phone('+441908640404', 'home')],
        timeZone: 'Europe/London',
        createdAt: '2022-01-23T11:05:00.000Z',
        modifiedAt: '2022-01-23T11:05:00.000Z',
        custom: { planStr: 'free' },
        rev: 1,
      }),
    },
    {
      id: KATHERINE_ID,
      attributes: customerAttributes({
        name: 'Katherine Johnson',
        externalId: 'crm-1004',
        externalIds: externalIds('crm-1004'),
        emails: [email('katherine@langley.example', 'work', true), email('kj@example.org', 'other')],
        createdAt: '2022-09-30T15:20:00.000Z',
        modifiedAt: '2023-12-01T10:00:00.000Z',
        tags: ['enterprise', 'renewal-q3'],
        custom: {
          planStr: 'team',
          lastOrderAt: '2023-11-28T17:45:00.000Z',
          notesTxt: 'Renewal call booked for Q3.',
        },
        rev: 7,
      }),
    },
    {
      id: EMILIE_ID,
      attributes: customerAttributes({
        name: 'Émilie du Châtelet',
        emails: [email('emilie@example.fr', 'home')],
        phones: [phone('+33142685300', 'mobile')],
        locale: 'fr-FR',
        timeZone: 'Europe/Paris',
        createdAt: '2023-03-08T08:00:00.000Z',
        modifiedAt: '2023-03-08T08:00:00.000Z',
        tags: ['prioritaire'],
        custom: { vipBool: false, loyaltyPointsNum: 0 },
        rev: 2,
      }),
    },
    ...oddCustomers(),
  ];
}

/**
 * @param {{ id: string, customerId: string, name: string, status: string, channels: string[],
 *   messageCount: number, createdAt: string, modifiedAt: string }} c
 */
function conversation(c) {
  return {
    id: c.id,
    customerId: c.customerId,
    attributes: {
      name: c.name,
      channels: c.channels,
      status: c.status,
      messageCount: c.messageCount,
      noteCount: 0,
      satisfaction: 0,
      createdAt: c.createdAt,
      updatedAt: c.modifiedAt,
      modifiedAt: c.modifiedAt,
      tags: [],
      suggestedTags: [],
      sentiment: {},
      lastMessageIn: { sentAt: c.modifiedAt },
      assignedUsers: [ADMIN_USER_ID],
      assignedTeams: [],
      firstResponse: {},
      direction: 'in',
      outboundMessageCount: Math.floor(c.messageCount / 2),
      rev: 1,
    },
  };
}

/** @returns {{ id: string, customerId: string, attributes: Record<string, any> }[]} */
export function seedConversations() {
  return [
    conversation({
      id: ADA_ORDER_CONVERSATION_ID,
      customerId: ADA_ID,
      name: 'Order #4521: missing part',
      status: 'open',
      channels: ['email'],
      messageCount: 3,
      createdAt: '2024-05-19T18:21:00.000Z',
      modifiedAt: '2024-05-20T13:58:40.000Z',
    }),
    conversation({
      id: ADA_BILLING_CONVERSATION_ID,
      customerId: ADA_ID,
      name: 'Invoice address change',
      status: 'done',
      channels: ['chat'],
      messageCount: 6,
      createdAt: '2023-11-02T09:10:00.000Z',
      modifiedAt: '2023-11-02T09:42:00.000Z',
    }),
    conversation({
      id: GRACE_CONVERSATION_ID,
      customerId: GRACE_ID,
      name: 'SSO setup for the team',
      status: 'done',
      channels: ['email'],
      messageCount: 4,
      createdAt: '2024-03-28T14:00:00.000Z',
      modifiedAt: '2024-04-02T08:12:00.000Z',
    }),
  ];
}
