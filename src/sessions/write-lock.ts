/**
 * Session write lock: `<realpath dir>/<basename>.lock`, created exclusively, holding
 * `{pid, createdAt, starttime?, maxHoldMs}`. Not reentrant: a second acquire in the same process
 * waits like a foreign holder. Contention retries back off 50 → 1000 ms within the acquire timeout.
 * Locks whose holder is provably gone are reclaimed; age-based reasons are only reported.
 */
import { basename, dirname, join, resolve } from "node:path";
import { sleep, type Clock } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import { fsErrorCode, type FileSystem } from "../runtime/fs.ts";
import { SessionWriteLockStaleError, SessionWriteLockTimeoutError } from "./errors.ts";
import {
  formatIsoUtc,
  inspectLockPayload,
  isRemovableReason,
  lockAgeMs,
  parseLockPayload,
  serializeLockPayload,
  type StaleReason,
} from "./lock-payload.ts";
import type { ProcessInfo } from "./process-info.ts";

export const LOCK_RETRY_MIN_MS = 50;
export const LOCK_RETRY_MAX_MS = 1000;
const MALFORMED_GRACE_MS = 30_000;
const MALFORMED_GRACE_SHORT_MS = 5_000;
const MAX_FAST_RETRIES = 8;

export interface AcquireWriteLockOptions {
  readonly sessionFile: string;
  readonly timeoutMs: number;
  readonly staleMs: number;
  readonly maxHoldMs: number;
  /** Who acquires, for traces ("prep", "post-prompt", "cleanup", "probe"). */
  readonly label?: string;
}

export interface SessionWriteLock {
  readonly lockPath: string;
  readonly acquiredAtMs: number;
  readonly released: boolean;
  /** Removes the lock file. Idempotent. */
  release(): Promise<void>;
}

export interface SessionWriteLockManager {
  acquire(options: AcquireWriteLockOptions): Promise<SessionWriteLock>;
  lockPathFor(sessionFile: string): Promise<string>;
  /** Lock paths this manager (this process) holds now. */
  heldPaths(): readonly string[];
}

export interface WriteLockDeps {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly processInfo: ProcessInfo;
  readonly emit: EventSink;
  /** Which stale reasons allow removing another holder's lock (default: all but too-old / hold-exceeded). */
  readonly isRemovable?: (reason: StaleReason) => boolean;
}

interface Contention {
  /** The lock file's text when inspected (a reclaim removes it only if it is still the same). */
  readonly text: string;
  readonly owner: string;
  readonly reasons: readonly StaleReason[];
  readonly reclaimable: boolean;
}

