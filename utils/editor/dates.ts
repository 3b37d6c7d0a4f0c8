/**
 * Dates as the agent types them: ISO 8601 (Kustomer) <-> the local "YYYY-MM-DDTHH:mm:ss" of
 * <input type="datetime-local">, in the time zone of the page that shows the input.
 */

const pad = (n: number) => String(n).padStart(2, '0');

export function isoToLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The ISO date-time of a local input value; text that is no date is passed on for the schema to refuse. */
export function localInputToIso(text: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?$/.exec(text);
  if (!m) return text;
  const date = new Date(text);
  // A day or time that does not exist (30 February) is passed on, not rolled over.
  const same =
    date.getFullYear() === Number(m[1]) &&
    date.getMonth() + 1 === Number(m[2]) &&
    date.getDate() === Number(m[3]) &&
    date.getMinutes() === Number(m[5]) &&
    date.getSeconds() === Number(m[6] ?? 0);
  return Number.isNaN(date.getTime()) || !same ? text : date.toISOString();
}
