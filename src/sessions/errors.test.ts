import { describe, expect, it } from "vitest";
import {
  EmbeddedAttemptSessionTakeoverError,
  isSessionWriteLockAcquireError,
  SESSION_WRITE_LOCK_STALE,
  SESSION_WRITE_LOCK_TIMEOUT,
  SessionFileOwnerTimeoutError,
  SessionWriteLockStaleError,
  SessionWriteLockTimeoutError,
} from "./errors.ts";

describe("session errors", () => {
  it("the lock timeout error has its name, code and message", () => {
    const error = new SessionWriteLockTimeoutError({ lockPath: "/d/s.jsonl.lock", timeoutMs: 25, elapsedMs: 25, owner: "unknown" });
    expect(SESSION_WRITE_LOCK_TIMEOUT).toBe("OPENCLAW_SESSION_WRITE_LOCK_TIMEOUT");
    expect(error.name).toBe("SessionWriteLockTimeoutError");
    expect(error.code).toBe("OPENCLAW_SESSION_WRITE_LOCK_TIMEOUT");
    expect(error.message).toBe("session file locked (timeout 25ms): unknown /d/s.jsonl.lock");
  });

  it("the stale lock error has its name, code and message", () => {
    const error = new SessionWriteLockStaleError({ lockPath: "/d/s.jsonl.lock", timeoutMs: 200, staleReasons: ["too-old", "hold-exceeded"] });
    expect(SESSION_WRITE_LOCK_STALE).toBe("OPENCLAW_SESSION_WRITE_LOCK_STALE");
    expect(error.name).toBe("SessionWriteLockStaleError");
    expect(error.code).toBe("OPENCLAW_SESSION_WRITE_LOCK_STALE");
    expect(error.message).toBe(
      "session file lock is stale (too-old, hold-exceeded) and was not reclaimed within 200ms: /d/s.jsonl.lock; remove it by hand if its holder is gone",
    );
  });

  it("isSessionWriteLockAcquireError accepts only the two lock acquire errors", () => {
    expect(isSessionWriteLockAcquireError(new SessionWriteLockTimeoutError({ lockPath: "/l", timeoutMs: 1, elapsedMs: 1, owner: "unknown" }))).toBe(true);
    expect(isSessionWriteLockAcquireError(new SessionWriteLockStaleError({ lockPath: "/l", timeoutMs: 1, staleReasons: ["too-old"] }))).toBe(true);
    expect(isSessionWriteLockAcquireError(new Error("other"))).toBe(false);
    expect(isSessionWriteLockAcquireError(new SessionFileOwnerTimeoutError("/s", 1))).toBe(false);
    expect(isSessionWriteLockAcquireError(undefined)).toBe(false);
  });

  it("the takeover error has its name, message and optional cause", () => {
    const cause = new Error("lock");
    const error = new EmbeddedAttemptSessionTakeoverError("/d/s.jsonl", "size 7→16", { cause });
    expect(error.name).toBe("EmbeddedAttemptSessionTakeoverError");
    expect(error.message).toBe("session file changed while embedded prompt lock was released: /d/s.jsonl (size 7→16)");
    expect(error.cause).toBe(cause);
  });

  it("the owner timeout error has its name and message", () => {
    const error = new SessionFileOwnerTimeoutError("/d/s.jsonl", 5_000);
    expect(error.name).toBe("SessionFileOwnerTimeoutError");
    expect(error.message).toBe("timed out waiting for embedded session file owner after 5000ms: /d/s.jsonl");
    expect(error.timeoutMs).toBe(5_000);
  });
});
