/**
 * The editor's keys, wherever the focus is in the popup: Ctrl/Cmd+S saves; Esc puts the focused
 * field back as loaded, and Esc with nothing to put back (or twice in a row) closes the popup.
 */
import { useEffect, useRef } from 'preact/hooks';
import { LIST_FIELDS, SCALAR_FIELDS, type ListField } from '@/utils/fields';
import { formFromCustomer, type CustomerForm } from '@/utils/editor/form';
import type { CustomerSession } from '@/components/editor/useCustomerSession';

interface KeyDeps {
  session: CustomerSession;
  edit(apply: (current: CustomerForm) => CustomerForm): void;
  saveNow(): void;
}

export function useEditorKeys({ session, edit, saveNow }: KeyDeps) {
  /**
   * The input's own value is what the agent sees at this keystroke (the form state may not have
   * caught up with a very fast Esc), and the revert applies to the latest state.
   */
  function onEscape(target: HTMLElement) {
    const ready = session.now.current.loaded;
    if (!ready || !session.now.current.form) return;
    const shown = (target as HTMLInputElement).value;
    if (target.id === 'add-tag' && shown) return session.change({ tagDraft: '' });
    const initial = formFromCustomer(ready.customer);
    const [kind, ...rest] = target.id.split('-');
    if (kind === 'field' && (SCALAR_FIELDS as readonly string[]).includes(rest[0] ?? '')) {
      const key = rest[0] as (typeof SCALAR_FIELDS)[number];
      if (shown !== initial.scalars[key]) return edit((f) => ({ ...f, scalars: { ...f.scalars, [key]: initial.scalars[key] } }));
    }
    if ((LIST_FIELDS as readonly string[]).includes(kind ?? '') && rest.length === 2) {
      const list = kind as ListField;
      const [row, part] = [Number(rest[0]), rest[1]!];
      const was = initial.lists[list][row]?.[part] ?? '';
      if (typeof was === 'string' && shown !== was) {
        return edit((f) => ({ ...f, lists: { ...f.lists, [list]: f.lists[list].map((item, i) => (i === row ? { ...item, [part]: was } : item)) } }));
      }
    }
    // Nothing to put back: a second Esc in a row closes; a first one only leaves the control.
    if (target.matches('input, select, textarea')) return target.blur();
    window.close();
  }

  /** Whether the previous key was Esc too. */
  const escapeArmed = useRef(false);

  function onKeyDown(event: KeyboardEvent) {
    const armed = escapeArmed.current;
    escapeArmed.current = event.key === 'Escape';
    if (event.key === 'Escape') {
      event.preventDefault();
      if (armed) return window.close();
      return onEscape(event.target as HTMLElement);
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      saveNow();
    }
  }

  // Through the latest handler: one listener for the popup's life.
  const keys = useRef(onKeyDown);
  keys.current = onKeyDown;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keys.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
}
