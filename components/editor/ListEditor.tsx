import type { ComponentChildren } from 'preact';
import { memo } from '@/components/shared/memo';
import { useEffect, useRef } from 'preact/hooks';
import type { ListSpec, PartSpec } from '@/utils/fields';
import { LOADED, type FormItem } from '@/utils/editor/form';
import { normalizePhone, phoneHint } from '@/utils/editor/phones';
import { MAX_LIST_ITEMS } from '@/utils/kustomer/patch/formats';
import { FieldInput } from '@/components/shared/FieldInput';
import '@/components/editor/editor.css';

/** Problems by form dot path: `emails.2.email`, `emails`, `name`, `custom.planStr`. */
export type Issues = ReadonlyMap<string, string>;

interface ListEditorProps {
  spec: ListSpec;
  items: FormItem[];
  onChange(items: FormItem[]): void;
  issues: Issues;
  /** Why the items cannot be edited (values masked by Kustomer): shown read-only with this reason. */
  locked?: string;
}

/** Moves focus to the element with this id after the next render. */
export function useFocusAfterRender() {
  const pending = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (pending.current === undefined) return;
    document.getElementById(pending.current)?.focus();
    pending.current = undefined;
  });
  return (id: string) => {
    pending.current = id;
  };
}

/** Opens a <details> when `open` turns true, and leaves it as the agent set it otherwise. */
export function useOpenWhen(open: boolean) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (open && ref.current) ref.current.open = true;
  }, [open]);
  return ref;
}

/** The issues under `prefix.` that no part shows: shown with the row (or list) instead. */
function restOf(issues: Issues, prefix: string, shown: (rest: string) => boolean): string[] {
  const out: string[] = [];
  for (const [path, message] of issues) {
    if (path === prefix || (path.startsWith(`${prefix}.`) && !shown(path.slice(prefix.length + 1)))) out.push(message);
  }
  return out;
}

/**
 * One list of the customer (emails, phones, locations, …) as editable rows. Renders again only
 * when its props change (its owner keeps `onChange` and `issues` the same while they are).
 */
export const ListEditor = memo(function ListEditor({ spec, items, onChange, issues, locked }: ListEditorProps) {
  const { key, itemLabel, parts } = spec;
  const main = parts.find((p) => p.main) ?? parts[0]!;
  const phone = main.key === 'phone';
  const focus = useFocusAfterRender();
  const id = (i: number, part: string) => `${key}-${i}-${part}`;
  const plural = `${itemLabel}s`;
  const title = itemLabel[0]!.toUpperCase() + itemLabel.slice(1);
  const count = items.length;
  const full = count >= MAX_LIST_ITEMS;
  const listProblems = restOf(issues, key, (rest) => /^\d+(\.|$)/.test(rest) && parseInt(rest) < count);

  const set = (i: number, part: string, value: string) => {
    if (items[i]?.[part] === value) return;
    onChange(
      items.map((item, j) => {
        if (j !== i) return item;
        return { ...item, [part]: value };
      }),
    );
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...items];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
    // Focus follows the row: the same button, or the other one once it reached an end.
    const to = i + by;
    const same = by < 0 ? to > 0 : to < count - 1;
    focus(id(to, (by < 0) === same ? 'up' : 'down'));
  };
  const remove = (i: number) => {
    onChange(items.filter((_, j) => j !== i));
    focus(count > 1 ? id(Math.min(i, count - 2), 'remove') : `${key}-add`);
  };
  const add = () => {
    onChange([...items, Object.fromEntries(parts.map((p) => [p.key, '']))]);
    focus(id(count, main.key));
  };

  const field = (item: FormItem, i: number, part: PartSpec) => {
    const raw = item[part.key];
    const value = typeof raw === 'string' ? raw : '';
    const isPhone = phone && part.key === 'phone';
    return (
      <FieldInput
        key={part.key}
        id={id(i, part.key)}
        label={part.label}
        kind={part.kind}
        value={value}
        options={part.options}
        placeholder={locked ? undefined : part.placeholder}
        readOnly={locked !== undefined}
        error={issues.get(`${key}.${i}.${part.key}`)}
        hint={isPhone ? phoneHint(value) : undefined}
        onChange={(v) => set(i, part.key, v)}
        // E.164 for what the agent typed; a number as loaded is left exactly as it is.
        onBlur={isPhone && !locked && value !== items[i]?.[LOADED] ? () => set(i, part.key, normalizePhone(value)) : undefined}
      />
    );
  };

  return (
    <fieldset class="list" aria-describedby={locked ? `${key}-locked` : undefined}>
      <legend class="list-head">
        <span class="field-label">{spec.label}</span>
        <span class={count >= MAX_LIST_ITEMS - 1 ? 'count count-warn' : 'count'} title={`At most ${MAX_LIST_ITEMS} ${plural}`}>
          {count}/{MAX_LIST_ITEMS}
        </span>
      </legend>
      {locked && (
        <p id={`${key}-locked`} class="help">
          {locked}
        </p>
      )}
      {listProblems.map((m) => (
        <p key={m} class="problem">
          {m}
        </p>
      ))}
      {count > 0 && (
        <ol class="rows">
          {items.map((item, i) => {
            const more = parts.filter((p) => p.more);
            const moreIssue = more.some((p) => issues.has(`${key}.${i}.${p.key}`));
            const known = (rest: string) => parts.some((p) => p.key === rest);
            return (
              <li key={i} class="row">
                <div class="row-head">
                  <span class="row-title">
                    {title} {i + 1}
                  </span>
                  {!locked && (
                    <span class="row-tools">
                      <button type="button" id={id(i, 'up')} class="icon" aria-label={`Move ${itemLabel} up`} title="Move up" disabled={i === 0} onClick={() => move(i, -1)}>
                        ↑
                      </button>
                      <button
                        type="button"
                        id={id(i, 'down')}
                        class="icon"
                        aria-label={`Move ${itemLabel} down`}
                        title="Move down"
                        disabled={i === count - 1}
                        onClick={() => move(i, 1)}
                      >
                        ↓
                      </button>
                      <button type="button" id={id(i, 'remove')} class="icon" aria-label={`Remove ${itemLabel} ${i + 1}`} title="Remove" onClick={() => remove(i)}>
                        ×
                      </button>
                    </span>
                  )}
                </div>
                <div class="parts">{parts.filter((p) => !p.more).map((p) => field(item, i, p))}</div>
                {more.length > 0 && <More open={moreIssue}>{more.map((p) => field(item, i, p))}</More>}
                {restOf(issues, `${key}.${i}`, known).map((m) => (
                  <p key={m} class="problem">
                    {m}
                  </p>
                ))}
              </li>
            );
          })}
        </ol>
      )}
      {!locked &&
        (full ? (
          <p class="help">
            At most {MAX_LIST_ITEMS} {plural}
          </p>
        ) : (
          <button type="button" id={`${key}-add`} class="add" onClick={add}>
            Add {itemLabel}
          </button>
        ))}
    </fieldset>
  );
});

function More({ open, children }: { open: boolean; children: ComponentChildren }) {
  const ref = useOpenWhen(open);
  return (
    <details ref={ref} class="row-more">
      <summary>More</summary>
      <div class="parts">{children}</div>
    </details>
  );
}
