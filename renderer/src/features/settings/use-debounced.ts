import { useEffect, useRef } from 'react';

/** Runs `fn` once `deps` have been stable for `ms`; drops results of superseded runs via the `live` flag. */
export function useDebouncedEffect(
  fn: (live: () => boolean) => void,
  deps: readonly unknown[],
  ms = 250,
): void {
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  });
  useEffect(() => {
    let alive = true;
    const t = setTimeout(() => ref.current(() => alive), ms);
    return () => {
      alive = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
