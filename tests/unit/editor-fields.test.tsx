import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ListEditor, type Issues } from '@/components/editor/ListEditor';
import { CustomAttributes } from '@/components/editor/CustomAttributes';
import { FieldInput } from '@/components/shared/FieldInput';
import { MoreFields } from '@/components/editor/MoreFields';
import { MORE_FIELDS, MoreFieldsSection } from '@/components/editor/MoreFieldsSection';
import { LIST_FIELDS, LIST_SPECS, SCALAR_FIELDS, type ListField, type ListSpec, type ScalarField } from '@/utils/fields';
import type { CustomValue, FormItem } from '@/utils/editor/form';
import type { CustomAttributeDefinition } from '@/utils/kustomer/metadata';

afterEach(() => cleanup());

const none: Issues = new Map();
const input = (label: string, i = 0) => screen.getAllByLabelText(label)[i] as HTMLInputElement;
const type = (el: Element, value: string) => fireEvent.input(el, { target: { value } });

/** A ListEditor that owns its items, as the editor does; `seen` has every list it was given. */
function List(props: { spec: ListSpec; items: FormItem[]; issues?: Issues; locked?: string; seen?: FormItem[][] }) {
  const [items, setItems] = useState(props.items);
  props.seen?.push(items);
  return <ListEditor spec={props.spec} items={items} onChange={setItems} issues={props.issues ?? none} locked={props.locked} />;
}

const email = (address: string, extra: FormItem = {}): FormItem => ({ email: address, type: '', ...extra });
const emails = (n: number) => Array.from({ length: n }, (_, i) => email(`u${i}@example.com`));
const values = (label: string) => screen.queryAllByLabelText(label).map((e) => (e as HTMLInputElement).value);

describe('FieldInput', () => {
  it('labels each kind of control and shows its error and hint', () => {
    const onChange = vi.fn();
    render(
      <>
        <FieldInput id="a" label="Website" kind="url" value="" onChange={onChange} error="Bad URL" hint="With https://" />
        <FieldInput id="b" label="Latitude" kind="number" value="1.50" onChange={onChange} />
        <FieldInput id="c" label="Birthday" kind="date-time" value="2024-02-29T13:05:09" onChange={onChange} />
        <FieldInput id="d" label="Gender" kind="select" value="" options={['m', 'f']} onChange={onChange} />
        <FieldInput id="e" label="Time zone" kind="time-zone" value="" onChange={onChange} />
        <FieldInput id="f" label="Locale" kind="locale" value="" onChange={onChange} />
      </>,
    );
    const url = screen.getByLabelText('Website') as HTMLInputElement;
    expect(url.type).toBe('url');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(url.getAttribute('aria-describedby')).toBe('a-error a-hint');
    expect(document.getElementById('a-error')?.textContent).toBe('Bad URL');
    expect(document.getElementById('a-hint')?.textContent).toBe('With https://');

    const number = screen.getByLabelText('Latitude') as HTMLInputElement;
    expect([number.type, number.inputMode, number.value]).toEqual(['text', 'decimal', '1.50']);
    type(number, '1.5e');
    expect(onChange).toHaveBeenLastCalledWith('1.5e'); // kept as typed

    const date = screen.getByLabelText('Birthday') as HTMLInputElement;
    expect([date.type, date.getAttribute('step'), date.value]).toEqual(['datetime-local', '1', '2024-02-29T13:05:09']);

    const select = screen.getByLabelText('Gender') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['—', 'm', 'f']);
    fireEvent.change(select, { target: { value: 'f' } });
    expect(onChange).toHaveBeenLastCalledWith('f');

    const zone = screen.getByLabelText('Time zone') as HTMLInputElement;
    const zones = Array.from(document.querySelectorAll(`#${zone.getAttribute('list')} option`)).map((o) => o.getAttribute('value'));
    if (typeof Intl.supportedValuesOf === 'function') expect(zones).toContain('Europe/Paris');
    const locales = Array.from(document.querySelectorAll(`#${input('Locale').getAttribute('list')} option`)).map((o) => o.getAttribute('value'));
    expect(locales).toEqual(expect.arrayContaining(['en_US', 'fr_FR', 'ja_JP']));
  });

  it('keeps a held value that is not an option, and shows read-only values', () => {
    render(<FieldInput id="g" label="Gender" kind="select" value="x" options={['m', 'f']} onChange={() => {}} readOnly />);
    const select = screen.getByLabelText('Gender') as HTMLSelectElement;
    expect(select.value).toBe('x');
    expect(select.disabled).toBe(true);
  });
});