export function createSessionWriteLockManager(deps: WriteLockDeps): SessionWriteLockManager {
  const { fs, clock, processInfo, emit } = deps;
  const held = new Set<string>();
  const malformedSeenAtMs = new Map<string, number>();
  const removable = deps.isRemovable ?? isRemovableReason;
  let reclaims = 0;

  async function lockPathFor(sessionFile: string): Promise<string> {
    const resolved = resolve(sessionFile);
    let dir = dirname(resolved);
    try {
      dir = await fs.realpath(dir);
    } catch {
      // keep the resolved directory
    }
    return join(dir, `${basename(resolved)}.lock`);
  }

  async function inspect(lockPath: string, options: AcquireWriteLockOptions): Promise<Contention | "gone"> {
    let text: string;
    try {
      text = await fs.readFile(lockPath);
    } catch (error) {
      if (fsErrorCode(error) === "ENOENT") return "gone";
      throw error;
    }
    const nowMs = clock.nowMs();
    const payload = parseLockPayload(text);
    if (payload === undefined) {
      // Judged by how long this process has seen it malformed: a writer may be mid-create.
      const firstSeen = malformedSeenAtMs.get(lockPath) ?? nowMs;
      malformedSeenAtMs.set(lockPath, firstSeen);
      const graceMs = options.timeoutMs < MALFORMED_GRACE_MS ? MALFORMED_GRACE_SHORT_MS : MALFORMED_GRACE_MS;
      const expired = nowMs - firstSeen >= graceMs;
      return { text, owner: "unknown", reasons: expired ? ["malformed-payload"] : [], reclaimable: expired };
    }
    const reasons = inspectLockPayload({
      payload,
      nowMs,
      staleMs: options.staleMs,
      processInfo,
      heldByThisProcess: held.has(lockPath),
    });
    const age = lockAgeMs(payload, nowMs);
    const owner =
      payload.pid === undefined
        ? "unknown"
        : `pid=${payload.pid} alive=${String(processInfo.isAlive(payload.pid))} ageMs=${age ?? "unknown"}`;
    return { text, owner, reasons, reclaimable: reasons.some(removable) };
  }

  function makeHandle(lockPath: string, label: string): SessionWriteLock {
    const acquiredAtMs = clock.nowMs();
    let released = false;
    return {
      lockPath,
      acquiredAtMs,
      get released() {
        return released;
      },
      async release() {
        if (released) return;
        released = true;
        held.delete(lockPath);
        try {
          await fs.unlink(lockPath);
        } catch (error) {
          if (fsErrorCode(error) !== "ENOENT") throw error;
        }
        emit({ kind: "session.lock.release", lock: basename(lockPath), label, heldMs: clock.nowMs() - acquiredAtMs });
      },
    };
  }

  async function acquire(options: AcquireWriteLockOptions): Promise<SessionWriteLock> {
    const label = options.label ?? "lock";
    const lockPath = await lockPathFor(options.sessionFile);
    const lock = basename(lockPath);
    const startMs = clock.nowMs();
    let attempts = 0;
    let waits = 0;
    let fastRetries = 0;
    let reported = false;
    let last: Contention = { text: "", owner: "unknown", reasons: [], reclaimable: false };
    for (;;) {
      attempts++;
      const payload = serializeLockPayload(lockPayloadFor(options.maxHoldMs));
      try {
        await fs.createExclusive(lockPath, payload);
        held.add(lockPath);
        malformedSeenAtMs.delete(lockPath);
        emit({ kind: "session.lock.acquire", lock, label, waitedMs: clock.nowMs() - startMs, attempts });
        return makeHandle(lockPath, label);
      } catch (error) {
        if (fsErrorCode(error) !== "EEXIST") throw error;
      }
      const found = await inspect(lockPath, options);
      // Vanished or reclaimed locks are retried at once, a bounded number of times (no busy loop).
      if (found === "gone") {
        if (++fastRetries <= MAX_FAST_RETRIES) continue;
      } else {
        last = found;
        if (found.reclaimable && (await reclaim(lockPath, found))) {
          emit({ kind: "session.lock.stale", lock, label, reasons: [...found.reasons], reclaimed: true });
          if (++fastRetries <= MAX_FAST_RETRIES) continue;
        }
      }
      if (found !== "gone" && found.reasons.length > 0 && !found.reclaimable && !reported) {
        reported = true;
        emit({ kind: "session.lock.stale", lock, label, reasons: [...found.reasons], reclaimed: false });
      }
      const elapsedMs = clock.nowMs() - startMs;
      if (elapsedMs >= options.timeoutMs) throw timeoutError(options, lockPath, elapsedMs, last);
      const backoffMs = Math.min(LOCK_RETRY_MAX_MS, LOCK_RETRY_MIN_MS * 2 ** Math.min(waits++, 10));
      await sleep(clock, Math.min(backoffMs, options.timeoutMs - elapsedMs), { label: `session lock retry ${lock}` });
    }
  }

  function lockPayloadFor(maxHoldMs: number): Record<string, unknown> {
    const starttime = processInfo.starttime(processInfo.pid);
    return {
      pid: processInfo.pid,
      createdAt: formatIsoUtc(clock.nowMs()),
      ...(starttime === undefined ? {} : { starttime }),
      maxHoldMs,
    };
  }

  /**
   * Removes a stale lock only if it still holds what was judged. A plain re-read then unlink races
   * another reclaimer: between the two, it may remove the same stale lock and take a fresh one,
   * which the unlink would then delete. So the lock is first moved aside with an atomic rename (of
   * two reclaimers only one moves any given file; the other gets ENOENT), and what was moved is
   * judged: the stale lock is deleted, a fresh one is put back (exclusively, never over a newer lock).
   */
  async function reclaim(path: string, judged: Contention): Promise<boolean> {
    try {
      if ((await fs.readFile(path)) !== judged.text) return false;
    } catch (error) {
      if (fsErrorCode(error) === "ENOENT") return false;
      throw error;
    }
    const aside = `${path}.reclaim-${processInfo.pid}-${++reclaims}`;
    try {
      await fs.rename(path, aside);
    } catch (error) {
      if (fsErrorCode(error) === "ENOENT") return false;
      throw error;
    }
    const moved = await fs.readFile(aside);
    if (moved !== judged.text) {
      try {
        await fs.createExclusive(path, moved);
      } catch (error) {
        if (fsErrorCode(error) !== "EEXIST") throw error;
      }
      emit({ kind: "session.lock.reclaim-raced", lock: basename(path) });
    }
    await fs.unlink(aside);
    return moved === judged.text;
  }

  function timeoutError(options: AcquireWriteLockOptions, lockPath: string, elapsedMs: number, last: Contention): Error {
    const lock = basename(lockPath);
    emit({ kind: "session.lock.timeout", lock, label: options.label ?? "lock", timeoutMs: options.timeoutMs, elapsedMs, owner: last.owner });
    if (last.reasons.length > 0) {
      return new SessionWriteLockStaleError({ lockPath, timeoutMs: options.timeoutMs, staleReasons: last.reasons });
    }
    return new SessionWriteLockTimeoutError({ lockPath, timeoutMs: options.timeoutMs, elapsedMs, owner: last.owner });
  }

  return { acquire, lockPathFor, heldPaths: () => [...held] };
}
