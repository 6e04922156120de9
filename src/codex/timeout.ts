/** Races a promise against a Clock timer; the timer is always cleared when the race settles. */
import type { Clock } from "../runtime/clock.ts";

export function withTimeout<T>(
  promise: Promise<T>,
  options: { readonly timeoutMs: number | undefined; readonly clock: Clock; readonly error: () => Error; readonly label?: string },
): Promise<T> {
  const { timeoutMs, clock } = options;
  if (timeoutMs === undefined || !(timeoutMs > 0)) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimer(timeoutMs, () => reject(options.error()), options.label === undefined ? {} : { label: options.label });
    promise.then(
      (value) => {
        clock.clearTimer(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimer(timer);
        reject(error);
      },
    );
  });
}
