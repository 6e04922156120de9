/** The sessions module's named errors. Each carries the context a reader needs and a stable code. */
import type { StaleReason } from "./lock-payload.ts";

export const SESSION_WRITE_LOCK_TIMEOUT = "OPENCLAW_SESSION_WRITE_LOCK_TIMEOUT";
export const SESSION_WRITE_LOCK_STALE = "OPENCLAW_SESSION_WRITE_LOCK_STALE";

/** The write lock could not be acquired within its timeout. */
export class SessionWriteLockTimeoutError extends Error {
  override readonly name = "SessionWriteLockTimeoutError";
  readonly code = SESSION_WRITE_LOCK_TIMEOUT;
  constructor(
    readonly details: {
      readonly lockPath: string;
      readonly timeoutMs: number;
      readonly elapsedMs: number;
      /** `pid=<p> alive=<bool> ageMs=<n>` or `unknown`. */
      readonly owner: string;
    },
  ) {
    super(`session file locked (timeout ${details.timeoutMs}ms): ${details.owner} ${details.lockPath}`);
  }
}

/** The lock is held by a holder judged stale for reasons that are only reported, never reclaimed. */
export class SessionWriteLockStaleError extends Error {
  override readonly name = "SessionWriteLockStaleError";
  readonly code = SESSION_WRITE_LOCK_STALE;
  constructor(
    readonly details: {
      readonly lockPath: string;
      readonly timeoutMs: number;
      readonly staleReasons: readonly StaleReason[];
    },
  ) {
    super(
      `session file lock is stale (${details.staleReasons.join(", ")}) and was not reclaimed within ${details.timeoutMs}ms: ${details.lockPath}; ` +
        "remove it by hand if its holder is gone",
    );
  }
}

export function isSessionWriteLockAcquireError(error: unknown): error is SessionWriteLockTimeoutError | SessionWriteLockStaleError {
  return error instanceof SessionWriteLockTimeoutError || error instanceof SessionWriteLockStaleError;
}

/** The session file changed while this attempt's lock was released: another writer owns it now. */
export class EmbeddedAttemptSessionTakeoverError extends Error {
  override readonly name = "EmbeddedAttemptSessionTakeoverError";
  constructor(
    readonly sessionFile: string,
    readonly detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`session file changed while embedded prompt lock was released: ${sessionFile} (${detail})`, options);
  }
}

/** Waiting for the session-file owner took longer than the total timeout. */
export class SessionFileOwnerTimeoutError extends Error {
  override readonly name = "SessionFileOwnerTimeoutError";
  constructor(
    readonly sessionFile: string,
    readonly timeoutMs: number,
  ) {
    super(`timed out waiting for embedded session file owner after ${timeoutMs}ms: ${sessionFile}`);
  }
}
