/**
 * Session-file owner registry: serializes whole embedded attempts per canonical session file.
 * Unlike upstream, the timeout bounds the total wait (not each wake-up round) and waiters are
 * served in arrival order: a release hands ownership straight to the oldest waiter.
 */
import { basename } from "node:path";
import type { Clock, TimerId } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import type { FileSystem } from "../runtime/fs.ts";
import { SessionFileOwnerTimeoutError } from "./errors.ts";
import type { SessionFileKeyFn } from "./file-key.ts";

export interface AcquireOwnerOptions {
  readonly sessionFile: string;
  /** Total time to wait for the current owner(s) to release; undefined = wait forever. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Who is asking, for traces. */
  readonly label?: string;
}

export interface SessionFileOwner {
  readonly sessionFileKey: string;
  /** Owner-checked and idempotent: hands the file to the next waiter, if any. */
  release(): void;
}

export interface SessionFileOwnerRegistry {
  acquire(options: AcquireOwnerOptions): Promise<SessionFileOwner>;
  /** Number of keys with an owner. */
  ownedCount(): number;
  /** Rejects every waiter and forgets every owner (tests, world teardown). */
  reset(reason?: unknown): void;
}

export interface OwnerRegistryDeps {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly emit: EventSink;
  readonly resolveKey: SessionFileKeyFn;
}

interface Waiter {
  readonly ownerId: symbol;
  grant(): void;
  fail(error: unknown): void;
}

interface Entry {
  ownerId: symbol;
  readonly waiters: Waiter[];
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("operation aborted");
}

export function createSessionFileOwnerRegistry(deps: OwnerRegistryDeps): SessionFileOwnerRegistry {
  const { fs, clock, emit } = deps;
  const owners = new Map<string, Entry>();

  function handleFor(key: string, ownerId: symbol, label: string): SessionFileOwner {
    return {
      sessionFileKey: key,
      release() {
        const entry = owners.get(key);
        if (entry === undefined || entry.ownerId !== ownerId) return;
        const next = entry.waiters.shift();
        emit({ kind: "session.owner.release", key: basename(key), label, handedOff: next !== undefined });
        if (next === undefined) {
          owners.delete(key);
          return;
        }
        entry.ownerId = next.ownerId;
        next.grant();
      },
    };
  }

  function wait(entry: Entry, key: string, ownerId: symbol, options: AcquireOwnerOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: TimerId | undefined;
      const onAbort = (): void => settle(() => reject(abortReason(options.signal as AbortSignal)));
      const settle = (finish: () => void): void => {
        if (timer !== undefined) clock.clearTimer(timer);
        options.signal?.removeEventListener("abort", onAbort);
        const index = entry.waiters.indexOf(waiter);
        if (index >= 0) entry.waiters.splice(index, 1);
        finish();
      };
      const waiter: Waiter = {
        ownerId,
        grant: () => settle(resolve),
        fail: (error) => settle(() => reject(error)),
      };
      entry.waiters.push(waiter);
      if (options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs)) {
        const timeoutMs = Math.max(1, Math.floor(options.timeoutMs));
        // Built when it fires: most waits are granted, and an Error's stack is costly to capture.
        timer = clock.setTimer(timeoutMs, () => waiter.fail(new SessionFileOwnerTimeoutError(options.sessionFile, timeoutMs)), { unref: true, label: `session owner wait ${basename(key)}` });
      }
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  async function acquire(options: AcquireOwnerOptions): Promise<SessionFileOwner> {
    const label = options.label ?? "attempt";
    if (options.signal?.aborted) throw abortReason(options.signal);
    const key = await deps.resolveKey(fs, options.sessionFile);
    if (options.signal?.aborted) throw abortReason(options.signal);
    const ownerId = Symbol(key);
    const entry = owners.get(key);
    if (entry === undefined) {
      owners.set(key, { ownerId, waiters: [] });
      emit({ kind: "session.owner.acquire", key: basename(key), label, waitedMs: 0 });
      return handleFor(key, ownerId, label);
    }
    const startMs = clock.nowMs();
    emit({ kind: "session.owner.wait", key: basename(key), label, position: entry.waiters.length + 1 });
    try {
      await wait(entry, key, ownerId, options);
    } catch (error) {
      emit({ kind: "session.owner.wait-failed", key: basename(key), label, waitedMs: clock.nowMs() - startMs, error: error instanceof Error ? error.name : "unknown" });
      throw error;
    }
    emit({ kind: "session.owner.acquire", key: basename(key), label, waitedMs: clock.nowMs() - startMs });
    return handleFor(key, ownerId, label);
  }

  function reset(reason: unknown = new Error("session file owner registry reset")): void {
    for (const entry of owners.values()) {
      for (const waiter of [...entry.waiters]) waiter.fail(reason);
    }
    owners.clear();
  }

  return { acquire, ownedCount: () => owners.size, reset };
}
