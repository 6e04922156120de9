/**
 * Attempt lock controller: the coarse write lock is taken at preparation, released before model
 * I/O (recording the file's fence) and taken again right after the model returns. Every write
 * checks the fence under the lock; own writes refresh it. A mismatch, or a lock timeout while
 * reacquiring, marks a takeover: every later write throws and cleanup becomes a no-op, so the
 * loser never writes over the winner.
 */
import { basename } from "node:path";
import type { EventSink } from "../runtime/events.ts";
import type { FileSystem } from "../runtime/fs.ts";
import { EmbeddedAttemptSessionTakeoverError } from "./errors.ts";
import { describeFenceMismatch, fingerprintFile, fingerprintsMatch, type FenceCheck, type FileFingerprint } from "./fence.ts";
import type { SessionWriteLockPolicy } from "./lock-policy.ts";
import type { SessionWriteLock, SessionWriteLockManager } from "./write-lock.ts";

export type LockControllerState = "held" | "released" | "disposed";

export interface CleanupLock {
  /** True after a takeover: cleanup must not write. */
  readonly noop: boolean;
  release(): Promise<void>;
}

export interface AttemptLockController {
  readonly state: LockControllerState;
  hasSessionTakeover(): boolean;
  /** Records the fence and releases the lock before model I/O. */
  releaseForPrompt(): Promise<void>;
  /** Takes the lock again right after the model returns; throws on takeover. */
  reacquireAfterPrompt(): Promise<void>;
  /** Runs a transcript write under the lock with the fence checked; calls are serialized. */
  withSessionWriteLock<T>(write: () => Promise<T>): Promise<T>;
  acquireForCleanup(): Promise<CleanupLock>;
  /** Releases whatever is held. Idempotent. */
  dispose(): Promise<void>;
}

export interface LockControllerDeps {
  readonly locks: SessionWriteLockManager;
  readonly fs: FileSystem;
  readonly emit: EventSink;
  readonly sessionFile: string;
  readonly policy: SessionWriteLockPolicy;
  readonly fenceCheck?: FenceCheck;
  /** Who owns this controller, for traces. */
  readonly label?: string;
}

export type CreateLockController = (deps: LockControllerDeps) => Promise<AttemptLockController>;

export const createAttemptLockController: CreateLockController = async (deps) => {
  const { locks, fs, emit, sessionFile, policy } = deps;
  const fenceCheck = deps.fenceCheck ?? fingerprintsMatch;
  const owner = deps.label ?? "attempt";
  const file = basename(sessionFile);
  let state: LockControllerState = "held";
  let lock: SessionWriteLock | undefined = await take("prep");
  let fence: FileFingerprint | undefined;
  let takeover: EmbeddedAttemptSessionTakeoverError | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  function take(phase: string): Promise<SessionWriteLock> {
    return locks.acquire({ sessionFile, timeoutMs: policy.timeoutMs, staleMs: policy.staleMs, maxHoldMs: policy.maxHoldMs, label: `${owner}:${phase}` });
  }

  function markTakeover(phase: string, detail: string, cause?: unknown): EmbeddedAttemptSessionTakeoverError {
    takeover ??= new EmbeddedAttemptSessionTakeoverError(sessionFile, detail, cause === undefined ? undefined : { cause });
    emit({ kind: "session.takeover", file, owner, phase, detail });
    return takeover;
  }

  /** Takes the lock if not held; a timeout is a takeover (someone else owns the file now). */
  async function ensureLock(phase: string): Promise<SessionWriteLock> {
    if (lock !== undefined) return lock;
    try {
      lock = await take(phase);
    } catch (error) {
      throw markTakeover(phase, `lock not reacquired: ${error instanceof Error ? error.name : "error"}`, error);
    }
    return lock;
  }

  /** Under the lock: compares the file with the fence; on mismatch releases and marks takeover. */
  async function assertFence(phase: string): Promise<void> {
    if (fence === undefined) return;
    const current = await fingerprintFile(fs, sessionFile);
    if (fenceCheck(fence, current)) return;
    await releaseLock();
    throw markTakeover(phase, describeFenceMismatch(fence, current));
  }

  async function releaseLock(): Promise<void> {
    const held = lock;
    lock = undefined;
    if (held !== undefined) await held.release();
  }

  function serial<T>(op: () => Promise<T>): Promise<T> {
    const run = chain.then(op, op);
    chain = run.catch(() => undefined);
    return run;
  }

  function guard(): void {
    if (takeover !== undefined) throw takeover;
    if (state === "disposed") throw new Error(`attempt lock controller for ${sessionFile} is disposed`);
  }

  return {
    get state() {
      return state;
    },
    hasSessionTakeover: () => takeover !== undefined,
    releaseForPrompt: () =>
      serial(async () => {
        guard();
        if (lock === undefined) return;
        fence = await fingerprintFile(fs, sessionFile);
        emit({ kind: "session.prompt.release", file, owner, size: Number(fence.size) });
        await releaseLock();
        state = "released";
      }),
    reacquireAfterPrompt: () =>
      serial(async () => {
        guard();
        if (state !== "released") return;
        await ensureLock("post-prompt");
        await assertFence("post-prompt");
        state = "held";
        emit({ kind: "session.prompt.reacquire", file, owner });
      }),
    withSessionWriteLock: <T>(write: () => Promise<T>) =>
      serial(async () => {
        guard();
        const short = lock === undefined;
        await ensureLock("write");
        try {
          await assertFence("write");
          const result = await write();
          if (fence !== undefined) fence = await fingerprintFile(fs, sessionFile);
          return result;
        } finally {
          if (short) await releaseLock();
        }
      }),
    acquireForCleanup: () =>
      serial(async (): Promise<CleanupLock> => {
        const noop: CleanupLock = { noop: true, release: () => Promise.resolve() };
        if (takeover !== undefined || state === "disposed") return noop;
        try {
          await ensureLock("cleanup");
          await assertFence("cleanup");
        } catch {
          return noop;
        }
        state = "held";
        return { noop: false, release: () => serial(releaseLock) };
      }),
    dispose: () =>
      serial(async () => {
        if (state === "disposed") return;
        state = "disposed";
        await releaseLock();
      }),
  };
};
