import { useMemo } from 'preact/hooks';
import type { ScalarKind } from '@/utils/fields';
import '@/components/editor/editor.css';

export interface FieldInputProps {
  id: string;
  /** The visible label, and the control's accessible name. */
  label: string;
  kind: ScalarKind;
  value: string;
  onChange(value: string): void;
  options?: readonly string[];
  /** Text shown for an option value (`'-1'` -> `'-1 negative'`); the value itself otherwise. */
  optionLabels?: Readonly<Record<string, string>>;
  placeholder?: string;
  error?: string;
  hint?: string;
  readOnly?: boolean;
  /** A text kind as a <textarea> (long custom `…Txt` attributes). */
  multiline?: boolean;
  onBlur?(): void;
}

const LOCALES = ['en_US', 'en_GB', 'en_CA', 'en_AU', 'fr_FR', 'fr_CA', 'de_DE', 'es_ES', 'es_MX', 'it_IT', 'nl_NL', 'pt_BR', 'pt_PT', 'sv_SE', 'pl_PL', 'ja_JP', 'ko_KR', 'zh_CN', 'zh_TW'];
let zones: string[] | undefined;
const timeZones = () => (zones ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);

/** One labelled control for a ScalarKind, with its error and hint under it. */
export function FieldInput(props: FieldInputProps) {
  const { id, label, kind, value, onChange, options = [], optionLabels, placeholder, error, hint, readOnly, multiline, onBlur } = props;
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    onBlur,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': described,
  };
  const onInput = (event: Event) => onChange((event.currentTarget as HTMLInputElement).value);
  const suggestions = kind === 'time-zone' || kind === 'locale';
  // The time zone list is long: built once per control, not at every keystroke.
  const datalist = useMemo(
    () =>
      suggestions && (
        <datalist id={`${id}-list`}>
          {(kind === 'locale' ? LOCALES : timeZones()).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ),
    [id, kind],
  );
  let control;
  if (kind === 'select') {
    // A value Kustomer holds that is not an option (or a masked one) is still shown as it is.
    const all = value && !options.includes(value) ? [...options, value] : options;
    control = (
      <select {...common} disabled={readOnly} onChange={onInput}>
        <option value="">—</option>
        {all.map((o) => (
          <option key={o} value={o}>
            {optionLabels?.[o] ?? o}
          </option>
        ))}
      </select>
    );
  } else if (multiline) {
    control = <textarea {...common} readOnly={readOnly} rows={3} placeholder={placeholder} onInput={onInput} />;
  } else {
    control = (
      <input
        {...common}
        readOnly={readOnly}
        type={kind === 'url' ? 'url' : kind === 'date-time' ? 'datetime-local' : 'text'}
        step={kind === 'date-time' ? 1 : undefined}
        inputMode={kind === 'number' ? 'decimal' : undefined}
        list={suggestions && !readOnly ? `${id}-list` : undefined}
        placeholder={placeholder}
        autoComplete="off"
        spellcheck={kind === 'text' ? undefined : false}
        onInput={onInput}
      />
    );
  }
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      {control}
      {!readOnly && datalist}
      {error && (
        <p id={`${id}-error`} class="problem">
          {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} class="hint field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
