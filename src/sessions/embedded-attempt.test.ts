import { mkdtemp, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sleep } from "../runtime/clock.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import { nodeFileSystem } from "../runtime/node-fs.ts";
import { createActiveRunRegistry } from "./active-runs.ts";
import { createDiagnosticSessionStore } from "./diagnostic-state.ts";
import { runEmbeddedAttempt, type ModelPort } from "./embedded-attempt.ts";
import { resolveSessionFileKey } from "./file-key.ts";
import { createAttemptLockController } from "./lock-controller.ts";
import { createSessionFileOwnerRegistry } from "./owner-registry.ts";
import { createProcessTable } from "./process-info.ts";
import { parseTranscriptIds } from "./transcript.ts";
import { createTestDriver, type TestDriver } from "./testing.ts";
import { createSessionWriteLockManager } from "./write-lock.ts";

const yieldMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("runEmbeddedAttempt", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), "sessions-attempt-")));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function setup(model: (driver: TestDriver) => ModelPort) {
    const driver = createTestDriver({ fs: nodeFileSystem, yieldMacrotask });
    const { fs, clock } = driver;
    const events: LifecycleEvent[] = [];
    const emit = (e: LifecycleEvent): void => void events.push(e);
    const diagnostics = createDiagnosticSessionStore({ clock });
    const deps = {
      fs,
      emit,
      locks: createSessionWriteLockManager({ fs, clock, emit, processInfo: createProcessTable({ self: { pid: 1 } }) }),
      owners: createSessionFileOwnerRegistry({ fs, clock, emit, resolveKey: resolveSessionFileKey }),
      activeRuns: createActiveRunRegistry({ fs, emit, resolveKey: resolveSessionFileKey, diagnostics }),
      createLockController: createAttemptLockController,
      policy: { timeoutMs: 1_000, staleMs: 1_800_000, maxHoldMs: 300_000 },
      model: model(driver),
    };
    const params = { runId: "r1", sessionId: "s1", sessionKey: "agent:main:main", sessionFile: join(dir, "s.jsonl"), prompt: "hi" };
    return { driver, events, deps, params };
  }

  it("writes prompt, reply and closing line, releasing the lock only around the model call", async () => {
    const { driver, events, deps, params } = setup(({ clock }) => async () => {
      await sleep(clock, 100);
      return "hello";
    });
    const result = await driver.run(runEmbeddedAttempt(deps, params));
    expect(result).toEqual({ runId: "r1", status: "completed", linesWritten: ["r1:user", "r1:assistant", "r1:end"] });
    expect(parseTranscriptIds(await readFile(params.sessionFile, "utf8")).ids).toEqual(["r1:user", "r1:assistant", "r1:end"]);
    const order = events.filter((e) => /^session\.(lock\.(acquire|release)|prompt\.|owner\.)/.test(e.kind)).map((e) => `${e.kind}${e["label"] ? `:${String(e["label"])}` : ""}`);
    expect(order).toEqual([
      "session.owner.acquire:r1",
      "session.lock.acquire:r1:prep",
      "session.prompt.release",
      "session.lock.release:r1:prep",
      "session.lock.acquire:r1:post-prompt",
      "session.prompt.reacquire",
      "session.lock.release:r1:post-prompt",
      "session.owner.release:r1",
    ]);
    expect(deps.activeRuns.size()).toBe(0);
    expect(deps.owners.ownedCount()).toBe(0);
  });

  it("reports a takeover, writes nothing more and still tears everything down", async () => {
    const file = join(dir, "s.jsonl");
    const { driver, events, deps, params } = setup(({ fs }) => async () => {
      // Another process appends while the lock is released for the model call.
      await fs.appendFile(file, `${JSON.stringify({ id: "foreign" })}\n`);
      return "late reply";
    });
    const result = await driver.run(runEmbeddedAttempt(deps, params));
    expect(result).toMatchObject({ status: "takeover", linesWritten: ["r1:user"], errorName: "EmbeddedAttemptSessionTakeoverError" });
    expect(parseTranscriptIds(await readFile(params.sessionFile, "utf8")).ids).toEqual(["r1:user", "foreign"]);
    expect(events.find((e) => e.kind === "session.cleanup")).toMatchObject({ noop: true, wrote: false });
    expect(deps.locks.heldPaths()).toEqual([]);
    expect(deps.activeRuns.size()).toBe(0);
    expect(deps.owners.ownedCount()).toBe(0);
  });

  it("closes with an 'attempt complete' line under the real lock and reports the end of the attempt", async () => {
    const { driver, events, deps, params } = setup(() => () => Promise.resolve("hello"));
    await driver.run(runEmbeddedAttempt(deps, params));
    const lines = (await readFile(params.sessionFile, "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { id: "r1:user", role: "user", text: "hi" },
      { id: "r1:assistant", role: "assistant", text: "hello" },
      { id: "r1:end", role: "system", text: "attempt complete" },
    ]);
    expect(events.filter((e) => e.kind === "session.cleanup")).toEqual([{ kind: "session.cleanup", runId: "r1", noop: false, wrote: true }]);
    expect(events.filter((e) => e.kind === "attempt.end")).toEqual([{ kind: "attempt.end", runId: "r1", written: 3 }]);
  });

  it("passes its abort signal to the owner wait: an aborted attempt fails before writing", async () => {
    const { driver, deps, params, events } = setup(() => () => Promise.resolve("hello"));
    const controller = new AbortController();
    controller.abort(new Error("cancelled by user"));
    const result = await driver.run(runEmbeddedAttempt(deps, { ...params, signal: controller.signal }));
    expect(result).toEqual({ runId: "r1", status: "failed", linesWritten: [], error: "cancelled by user", errorName: "Error" });
    expect(events.filter((e) => e.kind === "attempt.end")).toEqual([{ kind: "attempt.end", runId: "r1", written: 0 }]);
    expect(deps.owners.ownedCount()).toBe(0);
  });

  it("names a non-Error failure 'unknown'", async () => {
    const { driver, deps, params } = setup(() => () => Promise.reject("model exploded"));
    const result = await driver.run(runEmbeddedAttempt(deps, params));
    expect(result).toEqual({ runId: "r1", status: "failed", linesWritten: ["r1:user"], error: "model exploded", errorName: "unknown" });
    expect(deps.activeRuns.size()).toBe(0);
    expect(deps.locks.heldPaths()).toEqual([]);
  });
});
