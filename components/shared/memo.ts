/**
 * A component that renders again only when one of its props changed (by identity), as
 * `preact/compat`'s `memo` does, without compat: importing compat installs its React-compatible
 * option hooks for every element (`onChange` read as `onInput`, and more), which the editor does
 * not want.
 */
import { h, type FunctionComponent } from 'preact';

/** A component's `shouldComponentUpdate`: whether any prop (children included) was added, removed or replaced. */
function propsChanged(this: { props: object }, next: object): boolean {
  const prev = this.props as Record<string, unknown>;
  const now = next as Record<string, unknown>;
  for (const key in prev) if (!(key in now)) return true;
  for (const key in now) if (prev[key] !== now[key]) return true;
  return false;
}

export function memo<P extends object>(Inner: FunctionComponent<P>): FunctionComponent<P> {
  function Memoized(this: { shouldComponentUpdate?: typeof propsChanged }, props: P) {
    this.shouldComponentUpdate = propsChanged;
    return h(Inner, props);
  }
  Memoized.displayName = `Memo(${Inner.displayName ?? Inner.name})`;
  return Memoized as FunctionComponent<P>;
}
