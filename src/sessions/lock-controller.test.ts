import { appendFile, mkdtemp, readFile, realpath, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import { nodeFileSystem } from "../runtime/node-fs.ts";
import { EmbeddedAttemptSessionTakeoverError, SessionWriteLockTimeoutError } from "./errors.ts";
import { createAttemptLockController } from "./lock-controller.ts";
import { formatIsoUtc } from "./lock-payload.ts";
import { createProcessTable } from "./process-info.ts";
import { createTestDriver } from "./testing.ts";
import { createSessionWriteLockManager } from "./write-lock.ts";

const yieldMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe("attempt lock controller", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), "sessions-ctl-")));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function setup(options: { timeoutMs?: number } = {}) {
    const driver = createTestDriver({ fs: nodeFileSystem, yieldMacrotask });
    const processes = createProcessTable({ self: { pid: 100 } });
    const events: LifecycleEvent[] = [];
    const emit = (e: LifecycleEvent): void => void events.push(e);
    const locks = createSessionWriteLockManager({ fs: driver.fs, clock: driver.clock, processInfo: processes, emit });
    const file = join(dir, "s.jsonl");
    await writeFile(file, "line-0\n");
    const policy = { timeoutMs: options.timeoutMs ?? 1_000, staleMs: 1_800_000, maxHoldMs: 300_000 };
    const controller = await driver.run(createAttemptLockController({ locks, fs: driver.fs, emit, sessionFile: file, policy }));
    return { driver, processes, events, locks, file, controller, lockPath: `${file}.lock` };
  }

  it("holds the lock at preparation, releases it for the prompt and reacquires it after", async () => {
    const { driver, controller, lockPath } = await setup();
    expect(await exists(lockPath)).toBe(true);
    await driver.run(controller.releaseForPrompt());
    expect(await exists(lockPath)).toBe(false);
    expect(controller.state).toBe("released");
    await driver.run(controller.reacquireAfterPrompt());
    expect(await exists(lockPath)).toBe(true);
    expect(controller.hasSessionTakeover()).toBe(false);
  });

  it("lets its own writes during the release advance the fence", async () => {
    const { driver, controller, file, lockPath } = await setup();
    await driver.run(controller.releaseForPrompt());
    await driver.run(controller.withSessionWriteLock(() => driver.fs.appendFile(file, "own\n")));
    expect(await exists(lockPath)).toBe(false);
    await driver.run(controller.reacquireAfterPrompt());
    expect(controller.hasSessionTakeover()).toBe(false);
  });

  it("detects an external append during the release as a takeover and makes cleanup a no-op", async () => {
    const { driver, controller, file, lockPath, events } = await setup();
    await driver.run(controller.releaseForPrompt());
    await appendFile(file, "external\n");
    const error = await driver.run(controller.reacquireAfterPrompt().catch((e: unknown) => e));
    expect(error).toBeInstanceOf(EmbeddedAttemptSessionTakeoverError);
    expect(controller.hasSessionTakeover()).toBe(true);
    expect(await exists(lockPath)).toBe(false);
    await expect(driver.run(controller.withSessionWriteLock(() => driver.fs.appendFile(file, "late\n")))).rejects.toBeInstanceOf(
      EmbeddedAttemptSessionTakeoverError,
    );
    const cleanup = await driver.run(controller.acquireForCleanup());
    expect(cleanup.noop).toBe(true);
    expect(await exists(lockPath)).toBe(false);
    expect(events.filter((e) => e.kind === "session.takeover")).toEqual([
      expect.objectContaining({ phase: "post-prompt", detail: "size 7→16" }),
    ]);
  });

  it("treats a lock timeout on reacquire as a takeover", async () => {
    const { driver, controller, lockPath, processes } = await setup({ timeoutMs: 100 });
    await driver.run(controller.releaseForPrompt());
    processes.spawn({ pid: 200 });
    await writeFile(lockPath, JSON.stringify({ pid: 200, createdAt: formatIsoUtc(driver.clock.nowMs()), maxHoldMs: 300_000 }));
    await expect(driver.run(controller.reacquireAfterPrompt())).rejects.toBeInstanceOf(EmbeddedAttemptSessionTakeoverError);
    expect((await driver.run(controller.acquireForCleanup())).noop).toBe(true);
    expect(await exists(lockPath)).toBe(true);
  });

  it("catches an edit made while the lock is nominally held at the next write", async () => {
    const { driver, controller, file } = await setup();
    await driver.run(controller.releaseForPrompt());
    await driver.run(controller.reacquireAfterPrompt());
    await writeFile(file, "rewritten by someone else\n");
    await expect(driver.run(controller.withSessionWriteLock(() => driver.fs.appendFile(file, "mine\n")))).rejects.toBeInstanceOf(
      EmbeddedAttemptSessionTakeoverError,
    );
    expect((await driver.run(controller.acquireForCleanup())).noop).toBe(true);
  });

  it("hands cleanup a real lock when nothing changed, and dispose is idempotent", async () => {
    const { driver, controller, lockPath } = await setup();
    await driver.run(controller.releaseForPrompt());
    const cleanup = await driver.run(controller.acquireForCleanup());
    expect(cleanup.noop).toBe(false);
    expect(await exists(lockPath)).toBe(true);
    await driver.run(cleanup.release());
    expect(await exists(lockPath)).toBe(false);
    await driver.run(controller.dispose());
    await driver.run(controller.dispose());
    expect(controller.state).toBe("disposed");
  });
  it("makes cleanup a no-op, without a lock, when the takeover is first seen at cleanup", async () => {
    const { driver, controller, file, lockPath, events } = await setup();
    await driver.run(controller.releaseForPrompt());
    await appendFile(file, "external\n");
    const cleanup = await driver.run(controller.acquireForCleanup());
    expect(cleanup.noop).toBe(true);
    expect(controller.hasSessionTakeover()).toBe(true);
    expect(await exists(lockPath)).toBe(false);
    expect(events.filter((e) => e.kind === "session.takeover")).toEqual([expect.objectContaining({ phase: "cleanup", detail: "size 7→16" })]);
  });

  it("makes cleanup a no-op when the lock cannot be taken back for it", async () => {
    const { driver, controller, lockPath, processes } = await setup({ timeoutMs: 100 });
    await driver.run(controller.releaseForPrompt());
    processes.spawn({ pid: 200 });
    const theirs = JSON.stringify({ pid: 200, createdAt: formatIsoUtc(driver.clock.nowMs()), maxHoldMs: 300_000 });
    await writeFile(lockPath, theirs);
    const cleanup = await driver.run(controller.acquireForCleanup());
    expect(cleanup.noop).toBe(true);
    await driver.run(cleanup.release());
    expect(await readFile(lockPath, "utf8")).toBe(theirs);
  });

  it("refuses every write queued after dispose, lets a write already queued finish, and leaves no lock", async () => {
    const { driver, controller, file, lockPath } = await setup();
    const written: string[] = [];
    const before = controller.withSessionWriteLock(async () => {
      await driver.fs.appendFile(file, "before\n");
      written.push("before");
    });
    const disposed = controller.dispose();
    const after = controller.withSessionWriteLock(async () => {
      await driver.fs.appendFile(file, "after\n");
      written.push("after");
    });
    await driver.run(before);
    await driver.run(disposed);
    await expect(driver.run(after)).rejects.toThrow(`attempt lock controller for ${file} is disposed`);
    expect(written).toEqual(["before"]);
    expect(await readFile(file, "utf8")).toBe("line-0\nbefore\n");
    expect(await exists(lockPath)).toBe(false);
    await expect(driver.run(controller.releaseForPrompt())).rejects.toThrow("is disposed");
    await expect(driver.run(controller.reacquireAfterPrompt())).rejects.toThrow("is disposed");
    const cleanup = await driver.run(controller.acquireForCleanup());
    expect(cleanup.noop).toBe(true);
    expect(await exists(lockPath)).toBe(false);
    expect(controller.state).toBe("disposed");
  });
});

