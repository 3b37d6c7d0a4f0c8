import { useState } from 'preact/hooks';
import { MASKED_NOTE } from '@/utils/editor/masking';
import type { CustomValue } from '@/utils/editor/form';
import type { CustomAttributeDefinition } from '@/utils/kustomer/metadata';
import { customAttributeKind, MAX_CUSTOM_ATTRIBUTES, validateCustomAttribute, type CustomAttributeKind } from '@/utils/kustomer/patch';
import { useFocusAfterRender, type Issues } from '@/components/editor/ListEditor';
import { FieldInput } from '@/components/shared/FieldInput';

type Entry = { key: string; value: CustomValue };

interface CustomAttributesProps {
  entries: Entry[];
  onChange(entries: Entry[]): void;
  /** The org's definitions, when they could be read: display names and allowed values. */
  definitions: CustomAttributeDefinition[] | undefined;
  org?: string;
  issues: Issues;
  /** `custom.<key>` of the attributes Kustomer masked. */
  masked: ReadonlySet<string>;
}

const KINDS: Record<CustomAttributeKind, 'number' | 'date-time' | 'text' | 'url'> = { number: 'number', 'date-time': 'date-time', text: 'text', url: 'url', id: 'text', boolean: 'text' };

/** The customer's `custom` attributes, each with a control for the type its name's suffix asks for. */
export function CustomAttributes({ entries, onChange, definitions: given, org, issues, masked }: CustomAttributesProps) {
  // What the background sent: a list when the definitions could be read. Then Kustomer refuses any
  // other key (a recorded 400 "Additional properties not allowed"): only these are offered, and a
  // key the customer has that is not among them is shown, never sent.
  const known = Array.isArray(given);
  const definitions = known ? given : [];
  const notDefined = (key: string) => known && !definitions.some((d) => d.name === key);
  const refusedHere = `not defined in org ${org ?? 'this org'}: Kustomer refuses it`;
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const focus = useFocusAfterRender();
  const present = new Set(entries.map((e) => e.key));
  const id = (key: string) => `custom-${key}`;
  // Problems of the whole object, or of attributes not listed here.
  const general = [...issues].filter(([path]) => path === 'custom' || (path.startsWith('custom.') && !present.has(path.split('.')[1]!)));

  const set = (key: string, value: CustomValue) => onChange(entries.map((e) => (e.key === key ? { key, value } : e)));
  const remove = (i: number) => {
    const next = entries.filter((_, j) => j !== i);
    onChange(next);
    const after = next[Math.min(i, next.length - 1)];
    focus(after && !masked.has(`custom.${after.key}`) ? `${id(after.key)}-remove` : 'custom-new');
  };
  const add = () => {
    const typed = name.trim();
    // A display name picked from the definitions stands for its attribute.
    const key = definitions.find((d) => (d.displayName === typed || d.displayName.toLowerCase() === typed.toLowerCase()) && !present.has(d.name))?.name ?? typed;
    const kind = customAttributeKind(key);
    const refusal =
      key === ''
        ? known
          ? 'Pick one of the org\u2019s attributes'
          : 'Type the name of an attribute, e.g. planStr'
        : notDefined(key) && !present.has(key)
          ? `Custom attribute "${key}" is ${refusedHere}.`
          : !kind
          ? validateCustomAttribute(key, null)
          : present.has(key)
            ? `Custom attribute "${key}" is already listed`
            : entries.length >= MAX_CUSTOM_ATTRIBUTES
              ? `At most ${MAX_CUSTOM_ATTRIBUTES} custom attributes`
              : undefined;
    setProblem(refusal);
    if (refusal) return;
    onChange([...entries, { key, value: kind === 'boolean' ? false : '' }]);
    setName('');
    focus(id(key));
  };

  return (
    <fieldset class="list custom">
      <legend class="list-head">
        <span class="field-label">Custom attributes</span>
      </legend>
      {general.map(([path, message]) => (
        <p key={path + message} class="problem">
          {message}
        </p>
      ))}
      {entries.map(({ key, value }, i) => {
        const def = definitions.find((d) => d.name === key);
        const label = def?.displayName ?? key;
        const kind = customAttributeKind(key);
        // Masked by Kustomer, or a key the org does not define: shown as it is, never sent.
        const isMasked = masked.has(`custom.${key}`) || notDefined(key);
        const error = [...issues].find(([path]) => path === `custom.${key}` || path.startsWith(`custom.${key}.`))?.[1];
        const text = typeof value === 'string' ? value : '';
        const hint = masked.has(`custom.${key}`) ? MASKED_NOTE : notDefined(key) ? `Not sent: ${refusedHere}.` : undefined;
        return (
          <div key={key} class="attribute">
            <div class="row-head">
              {label !== key && <code class="attribute-key">{key}</code>}
              {!isMasked && (
                <button type="button" id={`${id(key)}-remove`} class="icon" aria-label={`Remove attribute ${label}`} title="Remove" onClick={() => remove(i)}>
                  ×
                </button>
              )}
            </div>
            {kind === 'boolean' ? (
              <div class="field">
                <label class="check">
                  <input
                    id={id(key)}
                    type="checkbox"
                    checked={value === true}
                    disabled={isMasked}
                    aria-invalid={error ? 'true' : undefined}
                    aria-describedby={error || hint ? `${id(key)}-note` : undefined}
                    onChange={(e) => set(key, e.currentTarget.checked)}
                  />
                  {label}
                </label>
                {(error || hint) && (
                  <p id={`${id(key)}-note`} class={error ? 'problem' : 'hint field-hint'}>
                    {error ?? hint}
                  </p>
                )}
              </div>
            ) : (
              <FieldInput
                id={id(key)}
                label={label}
                kind={def?.enumeration ? 'select' : KINDS[kind ?? 'text']}
                options={def?.enumeration}
                multiline={key.endsWith('Txt')}
                value={text}
                error={error}
                hint={hint}
                readOnly={isMasked}
                placeholder={kind === 'url' ? 'https://' : undefined}
                onChange={(v) => set(key, v)}
              />
            )}
          </div>
        );
      })}
      <div class="add-attribute">
        <div class="field">
          <label class="field-label" for="custom-new">
            Attribute name
          </label>
          <input
            id="custom-new"
            type="text"
            value={name}
            list="custom-names"
            placeholder={known ? 'Type or pick an attribute' : 'e.g. planStr'}
            autoComplete="off"
            spellcheck={false}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby="custom-new-problem"
            onInput={(e) => {
              setName(e.currentTarget.value);
              setProblem(undefined);
            }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault(); // not a form submit
              add();
            }}
          />
          <datalist id="custom-names">
            {definitions
              .filter((d) => !present.has(d.name))
              .map((d) => (
                <option key={d.name} value={d.displayName}>
                  {d.name}
                </option>
              ))}
          </datalist>
        </div>
        <button type="button" onClick={add}>
          Add attribute
        </button>
      </div>
      <p id="custom-new-problem" class="problem" aria-live="polite">
        {problem ?? ''}
      </p>
    </fieldset>
  );
}
