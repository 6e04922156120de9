import { mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import type { FileSystem } from "../runtime/fs.ts";
import { nodeFileSystem } from "../runtime/node-fs.ts";
import { SESSION_WRITE_LOCK_TIMEOUT, SessionWriteLockStaleError, SessionWriteLockTimeoutError } from "./errors.ts";
import { formatIsoUtc } from "./lock-payload.ts";
import { createProcessTable } from "./process-info.ts";
import { createTestDriver } from "./testing.ts";
import { createSessionWriteLockManager } from "./write-lock.ts";

const T0 = Date.UTC(2026, 0, 1);
const yieldMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const policy = { timeoutMs: 60_000, staleMs: 1_800_000, maxHoldMs: 300_000 };

describe("session write lock", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), "sessions-lock-")));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function setup(fs: FileSystem = nodeFileSystem) {
    const driver = createTestDriver({ fs, yieldMacrotask, startMs: T0 });
    const processes = createProcessTable({ self: { pid: 100, starttime: 11 } });
    const events: LifecycleEvent[] = [];
    const locks = createSessionWriteLockManager({ fs: driver.fs, clock: driver.clock, processInfo: processes, emit: (e) => events.push(e) });
    return { driver, processes, events, locks, file: join(dir, "s.jsonl") };
  }

  it("creates <realpath dir>/<basename>.lock with the pid, createdAt, starttime and maxHoldMs", async () => {
    const { driver, locks, file } = setup();
    const lock = await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    expect(lock.lockPath).toBe(`${file}.lock`);
    expect(JSON.parse(await readFile(lock.lockPath, "utf8"))).toEqual({
      pid: 100,
      createdAt: "2026-01-01T00:00:00.000Z",
      starttime: 11,
      maxHoldMs: 300_000,
    });
    await driver.run(lock.release());
    await driver.run(lock.release());
    await expect(stat(lock.lockPath)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("shares one lock path through a symlinked directory but not through a symlinked file", async () => {
    const { driver, locks, file } = setup();
    await mkdir(join(dir, "sub"));
    await symlink(join(dir, "sub"), join(dir, "alias"));
    await symlink(file, join(dir, "link.jsonl"));
    expect(await driver.run(locks.lockPathFor(join(dir, "alias", "t.jsonl")))).toBe(join(dir, "sub", "t.jsonl.lock"));
    expect(await driver.run(locks.lockPathFor(join(dir, "link.jsonl")))).toBe(join(dir, "link.jsonl.lock"));
  });

  it("is not reentrant: a second same-process acquire times out with the upstream message and code", async () => {
    const { driver, locks, file } = setup();
    await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    const error = await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 25 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(SessionWriteLockTimeoutError);
    const timeout = error as SessionWriteLockTimeoutError;
    expect(timeout.code).toBe(SESSION_WRITE_LOCK_TIMEOUT);
    expect(timeout.message).toMatch(/^session file locked \(timeout 25ms\): pid=100 alive=true ageMs=25 /);
    expect(timeout.details.elapsedMs).toBe(25);
    expect(driver.clock.nowMs() - T0).toBe(25);
  });

  it("backs off 50 → 1000 ms between retries, bounded by the timeout", async () => {
    const { driver, locks, file, processes } = setup();
    processes.spawn({ pid: 200, starttime: 5 });
    await writeFile(`${file}.lock`, JSON.stringify({ pid: 200, createdAt: formatIsoUtc(T0), starttime: 5, maxHoldMs: 300_000 }));
    const retriesAt: number[] = [];
    const original = driver.clock.setTimer.bind(driver.clock);
    driver.clock.setTimer = (delayMs, fn, options) => (retriesAt.push(delayMs), original(delayMs, fn, options));
    await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 3_000 }).catch(() => undefined));
    expect(retriesAt).toEqual([50, 100, 200, 400, 800, 1000, 450]);
  });

  it("reclaims a lock whose pid is dead and reports the reason", async () => {
    const { driver, locks, file, events } = setup();
    await writeFile(`${file}.lock`, JSON.stringify({ pid: 4242, createdAt: formatIsoUtc(T0), maxHoldMs: 300_000 }));
    const lock = await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    expect(driver.clock.nowMs()).toBe(T0);
    expect(JSON.parse(await readFile(lock.lockPath, "utf8"))).toMatchObject({ pid: 100 });
    expect(events.filter((e) => e.kind === "session.lock.stale")).toEqual([
      expect.objectContaining({ reasons: ["dead-pid"], reclaimed: true }),
    ]);
  });

  it("reclaims a recycled pid (alive, but a different start time)", async () => {
    const { driver, locks, file, processes } = setup();
    processes.spawn({ pid: 300, starttime: 1 });
    processes.recycle(300, 2);
    await writeFile(`${file}.lock`, JSON.stringify({ pid: 300, createdAt: formatIsoUtc(T0), starttime: 1 }));
    await expect(driver.run(locks.acquire({ sessionFile: file, ...policy }))).resolves.toMatchObject({ lockPath: `${file}.lock` });
  });

  it("reports a hold-exceeded lock but never removes it", async () => {
    const { driver, locks, file, processes, events } = setup();
    processes.spawn({ pid: 200 });
    const payload = JSON.stringify({ pid: 200, createdAt: formatIsoUtc(T0 - 600_000), maxHoldMs: 300_000 });
    await writeFile(`${file}.lock`, payload);
    const error = await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 200 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(SessionWriteLockStaleError);
    expect((error as SessionWriteLockStaleError).details.staleReasons).toEqual(["hold-exceeded"]);
    expect(await readFile(`${file}.lock`, "utf8")).toBe(payload);
    expect(events.filter((e) => e.kind === "session.lock.stale")).toEqual([
      expect.objectContaining({ reasons: ["hold-exceeded"], reclaimed: false }),
    ]);
  });

  it("reclaims a malformed lock only after the short grace", async () => {
    const { driver, locks, file } = setup();
    await writeFile(`${file}.lock`, "");
    await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 20_000 }));
    expect(driver.clock.nowMs() - T0).toBeGreaterThanOrEqual(5_000);
    expect(driver.clock.nowMs() - T0).toBeLessThan(7_000);
  });
  it("two reclaimers of one stale lock: the slower never deletes the lock the faster one took", async () => {
    const { driver, file, processes, events } = setup();
    // Another process (pid 101, alive) reclaims the same dead-pid lock while this one is between its re-read and its removal.
    processes.spawn({ pid: 101, starttime: 3 });
    const fastDriver = createTestDriver({ fs: nodeFileSystem, yieldMacrotask, startMs: T0 });
    const fast = createSessionWriteLockManager({
      fs: fastDriver.fs,
      clock: fastDriver.clock,
      processInfo: createProcessTable({ self: { pid: 101, starttime: 3 } }),
      emit: () => {},
    });
    let openGate = (): void => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let gated = false;
    const slowFs = {
      ...driver.fs,
      rename: async (a: string, b: string) => {
        gated = true;
        await gate;
        return driver.fs.rename(a, b);
      },
    };
    const slowLocks = createSessionWriteLockManager({ fs: slowFs, clock: driver.clock, processInfo: processes, emit: (e) => events.push(e) });
    await writeFile(`${file}.lock`, JSON.stringify({ pid: 4242, createdAt: formatIsoUtc(T0), maxHoldMs: 300_000 }));
    const slowAcquire = slowLocks.acquire({ sessionFile: file, ...policy, timeoutMs: 200 }).catch((e: unknown) => e);
    await driver.settle();
    expect(gated).toBe(true);
    const fastLock = await fastDriver.run(fast.acquire({ sessionFile: file, ...policy }));
    const taken = await readFile(fastLock.lockPath, "utf8");
    expect(JSON.parse(taken)).toMatchObject({ pid: 101 });
    openGate();
    const error = await driver.run(slowAcquire);
    // The slow reclaimer moved the fresh lock aside, saw it was not the stale one, and put it back.
    expect(await readFile(fastLock.lockPath, "utf8")).toBe(taken);
    expect(events.filter((e) => e.kind === "session.lock.reclaim-raced")).toHaveLength(1);
    expect(error).toBeInstanceOf(SessionWriteLockTimeoutError);
    expect(await readdir(dir)).toEqual(["s.jsonl.lock"]);
  });

  it("a second release of a handle does not delete the lock another holder took since", async () => {
    const { driver, locks, file } = setup();
    const first = await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    await driver.run(first.release());
    const second = await driver.run(locks.acquire({ sessionFile: file, ...policy, label: "second" }));
    await driver.run(first.release());
    expect(JSON.parse(await readFile(second.lockPath, "utf8"))).toMatchObject({ pid: 100 });
    expect(locks.heldPaths()).toEqual([second.lockPath]);
    expect(second.released).toBe(false);
  });

  it("does not remove a stale lock that another reclaimer replaced after it was judged", async () => {
    let reads = 0;
    const live = JSON.stringify({ pid: 300, createdAt: formatIsoUtc(T0), starttime: 7, maxHoldMs: 300_000 });
    const racing: FileSystem = {
      ...nodeFileSystem,
      async readFile(path) {
        // The second read is reclaim's compare: by then another process has reclaimed the dead
        // lock and written its own.
        if (path.endsWith(".lock") && ++reads === 2) await nodeFileSystem.writeFile(path, live);
        return nodeFileSystem.readFile(path);
      },
    };
    const { driver, locks, file, processes, events } = setup(racing);
    processes.spawn({ pid: 300, starttime: 7 });
    await writeFile(`${file}.lock`, JSON.stringify({ pid: 4242, createdAt: formatIsoUtc(T0), maxHoldMs: 300_000 }));
    const error = await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(SessionWriteLockTimeoutError);
    expect(await readFile(`${file}.lock`, "utf8")).toBe(live);
    expect(events.filter((e) => e.kind === "session.lock.stale")).toEqual([]);
  });

  it("retries a vanishing lock at once only a bounded number of times, then backs off until the timeout", async () => {
    let creates = 0;
    const vanishing: FileSystem = {
      ...nodeFileSystem,
      createExclusive() {
        if (++creates > 100) return Promise.reject(new Error("busy loop: 100 attempts without a wait"));
        return Promise.reject(Object.assign(new Error("EEXIST: file already exists"), { code: "EEXIST" }));
      },
      readFile: (path) => (path.endsWith(".lock") ? Promise.reject(Object.assign(new Error("ENOENT"), { code: "ENOENT" })) : nodeFileSystem.readFile(path)),
    };
    const { driver, locks, file } = setup(vanishing);
    const error = await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 200 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(SessionWriteLockTimeoutError);
    // 1 attempt + 8 immediate retries, then one attempt after each of the 50, 100 and 50 ms waits.
    expect(creates).toBe(12);
    expect(driver.clock.nowMs() - T0).toBe(200);
  });
  it("retries a reclaimed lock that keeps coming back only a bounded number of times", async () => {
    let creates = 0;
    const dead = JSON.stringify({ pid: 4242, createdAt: formatIsoUtc(T0), maxHoldMs: 300_000 });
    // Another process recreates a dead-pid lock as fast as this one reclaims it.
    const recurring: FileSystem = {
      ...nodeFileSystem,
      createExclusive() {
        if (++creates > 100) return Promise.reject(new Error("busy loop: 100 attempts without a wait"));
        return Promise.reject(Object.assign(new Error("EEXIST: file already exists"), { code: "EEXIST" }));
      },
      // The lock and the copy a reclaim moves aside (`<lock>.reclaim-…`) both hold the dead payload.
      readFile: (path) => (path.includes(".lock") ? Promise.resolve(dead) : nodeFileSystem.readFile(path)),
      rename: (from, to) => (from.includes(".lock") ? Promise.resolve() : nodeFileSystem.rename(from, to)),
      unlink: (path) => (path.includes(".lock") ? Promise.resolve() : nodeFileSystem.unlink(path)),
    };
    const { driver, locks, file } = setup(recurring);
    const error = await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 200 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(SessionWriteLockStaleError);
    expect(creates).toBe(12);
  });
});