describe("attempt lock controller: labels, takeover causes and no-op paths", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), "sessions-ctl-")));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function setup(options: { timeoutMs?: number; acquireFailure?: () => unknown } = {}) {
    const driver = createTestDriver({ fs: nodeFileSystem, yieldMacrotask });
    const processes = createProcessTable({ self: { pid: 100 } });
    const events: LifecycleEvent[] = [];
    const emit = (e: LifecycleEvent): void => void events.push(e);
    const real = createSessionWriteLockManager({ fs: driver.fs, clock: driver.clock, processInfo: processes, emit });
    let acquires = 0;
    const locks = {
      ...real,
      acquire: (o: Parameters<typeof real.acquire>[0]) =>
        ++acquires > 1 && options.acquireFailure !== undefined ? Promise.reject(options.acquireFailure()) : real.acquire(o),
    };
    const file = join(dir, "s.jsonl");
    await writeFile(file, "line-0\n");
    let stats = 0;
    const fs = { ...driver.fs, stat: (p: string) => (stats++, driver.fs.stat(p)) };
    const policy = { timeoutMs: options.timeoutMs ?? 1_000, staleMs: 1_800_000, maxHoldMs: 300_000 };
    const controller = await driver.run(createAttemptLockController({ locks, fs, emit, sessionFile: file, policy }));
    return { driver, processes, events, file, controller, lockPath: `${file}.lock`, stats: () => stats };
  }
  const ofKind = (events: LifecycleEvent[], kind: string) => events.filter((e) => e.kind === kind);

  it("labels its locks and events with the default owner `attempt` and the phase", async () => {
    const { driver, controller, events, file } = await setup();
    await driver.run(controller.releaseForPrompt());
    await driver.run(controller.withSessionWriteLock(() => driver.fs.appendFile(file, "own\n")));
    const cleanup = await driver.run(controller.acquireForCleanup());
    await driver.run(cleanup.release());
    expect(ofKind(events, "session.lock.acquire").map((e) => ("label" in e ? e.label : undefined))).toEqual(["attempt:prep", "attempt:write", "attempt:cleanup"]);
    expect(ofKind(events, "session.prompt.release")).toEqual([{ kind: "session.prompt.release", file: "s.jsonl", owner: "attempt", size: 7 }]);
  });

  it("a second releaseForPrompt keeps the first fence (an edit in between is still a takeover)", async () => {
    const { driver, controller, events, file } = await setup();
    await driver.run(controller.releaseForPrompt());
    await appendFile(file, "external\n");
    await driver.run(controller.releaseForPrompt());
    expect(ofKind(events, "session.prompt.release")).toHaveLength(1);
    await expect(driver.run(controller.reacquireAfterPrompt())).rejects.toBeInstanceOf(EmbeddedAttemptSessionTakeoverError);
  });

  it("reacquireAfterPrompt while the lock is held does nothing", async () => {
    const { driver, controller, events } = await setup();
    await driver.run(controller.reacquireAfterPrompt());
    expect(ofKind(events, "session.prompt.reacquire")).toEqual([]);
    expect(controller.state).toBe("held");
  });

  it("a write before any prompt release takes no fingerprint (there is no fence yet)", async () => {
    const { driver, controller, file, stats } = await setup();
    await driver.run(controller.withSessionWriteLock(() => driver.fs.appendFile(file, "own\n")));
    expect(stats()).toBe(0);
  });

  it("a fence mismatch at a write is a takeover in phase `write`, with no cause", async () => {
    const { driver, controller, file, events } = await setup();
    await driver.run(controller.releaseForPrompt());
    await driver.run(controller.reacquireAfterPrompt());
    await writeFile(file, "rewritten by someone else\n");
    const error = await driver.run(controller.withSessionWriteLock(() => Promise.resolve()).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(EmbeddedAttemptSessionTakeoverError);
    expect("cause" in (error as Error)).toBe(false);
    expect(ofKind(events, "session.takeover")).toEqual([expect.objectContaining({ phase: "write" })]);
  });

  it("a lock timeout on reacquire is a takeover whose cause is the lock error, named in the detail", async () => {
    const { driver, controller, lockPath, processes, events, file } = await setup({ timeoutMs: 100 });
    await driver.run(controller.releaseForPrompt());
    processes.spawn({ pid: 200 });
    await writeFile(lockPath, JSON.stringify({ pid: 200, createdAt: formatIsoUtc(driver.clock.nowMs()), maxHoldMs: 300_000 }));
    const error = (await driver.run(controller.reacquireAfterPrompt().catch((e: unknown) => e))) as EmbeddedAttemptSessionTakeoverError;
    expect(error.cause).toBeInstanceOf(SessionWriteLockTimeoutError);
    expect(error.detail).toBe("lock not reacquired: SessionWriteLockTimeoutError");
    expect(error.message).toBe(`session file changed while embedded prompt lock was released: ${file} (lock not reacquired: SessionWriteLockTimeoutError)`);
    expect(ofKind(events, "session.takeover")).toEqual([
      { kind: "session.takeover", file: "s.jsonl", owner: "attempt", phase: "post-prompt", detail: "lock not reacquired: SessionWriteLockTimeoutError" },
    ]);
  });

  it("a non-Error acquire failure is named `error` in the takeover detail", async () => {
    const { driver, controller } = await setup({ acquireFailure: () => "boom" });
    await driver.run(controller.releaseForPrompt());
    const error = (await driver.run(controller.reacquireAfterPrompt().catch((e: unknown) => e))) as EmbeddedAttemptSessionTakeoverError;
    expect(error.detail).toBe("lock not reacquired: error");
    expect(error.cause).toBe("boom");
  });
});
