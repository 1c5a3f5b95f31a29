/** A wait with a bound: shutdowns, heartbeats and lookups must never hang on a silent peer. */

/** `work`'s result, or `fallback` once `ms` pass without one; the timer never outlives the wait. */
export async function waitAtMost<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