describe("session write lock: error paths, events and bounds", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), "sessions-lock-")));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const fsError = (code: string): Error => Object.assign(new Error(`${code}: injected`), { code });
  const live = (pid: number): string => JSON.stringify({ pid, createdAt: formatIsoUtc(T0), maxHoldMs: 300_000 });
  const dead = JSON.stringify({ pid: 4242, createdAt: formatIsoUtc(T0), maxHoldMs: 300_000 });

  function setup(fs: FileSystem = nodeFileSystem, extra: { isRemovable?: () => boolean } = {}) {
    const driver = createTestDriver({ fs, yieldMacrotask, startMs: T0 });
    const processes = createProcessTable({ self: { pid: 100, starttime: 11 } });
    processes.spawn({ pid: 200 });
    const events: LifecycleEvent[] = [];
    const locks = createSessionWriteLockManager({ fs: driver.fs, clock: driver.clock, processInfo: processes, emit: (e) => events.push(e), ...extra });
    const file = join(dir, "s.jsonl");
    return { driver, processes, events, locks, file, lockPath: `${file}.lock` };
  }
  const ofKind = (events: LifecycleEvent[], kind: string) => events.filter((e) => e.kind === kind);

  it("emits acquire (default label, attempts) and release (heldMs) events exactly", async () => {
    const { driver, locks, file, lockPath, events } = setup();
    await writeFile(lockPath, dead);
    const lock = await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    driver.clock.advance(1_234);
    await driver.run(lock.release());
    expect(events).toEqual([
      { kind: "session.lock.stale", lock: "s.jsonl.lock", label: "lock", reasons: ["dead-pid"], reclaimed: true },
      { kind: "session.lock.acquire", lock: "s.jsonl.lock", label: "lock", waitedMs: 0, attempts: 2 },
      { kind: "session.lock.release", lock: "s.jsonl.lock", label: "lock", heldMs: 1_234 },
    ]);
  });

  it("a live holder is not reported stale; the retry timer is labelled; the timeout event is exact", async () => {
    const { driver, locks, file, lockPath, events } = setup();
    await writeFile(lockPath, live(200));
    const pending = locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }).catch((e: unknown) => e);
    await driver.settle();
    expect(driver.clock.pendingLabels()).toEqual(["session lock retry s.jsonl.lock"]);
    const error = await driver.run(pending);
    expect(error).toBeInstanceOf(SessionWriteLockTimeoutError);
    expect(ofKind(events, "session.lock.stale")).toEqual([]);
    expect(events).toEqual([
      { kind: "session.lock.timeout", lock: "s.jsonl.lock", label: "lock", timeoutMs: 100, elapsedMs: 100, owner: "pid=200 alive=true ageMs=100" },
    ]);
  });

  it("the timeout event carries the caller's label", async () => {
    const { driver, locks, file, lockPath, events } = setup();
    await writeFile(lockPath, live(200));
    await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 50, label: "probe" }).catch(() => undefined));
    expect(ofKind(events, "session.lock.timeout")).toEqual([
      expect.objectContaining({ lock: "s.jsonl.lock", label: "probe" }),
    ]);
  });

  it("owner is `unknown` when the lock has no pid, and ageMs=unknown when it has no createdAt", async () => {
    const a = setup(nodeFileSystem, { isRemovable: () => false });
    await writeFile(a.lockPath, JSON.stringify({ createdAt: formatIsoUtc(T0) }));
    const e1 = await a.driver.run(a.locks.acquire({ sessionFile: a.file, ...policy, timeoutMs: 50 }).catch((e: unknown) => e));
    expect(e1).toBeInstanceOf(SessionWriteLockStaleError);
    expect(ofKind(a.events, "session.lock.timeout")).toEqual([expect.objectContaining({ owner: "unknown" })]);
    await writeFile(a.lockPath, JSON.stringify({ pid: 200 }));
    const b = setup(nodeFileSystem, { isRemovable: () => false });
    await b.driver.run(b.locks.acquire({ sessionFile: b.file, ...policy, timeoutMs: 50 }).catch(() => undefined));
    expect(ofKind(b.events, "session.lock.timeout")).toEqual([expect.objectContaining({ owner: "pid=200 alive=true ageMs=unknown" })]);
  });

  it("a lock that always vanishes times out with owner `unknown`", async () => {
    const vanishing: FileSystem = {
      ...nodeFileSystem,
      createExclusive: () => Promise.reject(fsError("EEXIST")),
      readFile: (path) => (path.endsWith(".lock") ? Promise.reject(fsError("ENOENT")) : nodeFileSystem.readFile(path)),
    };
    const { driver, locks, file } = setup(vanishing);
    const error = await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(SessionWriteLockTimeoutError);
    expect((error as SessionWriteLockTimeoutError).details.owner).toBe("unknown");
  });

  it("a malformed lock: owner `unknown`, reclaimed with reason malformed-payload", async () => {
    const { driver, locks, file, lockPath } = setup();
    await writeFile(lockPath, "{");
    const error = await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }).catch((e: unknown) => e));
    expect((error as SessionWriteLockTimeoutError).details.owner).toBe("unknown");
    const c = setup();
    await c.driver.run(c.locks.acquire({ sessionFile: c.file, ...policy, timeoutMs: 20_000 }));
    expect(ofKind(c.events, "session.lock.stale")).toEqual([expect.objectContaining({ reasons: ["malformed-payload"], reclaimed: true })]);
  });

  it("a malformed lock under a timeout of 30 s or more gets the long grace, reclaimed at exactly 30 s", async () => {
    const { driver, locks, file, lockPath } = setup();
    await writeFile(lockPath, "");
    await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 30_000 }));
    expect(driver.clock.nowMs() - T0).toBe(30_000);
  });

  it("rethrows a lock read error other than ENOENT", async () => {
    const failing: FileSystem = { ...nodeFileSystem, readFile: (p) => (p.endsWith(".lock") ? Promise.reject(fsError("EACCES")) : nodeFileSystem.readFile(p)) };
    const { driver, locks, file, lockPath } = setup(failing);
    await writeFile(lockPath, live(200));
    await expect(driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }))).rejects.toMatchObject({ code: "EACCES" });
  });

  it("rethrows a create error other than EEXIST", async () => {
    const failing: FileSystem = { ...nodeFileSystem, createExclusive: () => Promise.reject(fsError("EACCES")) };
    const { driver, locks, file } = setup(failing);
    await expect(driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }))).rejects.toMatchObject({ code: "EACCES" });
  });

  it("release tolerates a lock already gone (ENOENT) but rethrows other unlink errors", async () => {
    let unlinkError = "ENOENT";
    const fs: FileSystem = { ...nodeFileSystem, unlink: () => Promise.reject(fsError(unlinkError)) };
    const { driver, locks, file, events } = setup(fs);
    const lock = await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    await driver.run(lock.release());
    expect(lock.released).toBe(true);
    expect(ofKind(events, "session.lock.release")).toHaveLength(1);
    await rm(lock.lockPath);
    unlinkError = "EACCES";
    const other = await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    await expect(driver.run(other.release())).rejects.toMatchObject({ code: "EACCES" });
    expect(ofKind(events, "session.lock.release")).toHaveLength(1);
  });

  it("moves a stale lock aside to <lock>.reclaim-<pid>-<n>, counting up", async () => {
    const targets: string[] = [];
    const fs: FileSystem = { ...nodeFileSystem, rename: (a, b) => (targets.push(b), nodeFileSystem.rename(a, b)) };
    const { driver, locks, file, lockPath } = setup(fs);
    await writeFile(lockPath, dead);
    const first = await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    await driver.run(first.release());
    await writeFile(lockPath, dead);
    await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    expect(targets).toEqual([`${lockPath}.reclaim-100-1`, `${lockPath}.reclaim-100-2`]);
  });

  it("reclaim: the lock vanishing before its compare read is not a reclaim (retried after a wait)", async () => {
    let reads = 0;
    const fs: FileSystem = {
      ...nodeFileSystem,
      async readFile(path) {
        if (path.endsWith(".lock") && ++reads === 2) {
          await nodeFileSystem.unlink(path);
          throw fsError("ENOENT");
        }
        return nodeFileSystem.readFile(path);
      },
    };
    const { driver, locks, file, lockPath, events } = setup(fs);
    await writeFile(lockPath, dead);
    await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    expect(driver.clock.nowMs() - T0).toBe(50);
    expect(ofKind(events, "session.lock.stale")).toEqual([]);
  });

  it("reclaim: a compare read error other than ENOENT is rethrown", async () => {
    let reads = 0;
    const fs: FileSystem = {
      ...nodeFileSystem,
      readFile: (path) => (path.endsWith(".lock") && ++reads === 2 ? Promise.reject(fsError("EACCES")) : nodeFileSystem.readFile(path)),
    };
    const { driver, locks, file, lockPath } = setup(fs);
    await writeFile(lockPath, dead);
    await expect(driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }))).rejects.toMatchObject({ code: "EACCES" });
  });

  it("reclaim: the lock vanishing before the move aside is not a reclaim (retried after a wait)", async () => {
    let renames = 0;
    const fs: FileSystem = {
      ...nodeFileSystem,
      async rename(a, b) {
        if (++renames === 1) {
          await nodeFileSystem.unlink(a);
          throw fsError("ENOENT");
        }
        return nodeFileSystem.rename(a, b);
      },
    };
    const { driver, locks, file, lockPath, events } = setup(fs);
    await writeFile(lockPath, dead);
    await driver.run(locks.acquire({ sessionFile: file, ...policy }));
    expect(driver.clock.nowMs() - T0).toBe(50);
    expect(ofKind(events, "session.lock.stale")).toEqual([]);
  });

  it("reclaim: a move-aside error other than ENOENT is rethrown", async () => {
    const fs: FileSystem = { ...nodeFileSystem, rename: () => Promise.reject(fsError("EACCES")) };
    const { driver, locks, file, lockPath } = setup(fs);
    await writeFile(lockPath, dead);
    await expect(driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }))).rejects.toMatchObject({ code: "EACCES" });
  });

  function replacedBeforeMove(putBackError?: string): FileSystem {
    // Between the compare and the move another reclaimer replaced the stale lock (pid 200, live);
    // after the move yet another lock (pid 201) appears before this one can put pid 200's back.
    let renamed = false;
    return {
      ...nodeFileSystem,
      async rename(a, b) {
        if (!renamed) {
          renamed = true;
          await nodeFileSystem.writeFile(a, live(200));
          await nodeFileSystem.rename(a, b);
          if (putBackError === undefined) await nodeFileSystem.writeFile(a, live(201));
          return;
        }
        return nodeFileSystem.rename(a, b);
      },
      createExclusive: (p, c) => (renamed && putBackError !== undefined && c === live(200) ? Promise.reject(fsError(putBackError)) : nodeFileSystem.createExclusive(p, c)),
    };
  }

  it("reclaim race: a newer lock already in place (EEXIST) is kept, the moved one dropped, no reclaim reported", async () => {
    const { driver, locks, file, lockPath, events, processes } = setup(replacedBeforeMove());
    processes.spawn({ pid: 201 });
    await writeFile(lockPath, dead);
    const error = await driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(SessionWriteLockTimeoutError);
    expect(await readFile(lockPath, "utf8")).toBe(live(201));
    expect(await readdir(dir)).toEqual(["s.jsonl.lock"]);
    expect(ofKind(events, "session.lock.reclaim-raced")).toEqual([{ kind: "session.lock.reclaim-raced", lock: "s.jsonl.lock" }]);
    expect(ofKind(events, "session.lock.stale")).toEqual([]);
  });

  it("reclaim race: a put-back error other than EEXIST is rethrown", async () => {
    const { driver, locks, file, lockPath } = setup(replacedBeforeMove("EACCES"));
    await writeFile(lockPath, dead);
    await expect(driver.run(locks.acquire({ sessionFile: file, ...policy, timeoutMs: 100 }))).rejects.toMatchObject({ code: "EACCES" });
  });
});
