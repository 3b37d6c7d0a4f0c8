import { useEffect, useRef, useState } from 'preact/hooks';
import { LIST_FIELDS, LIST_SPECS, SCALAR_FIELDS } from '@/utils/fields';
import type { MoreFields as MoreFieldsComponent } from '@/components/editor/MoreFields';
import { useLazy } from '@/components/shared/lazy';
import { whenIdle } from '@/utils/time';

type Props = Parameters<typeof MoreFieldsComponent>[0];

/** Top-level fields shown under "More fields". */
export const MORE_FIELDS: ReadonlySet<string> = new Set([
  'custom',
  'sentiment',
  ...SCALAR_FIELDS,
  ...LIST_FIELDS.filter((key) => !LIST_SPECS[key].contact),
]);

/**
 * "More fields", closed until wanted. Its controls are a separate chunk, fetched when the popup
 * is idle after the customer is on screen (or at once when opened): the popup opens faster.
 * It opens by itself when one of its fields has a problem or an unsaved change (a restored draft).
 */
export function MoreFieldsSection({ needed, ...props }: Props & { needed: boolean }) {
  const [Body, load] = useLazy(() => import('@/components/editor/MoreFields').then((m) => m.MoreFields));
  const [open, setOpen] = useState(needed);
  const details = useRef<HTMLDetailsElement>(null);

  useEffect(() => whenIdle(load), []);
  useEffect(() => {
    if (needed && details.current && !details.current.open) details.current.open = true;
  }, [needed]);

  return (
    <details
      ref={details}
      class="more-fields"
      onToggle={(event) => {
        const isOpen = (event.currentTarget as HTMLDetailsElement).open;
        setOpen(isOpen);
        if (isOpen && !Body) load();
      }}
    >
      <summary>More fields</summary>
      {open && (Body ? <Body {...props} /> : <p class="help">Loading…</p>)}
    </details>
  );
}
