/**
 * The owner registry as upstream shipped it (#87159), kept as a mutant: each wake-up round starts
 * a fresh full-length timer (the timeout is not a total deadline), and a release wakes every
 * waiter to race for the file (no arrival order).
 */
import type { TimerId } from "../../src/runtime/clock.ts";
import { SessionFileOwnerTimeoutError, type OwnerRegistryDeps, type SessionFileOwnerRegistry } from "../../src/sessions/index.ts";

interface Entry {
  readonly ownerId: symbol;
  readonly waiters: Set<() => void>;
}

export function createUpstreamOwnerRegistry(deps: OwnerRegistryDeps): SessionFileOwnerRegistry {
  const owners = new Map<string, Entry>();

  function waitRound(entry: Entry, sessionFile: string, timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: TimerId | undefined;
      const cleanup = (): void => {
        entry.waiters.delete(wake);
        if (timer !== undefined) deps.clock.clearTimer(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const wake = (): void => (cleanup(), resolve());
      const onAbort = (): void => (cleanup(), reject(signal?.reason ?? new Error("operation aborted")));
      entry.waiters.add(wake);
      if (timeoutMs !== undefined) {
        const roundMs = Math.max(1, Math.floor(timeoutMs));
        timer = deps.clock.setTimer(roundMs, () => (cleanup(), reject(new SessionFileOwnerTimeoutError(sessionFile, roundMs))), { unref: true, label: "upstream owner wait" });
      }
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  return {
    async acquire(options) {
      const key = await deps.resolveKey(deps.fs, options.sessionFile);
      const ownerId = Symbol(key);
      for (let round = 0; ; round++) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error("operation aborted");
        const entry = owners.get(key);
        if (entry === undefined) {
          owners.set(key, { ownerId, waiters: new Set() });
          deps.emit({ kind: "session.owner.acquire", key, label: options.label ?? "attempt" });
          return {
            sessionFileKey: key,
            release() {
              const current = owners.get(key);
              if (current?.ownerId !== ownerId) return;
              owners.delete(key);
              for (const wake of [...current.waiters]) wake();
            },
          };
        }
        if (round === 0) deps.emit({ kind: "session.owner.wait", key, label: options.label ?? "attempt" });
        await waitRound(entry, options.sessionFile, options.timeoutMs, options.signal);
      }
    },
    ownedCount: () => owners.size,
    reset: () => owners.clear(),
  };
}
