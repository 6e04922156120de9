/** Wall-clock timing for the bench (harness code: the real monotonic clock is allowed here). */

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, wallMs: performance.now() - start };
}

/** Runs `fn` `repeats` times, one after another, and returns every result. */
export async function repeat<T>(repeats: number, fn: (index: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < repeats; i++) out.push(await fn(i));
  return out;
}
