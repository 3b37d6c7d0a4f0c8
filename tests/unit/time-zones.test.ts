// @vitest-environment node
// Whether Kustomer already holds a replayed save (the outbox) and whether a draft is done once a
// save of it reached Kustomer (the background's clean-up) are decided on Kustomer's values, so
// the verdicts are the same in every time zone. This file runs twice, in UTC (project `unit`) and
// in Berlin (project `unit-berlin`), with dates that carry milliseconds and dates on the night
// Berlin's clocks skip from 02:00 to 03:00 (29 March 2026, 01:00 UTC).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCustomer, type Customer } from '@/utils/kustomer/customer';
import { alreadyApplied } from '@/utils/kustomer/apply';
import type { CustomerUpdate } from '@/utils/kustomer/patch';
import { bodyFromForm, formFromCustomer, type CustomerForm } from '@/utils/editor/form';
import { changesBetween } from '@/utils/editor/changes';
import { isoToLocalInput } from '@/utils/editor/dates';
import { maskedFields } from '@/utils/editor/masking';
import { clearDraft, clearDraftIfDelivered, loadDraft, saveDraft, type CustomerDraft } from '@/utils/storage/drafts';

const ID = '64b7f0c2a1d3e4f5a6b7c801';
/** Minutes behind UTC at noon on the day of the skip, by zone (what `getTimezoneOffset` says). */
const OFFSET: Record<string, number> = { UTC: 0, 'Europe/Berlin': -120, 'America/New_York': 240 };
/** The zone each project runs this file in (vitest.config.ts). */
const PROJECT_ZONE: Record<string, string> = { unit: 'UTC', 'unit-berlin': 'Europe/Berlin' };
const offsetNow = () => new Date(2026, 2, 29, 12).getTimezoneOffset();

/** Ada as Kustomer reads her: dates with milliseconds, one written as the wall time Berlin skips. */
function ada(change: (attributes: Record<string, any>) => void = () => {}): Customer {
  const attributes: Record<string, any> = {
    name: 'Ada Lovelace',
    rev: 12,
    birthdayAt: '2026-03-29T01:30:00.123Z', // 03:30:00.123 in Berlin, just after the skip
    signedUpAt: '2026-03-28T23:15:42.987Z',
    emails: [{ email: 'ada@example.com', type: 'home', verified: true, id: null }],
    tags: ['vip'],
    custom: {
      lastOrderAt: '2026-03-29T00:59:59.999Z', // 01:59:59.999 in Berlin, the last instant before it
      renewAt: '2026-03-29T02:30:00+01:00', // the skipped 02:30 in Berlin's winter offset: 01:30 UTC
      planStr: 'pro',
    },
  };
  change(attributes);
  return parseCustomer(JSON.parse(JSON.stringify({ data: { type: 'customer', id: ID, attributes } })))!;
}

/** Runs `work` with the clocks of `zone` (Node reads TZ again whenever it is set), then goes back to the project's. */
function inZone<T>(zone: string, work: () => T): T {
  vi.stubEnv('TZ', zone);
  try {
    expect(offsetNow(), `the clocks of ${zone}`).toBe(OFFSET[zone]);
    return work();
  } finally {
    vi.unstubAllEnvs();
  }
}

afterEach(() => vi.unstubAllEnvs());

describe('the time zone of this run', () => {
  it("is the project's: UTC in unit, Berlin in unit-berlin", ({ task }) => {
    const zone = PROJECT_ZONE[task.file.projectName ?? ''];
    expect(zone, `project ${task.file.projectName}`).toBeDefined();
    expect(process.env.TZ).toBe(zone);
    expect(offsetNow()).toBe(OFFSET[zone!]);
    expect(new Date(2026, 2, 29, 12).getTimezoneOffset()).toBe(zone === 'Europe/Berlin' ? -120 : 0);
  });
});

