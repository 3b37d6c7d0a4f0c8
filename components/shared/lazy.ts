/** Something the popup loads on demand (a chunk): the one way its UI waits for one. */
import { useCallback, useRef, useState } from 'preact/hooks';

/**
 * `[value, start]`: `value` is undefined until `load` resolves; `start` begins loading and may be
 * called any number of times (it loads once; after a failure, the next call tries again).
 */
export function useLazy<T>(load: () => Promise<T>): [T | undefined, () => void] {
  const [value, setValue] = useState<T | undefined>();
  const started = useRef(false);
  const start = useCallback(() => {
    if (started.current) return;
    started.current = true;
    load().then(
      (loaded) => setValue(() => loaded),
      () => (started.current = false),
    );
  }, []);
  return [value, start];
}
