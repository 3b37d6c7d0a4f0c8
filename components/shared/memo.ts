/**
 * A component that renders again only when one of its props changed (by identity), as
 * `preact/compat`'s `memo` does, without compat: importing compat installs its React-compatible
 * option hooks for every element (`onChange` read as `onInput`, and more), which the editor does
 * not want.
 */
import { h, type FunctionComponent } from 'preact';

export function memo<P extends object>(Inner: FunctionComponent<P>): FunctionComponent<P> {
  function Memoized(this: { props: P; shouldComponentUpdate?(next: P): boolean }, props: P) {
    this.shouldComponentUpdate = function (this: { props: P }, next: P) {
      const prev = this.props as Record<string, unknown>;
      const now = next as Record<string, unknown>;
      for (const key in prev) if (key !== 'children' && !(key in now)) return true;
      for (const key in now) if (key !== 'children' && prev[key] !== now[key]) return true;
      return prev.children !== now.children;
    };
    return h(Inner, props);
  }
  Memoized.displayName = `Memo(${Inner.displayName ?? Inner.name})`;
  return Memoized as FunctionComponent<P>;
}