describe('alreadyApplied, on Kustomer values', () => {
  const held = ada();

  it.each<[string, Partial<CustomerUpdate>, boolean]>([
    ['every date exactly as held', { birthdayAt: '2026-03-29T01:30:00.123Z', signedUpAt: '2026-03-28T23:15:42.987Z', custom: { lastOrderAt: '2026-03-29T00:59:59.999Z', renewAt: '2026-03-29T02:30:00+01:00' }, rev: 11 }, true],
    ['the same instant written with +00:00', { birthdayAt: '2026-03-29T01:30:00.123+00:00' }, true],
    ["the same instant in Berlin's summer time", { birthdayAt: '2026-03-29T03:30:00.123+02:00' }, true],
    ['the same instant with more digits', { signedUpAt: '2026-03-28T23:15:42.98700Z' }, true],
    ['the minute without its milliseconds', { birthdayAt: '2026-03-29T01:30:00.000Z' }, false],
    ['the second without its milliseconds', { signedUpAt: '2026-03-28T23:15:42Z' }, false],
    ['a millisecond later', { birthdayAt: '2026-03-29T01:30:00.124Z' }, false],
    ['the skipped 02:30 as the instant it names', { custom: { renewAt: '2026-03-29T01:30:00.000Z' } }, true],
    ['the skipped 02:30 read as UTC', { custom: { renewAt: '2026-03-29T02:30:00Z' } }, false],
    ["the skipped 02:30 read in Berlin's summer time", { custom: { renewAt: '2026-03-29T02:30:00+02:00' } }, false],
    ['the last instant before the skip, in winter time', { custom: { lastOrderAt: '2026-03-29T01:59:59.999+01:00' } }, true],
    ['the last second before the skip, without milliseconds', { custom: { lastOrderAt: '2026-03-29T01:59:59+01:00' } }, false],
    ['a date with a text attribute beside it', { birthdayAt: '2026-03-29T01:30:00.123Z', custom: { planStr: 'pro' } }, true],
    ['a date not held', { birthdayAt: '2026-03-29T02:30:00.123Z' }, false],
  ])('%s', (_, changes, verdict) => {
    expect(alreadyApplied(held, changes)).toBe(verdict);
  });

  it('holds what the popup of any zone sent for a date typed there, once Kustomer has it', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York']) {
      // The agent sets Ada's birthday to 03:45 Berlin summer time (01:45 UTC), typed as their clock shows it.
      const sent = inZone(zone, () => {
        const loaded = ada();
        const base = bodyFromForm(formFromCustomer(loaded));
        const form = formFromCustomer(loaded);
        form.scalars.birthdayAt = isoToLocalInput('2026-03-29T01:45:00Z');
        return changesBetween(base, bodyFromForm(form), maskedFields(loaded));
      });
      expect(sent, zone).toEqual({ birthdayAt: '2026-03-29T01:45:00.000Z' });
      expect(alreadyApplied(ada((a) => (a.birthdayAt = '2026-03-29T01:45:00Z')), sent), zone).toBe(true);
      expect(alreadyApplied(ada((a) => (a.birthdayAt = '2026-03-29T03:45:00+02:00')), sent), zone).toBe(true);
      expect(alreadyApplied(ada(), sent), zone).toBe(false);
    }
  });
});

describe('the draft clean-up after a save reached Kustomer', () => {
  afterEach(() => clearDraft(ID));

  /** What the popup of `zone` hands the background: the draft of `edit`, its changes worked out there. */
  function popupDraft(zone: string, edit: (form: CustomerForm) => void, previousRelease = false): { draft: CustomerDraft; sent: Partial<CustomerUpdate> } {
    return inZone(zone, () => {
      const loaded = ada();
      const base = bodyFromForm(formFromCustomer(loaded));
      const form = formFromCustomer(loaded);
      edit(form);
      const changes = changesBetween(base, bodyFromForm(form), maskedFields(loaded));
      const draft: CustomerDraft = { customerId: ID, form, tagDraft: '', base, baseRev: 12, changes, savedAt: 1 };
      if (previousRelease) delete draft.changes;
      return { draft: JSON.parse(JSON.stringify(draft)), sent: { ...changes, rev: 12 } };
    });
  }

  const renamed = (form: CustomerForm) => void (form.scalars.name = 'Ada King');
  /** Signed up typed as 02:30 on the night of the skip: in Berlin a time its clocks never show. */
  const signedUpInTheSkip = (form: CustomerForm) => {
    form.scalars.name = 'Ada King';
    form.scalars.signedUpAt = '2026-03-29T02:30:00';
  };

  async function cleanedUp(draft: CustomerDraft, delivered: Partial<CustomerUpdate>): Promise<boolean> {
    await saveDraft(draft);
    await clearDraftIfDelivered(ID, delivered);
    return (await loadDraft(ID)) === undefined;
  }

  for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York']) {
    it(`clears a draft from a popup in ${zone} once its save is delivered, dates with milliseconds left as they were`, async () => {
      const { draft, sent } = popupDraft(zone, renamed);
      expect(sent).toEqual({ name: 'Ada King', rev: 12 });
      expect(await cleanedUp(draft, sent)).toBe(true);
    });

    it(`clears a draft from a popup in ${zone} whose date was typed in the hour Berlin skips`, async () => {
      const { draft, sent } = popupDraft(zone, signedUpInTheSkip);
      // What the popup sends for that text depends on its zone; the background takes it as the popup worked it out.
      expect(sent.signedUpAt).toBe({ UTC: '2026-03-29T02:30:00.000Z', 'Europe/Berlin': '2026-03-29T01:30:00.000Z', 'America/New_York': '2026-03-29T06:30:00.000Z' }[zone]);
      expect(await cleanedUp(draft, sent)).toBe(true);
    });

    it(`keeps a draft from a popup in ${zone} that holds more than the save delivered`, async () => {
      const { draft } = popupDraft(zone, signedUpInTheSkip);
      expect(await cleanedUp(draft, { name: 'Ada King', rev: 12 })).toBe(false);
    });
  }

  it("clears a draft of the previous release (no changes of its own), read in this worker's zone as its popup's", async () => {
    const zone = process.env.TZ!;
    const { draft, sent } = popupDraft(zone, signedUpInTheSkip, true);
    expect(draft).not.toHaveProperty('changes');
    expect(await cleanedUp(draft, sent)).toBe(true);
    const { draft: plain, sent: renameSent } = popupDraft(zone, renamed, true);
    expect(await cleanedUp(plain, renameSent)).toBe(true);
  });

  it('keeps a draft of the previous release that holds more than the save delivered', async () => {
    const { draft } = popupDraft(process.env.TZ!, signedUpInTheSkip, true);
    expect(await cleanedUp(draft, { name: 'Ada King', rev: 12 })).toBe(false);
  });
});