describe('ListEditor', () => {
  it('shows a legend with the count and one labelled row per item', () => {
    render(<List spec={LIST_SPECS.emails} items={[email('ada@example.com', { type: 'work' }), email('b@example.com')]} />);
    const group = screen.getByRole('group', { name: /Emails/ });
    expect(within(group).getByText('2/10')).toBeTruthy();
    expect(values('Email')).toEqual(['ada@example.com', 'b@example.com']);
    expect((input('Type') as unknown as HTMLSelectElement).value).toBe('work');
    expect(input('Email', 1).id).toBe('emails-1-email');
    expect(screen.getByRole('button', { name: 'Remove email 2' })).toBeTruthy();
  });

  it('adds an empty row and focuses it, removes and reorders rows', () => {
    render(<List spec={LIST_SPECS.emails} items={[email('a@example.com'), email('b@example.com')]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add email' }));
    expect(values('Email')).toEqual(['a@example.com', 'b@example.com', '']);
    expect(document.activeElement).toBe(input('Email', 2));
    type(input('Email', 2), 'c@example.com');

    const [, upOfB] = screen.getAllByRole('button', { name: 'Move email up' });
    expect((screen.getAllByRole('button', { name: 'Move email up' })[0] as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(upOfB!);
    expect(values('Email')).toEqual(['b@example.com', 'a@example.com', 'c@example.com']);
    // b reached the top: focus moves to its other button
    expect(document.activeElement?.id).toBe('emails-0-down');

    fireEvent.click(screen.getAllByRole('button', { name: 'Move email down' })[1]!);
    expect(values('Email')).toEqual(['b@example.com', 'c@example.com', 'a@example.com']);

    fireEvent.click(screen.getByRole('button', { name: 'Remove email 1' }));
    expect(values('Email')).toEqual(['c@example.com', 'a@example.com']);
    expect(document.activeElement?.id).toBe('emails-0-remove');
    expect(screen.getByText('2/10')).toBeTruthy();
  });

  it('warns at 9 and replaces Add with the limit at 10', () => {
    render(<List spec={LIST_SPECS.emails} items={emails(8)} />);
    expect(screen.getByText('8/10').className).not.toContain('count-warn');
    fireEvent.click(screen.getByRole('button', { name: 'Add email' }));
    expect(screen.getByText('9/10').className).toContain('count-warn');
    expect(screen.queryByText('At most 10 emails')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add email' }));
    expect(screen.getByText('10/10')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add email' })).toBeNull();
    expect(screen.getByText('At most 10 emails')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove email 10' }));
    expect(screen.getByRole('button', { name: 'Add email' })).toBeTruthy();
  });

  it('normalises a phone number on blur and hints when the country code is missing', () => {
    render(<List spec={LIST_SPECS.phones} items={[{ phone: '', type: 'mobile' }]} />);
    const phone = input('Phone');
    type(phone, ' +1 (415) 555-0123 ');
    fireEvent.blur(phone);
    expect(input('Phone').value).toBe('+14155550123');
    expect(input('Phone').getAttribute('aria-describedby')).toBeNull();

    type(input('Phone'), '415 555 0123');
    fireEvent.blur(input('Phone'));
    expect(input('Phone').value).toBe('415 555 0123');
    const hint = document.getElementById(input('Phone').getAttribute('aria-describedby')!);
    expect(hint?.textContent).toMatch(/country code/);
  });

  it('normalises WhatsApp and shared phones too', () => {
    render(
      <>
        <List spec={LIST_SPECS.whatsapps} items={[{ phone: '0044 20 7946 0958', type: '' }]} />
        <List spec={LIST_SPECS.sharedPhones} items={[{ phone: '+33 1 23 45 67 89', type: '' }]} />
      </>,
    );
    fireEvent.blur(input('WhatsApp'));
    fireEvent.blur(input('Shared phone'));
    expect(input('WhatsApp').value).toBe('+442079460958');
    expect(input('Shared phone').value).toBe('+33123456789');
  });

  it('shows each issue on its part, its row or the list', () => {
    const issues: Issues = new Map([
      ['emails.1.email', '"x" is not an email address'],
      ['emails.0', 'Email 1 is the same as email 2'],
      ['emails', 'At most 10 emails'],
    ]);
    render(<List spec={LIST_SPECS.emails} items={[email('x'), email('x')]} issues={issues} />);
    const second = input('Email', 1);
    expect(second.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(second.getAttribute('aria-describedby')!)?.textContent).toBe('"x" is not an email address');
    expect(input('Email', 0).getAttribute('aria-invalid')).toBeNull();
    const rows = document.querySelectorAll('.row');
    expect(within(rows[0] as HTMLElement).getByText('Email 1 is the same as email 2')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).queryByText('Email 1 is the same as email 2')).toBeNull();
    const listLevel = screen.getByText('At most 10 emails');
    expect(listLevel.closest('.row')).toBeNull();
  });

  it('opens "More" of a row whose hidden part has a problem', () => {
    const item = { type: 'twitter', username: 'ada', url: '', userid: '' };
    render(<List spec={LIST_SPECS.socials} items={[item, item]} issues={new Map([['socials.1.userid', 'User ID must be text']])} />);
    const more = document.querySelectorAll<HTMLDetailsElement>('details.row-more');
    expect([more[0]!.open, more[1]!.open]).toEqual([false, true]);
    expect(within(more[1]!).getByLabelText('User ID').getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps keys it does not edit, such as verified and the value as loaded', () => {
    const seen: FormItem[][] = [];
    render(<List spec={LIST_SPECS.emails} items={[email('a@example.com', { verified: true, '@loaded': 'a@example.com' })]} seen={seen} />);
    type(input('Email'), 'b@example.com');
    expect(seen.at(-1)).toEqual([{ email: 'b@example.com', type: '', verified: true, '@loaded': 'a@example.com' }]);
  });

  it('normalises a phone the agent typed on blur, and leaves one as loaded alone', () => {
    const seen: FormItem[][] = [];
    const loaded = { phone: '+44 20 7946 0958', type: 'mobile', '@loaded': '+44 20 7946 0958' };
    render(<List spec={LIST_SPECS.phones} items={[loaded]} seen={seen} />);
    fireEvent.blur(input('Phone'));
    expect(seen.at(-1) ?? [loaded]).toEqual([loaded]);
    type(input('Phone'), '+1 (415) 555-0123');
    fireEvent.blur(input('Phone'));
    expect(seen.at(-1)![0]!.phone).toBe('+14155550123');
  });

  it('shows a masked list read-only with the reason', () => {
    render(<List spec={LIST_SPECS.emails} items={[email('***@***')]} locked="Masked by Kustomer: not shown to this key, and never sent back." />);
    expect(input('Email').readOnly).toBe(true);
    expect((input('Type') as unknown as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByText(/Masked by Kustomer/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

function More(props: { masked?: string[]; issues?: Issues; section?: boolean }) {
  const [scalars, setScalars] = useState(Object.fromEntries(SCALAR_FIELDS.map((k) => [k, ''])) as Record<ScalarField, string>);
  const [sentiment, setSentiment] = useState({ polarity: '', confidence: '' });
  const [lists, setLists] = useState(Object.fromEntries(LIST_FIELDS.map((k) => [k, []])) as unknown as Record<ListField, FormItem[]>);
  const [custom, setCustom] = useState<Entry[]>([]);
  const issues = props.issues ?? none;
  const Component = props.section ? MoreFieldsSection : MoreFields;
  return (
    <Component
      needed={[...issues.keys()].some((path) => MORE_FIELDS.has(path.split('.')[0]!))}
      custom={custom}
      onCustomChange={setCustom}
      definitions={definitions}
      scalars={scalars}
      onScalarChange={(key, value) => setScalars({ ...scalars, [key]: value })}
      sentiment={sentiment}
      onSentimentChange={setSentiment}
      lists={lists}
      onListChange={(key, items) => setLists({ ...lists, [key]: items })}
      issues={issues}
      masked={new Set(props.masked)}
    />
  );
}

describe('MoreFields', () => {
  it('is closed until wanted, and loads its controls when opened', async () => {
    render(<More section />);
    const details = document.querySelector('details.more-fields') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(within(details).getByText('More fields').tagName).toBe('SUMMARY');
    details.open = true;
    fireEvent(details, new Event('toggle'));
    expect(await screen.findByLabelText('Name')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Custom attributes' })).toBeTruthy();
  });

  it('holds custom attributes, every scalar, sentiment and the non-contact lists', () => {
    render(<More />);
    for (const label of ['Name', 'Company', 'Avatar URL', 'Locale', 'Time zone', 'Gender', 'Birthday', 'Created', 'Imported']) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
    expect((screen.getByLabelText('Birthday') as HTMLInputElement).type).toBe('datetime-local');
    const polarity = screen.getByLabelText('Sentiment') as HTMLSelectElement;
    expect(Array.from(polarity.options).map((o) => [o.value, o.textContent])).toEqual([
      ['', '—'],
      ['-1', '-1 negative'],
      ['0', '0 neutral'],
      ['1', '1 positive'],
    ]);
    expect((screen.getByLabelText('Sentiment confidence') as HTMLInputElement).inputMode).toBe('decimal');
    for (const name of ['External IDs', 'Facebook IDs', 'Instagram IDs', 'Shared emails', 'Shared phones', 'Shared social profiles', 'Shared external IDs']) {
      expect(screen.getByRole('group', { name: new RegExp(`^${name}`) })).toBeTruthy();
    }
    expect(screen.queryByRole('group', { name: /^Emails/ })).toBeNull();
  });

  it('edits values and warns that a set "not nullable" field cannot be cleared', () => {
    render(<More />);
    const gender = screen.getByLabelText('Gender') as HTMLSelectElement;
    expect(gender.getAttribute('aria-describedby')).toBeNull();
    fireEvent.change(gender, { target: { value: 'f' } });
    expect((screen.getByLabelText('Gender') as HTMLSelectElement).value).toBe('f');
    expect(screen.getByText('Kustomer cannot clear this once set')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Sentiment'), { target: { value: '-1' } });
    expect((screen.getByLabelText('Sentiment') as HTMLSelectElement).value).toBe('-1');
    fireEvent.click(screen.getByRole('button', { name: 'Add external ID' }));
    expect(document.activeElement).toBe(screen.getByLabelText('External ID', { selector: '#externalIds-0-externalId' }));
  });

  it('opens itself on a problem in one of its fields, and not for others', async () => {
    const { unmount } = render(<More section issues={new Map([['emails.0.email', 'bad']])} />);
    expect((document.querySelector('details.more-fields') as HTMLDetailsElement).open).toBe(false);
    unmount();
    render(<More section issues={new Map([['sentiment.confidence', 'Sentiment confidence must be between -1 and 1']])} />);
    const details = document.querySelector('details.more-fields') as HTMLDetailsElement;
    expect(details.open).toBe(true);
    fireEvent(details, new Event('toggle'));
    expect((await screen.findByLabelText('Sentiment confidence')).getAttribute('aria-invalid')).toBe('true');
  });

  it('shows masked fields read-only with the reason', () => {
    render(<More masked={['company', 'sharedEmails']} />);
    expect((screen.getByLabelText('Company') as HTMLInputElement).readOnly).toBe(true);
    expect((screen.getByLabelText('Name') as HTMLInputElement).readOnly).toBe(false);
    expect(screen.getAllByText('Masked by Kustomer: not shown to this key, and never sent back.')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Add shared email' })).toBeNull();
  });
});

const definitions: CustomAttributeDefinition[] = [
  { name: 'planStr', displayName: 'Plan', enumeration: ['free', 'pro'] },
  { name: 'vipBool', displayName: 'VIP' },
  { name: 'renewalAt', displayName: 'Renewal' },
  { name: 'notesTxt', displayName: 'Notes' },
  { name: 'seatsNum', displayName: 'seatsNum' },
  { name: 'ssnStr', displayName: 'ssnStr' },
];
type Entry = { key: string; value: CustomValue };

function Custom(props: { entries: Entry[]; issues?: Issues; masked?: string[]; seen?: Entry[][]; definitions?: CustomAttributeDefinition[] | undefined }) {
  const [entries, setEntries] = useState(props.entries);
  props.seen?.push(entries);
  const given = 'definitions' in props ? props.definitions : definitions;
  return <CustomAttributes entries={entries} onChange={setEntries} definitions={given} org="acme" issues={props.issues ?? none} masked={new Set(props.masked)} />;
}

describe('CustomAttributes', () => {
  it('gives each attribute the control its suffix asks for', () => {
    const seen: Entry[][] = [];
    render(
      <Custom
        seen={seen}
        entries={[
          { key: 'planStr', value: 'pro' },
          { key: 'vipBool', value: true },
          { key: 'renewalAt', value: '2025-01-02T03:04:05' },
          { key: 'seatsNum', value: '12' },
          { key: 'notesTxt', value: 'long' },
        ]}
      />,
    );
    expect(screen.getByRole('group', { name: 'Custom attributes' })).toBeTruthy();
    const plan = screen.getByLabelText('Plan') as HTMLSelectElement;
    expect([plan.tagName, plan.value]).toEqual(['SELECT', 'pro']);
    expect(Array.from(plan.options).map((o) => o.value)).toEqual(['', 'free', 'pro']);
    expect(screen.getByText('planStr')).toBeTruthy(); // the key, beside its display name

    const vip = screen.getByRole('checkbox', { name: 'VIP' }) as HTMLInputElement;
    expect(vip.checked).toBe(true);
    fireEvent.click(vip);
    expect(seen.at(-1)?.find((e) => e.key === 'vipBool')?.value).toBe(false);

    const renewal = screen.getByLabelText('Renewal') as HTMLInputElement;
    expect([renewal.type, renewal.value]).toEqual(['datetime-local', '2025-01-02T03:04:05']);
    expect((screen.getByLabelText('seatsNum') as HTMLInputElement).inputMode).toBe('decimal');
    expect(screen.getByLabelText('Notes').tagName).toBe('TEXTAREA');

    fireEvent.change(plan, { target: { value: 'free' } });
    expect(seen.at(-1)?.find((e) => e.key === 'planStr')?.value).toBe('free');
  });

  it('adds one of the org\'s attributes, refusing a name it does not define or already present', () => {
    const seen: Entry[][] = [];
    render(<Custom entries={[{ key: 'planStr', value: '' }]} seen={seen} />);
    const name = screen.getByLabelText('Attribute name') as HTMLInputElement;
    const names = Array.from(document.querySelectorAll<HTMLOptionElement>('#custom-names option')).map((o) => o.value);
    expect(names).toEqual(['VIP', 'Renewal', 'Notes', 'seatsNum', 'ssnStr']); // the org's attributes, by display name

    type(name, 'plan');
    fireEvent.click(screen.getByRole('button', { name: 'Add attribute' }));
    expect(screen.getByText('Custom attribute "plan" is not defined in org acme: Kustomer refuses it.')).toBeTruthy();
    expect(name.value).toBe('plan');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(seen.at(-1)).toHaveLength(1);

    type(name, 'planStr');
    fireEvent.keyDown(name, { key: 'Enter' });
    expect(screen.getByText('Custom attribute "planStr" is already listed')).toBeTruthy();

    type(name, 'vipBool');
    fireEvent.click(screen.getByRole('button', { name: 'Add attribute' }));
    expect(seen.at(-1)).toEqual([
      { key: 'planStr', value: '' },
      { key: 'vipBool', value: false },
    ]);
    expect(name.value).toBe('');
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'VIP' }));

    type(name, 'Notes'); // a display name stands for its attribute
    fireEvent.click(screen.getByRole('button', { name: 'Add attribute' }));
    expect(seen.at(-1)?.at(-1)).toEqual({ key: 'notesTxt', value: '' });

    type(name, 'regionStr'); // a good name, but not one the org defines
    fireEvent.click(screen.getByRole('button', { name: 'Add attribute' }));
    expect(screen.getByText('Custom attribute "regionStr" is not defined in org acme: Kustomer refuses it.')).toBeTruthy();
    expect(seen.at(-1)?.some((e) => e.key === 'regionStr')).toBe(false);
  });

  it('shows a key the org does not define as it is, never to be sent; free entry when the definitions could not be read', () => {
    const seen: Entry[][] = [];
    const { unmount } = render(<Custom seen={seen} entries={[{ key: 'legacyScoreNum', value: '42' }]} />);
    const legacy = screen.getByLabelText('legacyScoreNum') as HTMLInputElement;
    expect(legacy.readOnly).toBe(true);
    expect(screen.getByText('Not sent: not defined in org acme: Kustomer refuses it.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove attribute legacyScoreNum' })).toBeNull();
    unmount();
    render(<Custom seen={seen} entries={[]} definitions={undefined} />);
    type(screen.getByLabelText('Attribute name') as HTMLInputElement, 'region');
    fireEvent.click(screen.getByRole('button', { name: 'Add attribute' }));
    expect(screen.getByText(/has no known type: its name must end in Num, At, Str, Txt, Bool, Url or Id/)).toBeTruthy();
    type(screen.getByLabelText('Attribute name') as HTMLInputElement, 'regionStr');
    fireEvent.click(screen.getByRole('button', { name: 'Add attribute' }));
    expect(seen.at(-1)).toEqual([{ key: 'regionStr', value: '' }]);
  });

  it('removes an attribute, shows its problem and keeps masked ones read-only', () => {
    const seen: Entry[][] = [];
    render(
      <Custom
        seen={seen}
        entries={[
          { key: 'planStr', value: 'pro' },
          { key: 'seatsNum', value: 'x' },
          { key: 'ssnStr', value: '***' },
        ]}
        issues={new Map([['custom.seatsNum', 'Custom attribute "seatsNum" must be a number']])}
        masked={['custom.ssnStr']}
      />,
    );
    const seats = screen.getByLabelText('seatsNum');
    expect(seats.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(seats.getAttribute('aria-describedby')!)?.textContent).toBe('Custom attribute "seatsNum" must be a number');
    expect((screen.getByLabelText('ssnStr') as HTMLInputElement).readOnly).toBe(true);
    expect(screen.queryByRole('button', { name: 'Remove attribute ssnStr' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove attribute Plan' }));
    expect(seen.at(-1)?.map((e) => e.key)).toEqual(['seatsNum', 'ssnStr']);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove attribute seatsNum');
  });
});
