/**
 * What Kustomer takes in a customer update, as plain rules with no schema library: limits,
 * patterns, the values of each enumeration, date and URI formats, and how a value is quoted in a
 * message. The popup checks as the agent types with these, at once; the body schema builds on them.
 */
// ---------------------------------------------------------------------------------------------
// Limits and patterns

export const MAX_TAGS = 20;
export const MAX_LIST_ITEMS = 10;
export const MAX_TAG_LENGTH = 64;
export const MAX_CUSTOM_ATTRIBUTES = 100;
export const MAX_CUSTOM_TEXT_LENGTH = 1024;
/** Kustomer answers 413 to a body over 100 kB. */
export const MAX_BODY_BYTES = 100 * 1024;

/** Kustomer's tag pattern (compiled with the `u` flag, as Ajv does). */
export const TAG_PATTERN = /^[0-9a-zA-Z\u00C0-\u00FF_/<>\-.][0-9a-zA-Z\u00C0-\u00FF _/<>\-.]{0,63}$/u;
export const TAG_FIRST_CHAR = /^[0-9a-zA-Z\u00C0-\u00FF_/<>\-.]$/u;
export const TAG_CHAR = /^[0-9a-zA-Z\u00C0-\u00FF _/<>\-.]$/u;

/** Kustomer's `email-relaxed` format. */
export const EMAIL_PATTERN = /^[^\s@<>]+@[^\s@<>]+$/;
/** Kustomer's `phone-number` and `whatsapp-number` formats. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ().-]{2,30}$/;

export const EMAIL_TYPES = ['home', 'work', 'other'] as const;
export const PHONE_TYPES = ['mobile', 'home', 'work', 'fax', 'other'] as const;
export const WHATSAPP_TYPES = ['mobile'] as const;
export const SOCIAL_TYPES = ['twitter', 'facebook', 'instagram', 'linkedin', 'pinterest'] as const;
export const URL_TYPES = ['website', 'blog', 'other'] as const;
export const LOCATION_TYPES = ['home', 'work', 'other'] as const;
export const GENDERS = ['m', 'f'] as const;
export const SENTIMENT_POLARITIES = [-1, 0, 1] as const;

// ---------------------------------------------------------------------------------------------
// Formats, as ajv-formats 3 defines them in "full" mode (the sandbox's Ajv uses that mode).

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
const DATE_TIME_SEPARATOR = /t|\s/i;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]!);
}

function isTime(text: string): boolean {
  const m = TIME.exec(text);
  if (!m) return false;
  const hr = Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3]);
  const tz = m[4];
  const tzSign = m[5] === '-' ? -1 : 1;
  const tzH = Number(m[6] || 0);
  const tzM = Number(m[7] || 0);
  if (tzH > 23 || tzM > 59 || !tz) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  // leap second
  const utcMin = min - tzM * tzSign;
  const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

/** RFC 3339 date-time with a time zone, e.g. `2016-11-07T23:20:29.080Z` (`toISOString()` output). */
export function isDateTime(text: string): boolean {
  const parts = text.split(DATE_TIME_SEPARATOR);
  return parts.length === 2 && isDate(parts[0]!) && isTime(parts[1]!);
}

const NOT_URI_FRAGMENT = /\/|:/;
const URI =
  /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

/** JSON Schema `uri`: an absolute URI with a scheme (`https://…`, `mailto:…`, `urn:…`). */
export function isAbsoluteUri(text: string): boolean {
  return NOT_URI_FRAGMENT.test(text) && URI.test(text);
}

const WEB_URL =
  /^(?:https?|ftp):\/\/(?:\S+(?::\S*)?@)?(?:(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))|(?:(?:[a-z0-9\u{00a1}-\u{ffff}]+-)*[a-z0-9\u{00a1}-\u{ffff}]+)(?:\.(?:[a-z0-9\u{00a1}-\u{ffff}]+-)*[a-z0-9\u{00a1}-\u{ffff}]+)*(?:\.(?:[a-z\u{00a1}-\u{ffff}]{2,})))(?::\d{2,5})?(?:\/[^\s]*)?$/iu;

/** JSON Schema `url` (ajv-formats): an http, https or ftp address on a public host name or IP. */
export function isWebUrl(text: string): boolean {
  return WEB_URL.test(text);
}

// ---------------------------------------------------------------------------------------------
// Message helpers

/** A value as the agent typed it, quoted and cut to a readable length. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return JSON.stringify(cut);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

export function oneOf(values: readonly (string | number)[]): string {
  const all = values.map((x) => String(x));
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
}
