/**
 * `withStartupTimeout`: bounds the whole startup (client acquisition + thread/start). Rejects
 * "codex app-server startup aborted" at once for an already-aborted signal, or when the signal
 * fires; on timer expiry runs `onTimeout` to completion, then rejects "codex app-server startup
 * timed out". The operation gets a signal that fires when the startup is abandoned, so its
 * in-flight requests stop too.
 */
import type { Clock } from "../runtime/clock.ts";
import { CodexAppServerStartupError } from "./errors.ts";

export const STARTUP_TIMEOUT_FLOOR_MS = 100;

export function resolveStartupTimeoutMs(options: { readonly timeoutMs: number; readonly timeoutFloorMs?: number }): number {
  return Math.max(options.timeoutFloorMs ?? STARTUP_TIMEOUT_FLOOR_MS, options.timeoutMs);
}

export interface WithStartupTimeoutOptions<T> {
  readonly timeoutMs: number;
  readonly timeoutFloorMs?: number;
  readonly signal?: AbortSignal;
  readonly clock: Clock;
  readonly onTimeout?: () => void | Promise<void>;
  readonly operation: (signal: AbortSignal) => Promise<T>;
}

export function withStartupTimeout<T>(options: WithStartupTimeoutOptions<T>): Promise<T> {
  const { signal, clock } = options;
  if (signal?.aborted === true) return Promise.reject(new CodexAppServerStartupError("aborted", { cause: signal.reason }));
  const timeoutMs = resolveStartupTimeoutMs(options);
  const abandon = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clock.clearTimer(timer);
      signal?.removeEventListener("abort", onAbort);
      return true;
    };
    const onAbort = (): void => {
      if (!finish()) return;
      abandon.abort(new CodexAppServerStartupError("aborted"));
      reject(new CodexAppServerStartupError("aborted", { cause: signal?.reason }));
    };
    const timer = clock.setTimer(
      timeoutMs,
      () => {
        if (!finish()) return;
        const error = new CodexAppServerStartupError("timed_out");
        abandon.abort(error);
        Promise.resolve()
          .then(() => options.onTimeout?.())
          .then(
            () => reject(error),
            () => reject(error),
          );
      },
      { label: "codex app-server startup" },
    );
    signal?.addEventListener("abort", onAbort, { once: true });
    options.operation(abandon.signal).then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
}
