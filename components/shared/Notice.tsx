import type { ComponentChildren } from 'preact';

/** A status line: polite for progress and success, assertive for failures. */
export function Notice({ tone, children }: { tone: 'info' | 'success' | 'error'; children: ComponentChildren }) {
  return (
    <p class={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
