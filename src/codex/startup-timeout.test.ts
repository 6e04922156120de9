import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { createManualClock } from "../jsonrpc/testing.ts";
import { resolveStartupTimeoutMs, withStartupTimeout } from "./startup-timeout.ts";

function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

describe("withStartupTimeout", () => {
  it("floors the startup timeout at 100 ms", () => {
    expect(resolveStartupTimeoutMs({ timeoutMs: 5 })).toBe(100);
    expect(resolveStartupTimeoutMs({ timeoutMs: 5_000 })).toBe(5_000);
    expect(resolveStartupTimeoutMs({ timeoutMs: 5, timeoutFloorMs: 10 })).toBe(10);
  });

  it("rejects 'codex app-server startup aborted' at once for an already-aborted signal, without running the operation", async () => {
    let ran = false;
    const controller = new AbortController();
    controller.abort();
    const result = withStartupTimeout({ timeoutMs: 1000, signal: controller.signal, clock: createManualClock(), operation: async () => void (ran = true) });
    await expect(result).rejects.toMatchObject({ message: "codex app-server startup aborted", reason: "aborted" });
    expect(ran).toBe(false);
  });

  it("on expiry runs onTimeout to completion, aborts the operation's signal, then rejects 'startup timed out'", async () => {
    const clock = createManualClock();
    const order: string[] = [];
    let inner: AbortSignal | undefined;
    const result = withStartupTimeout({
      timeoutMs: 10,
      clock,
      onTimeout: async () => {
        await Promise.resolve();
        order.push("onTimeout done");
      },
      operation: (signal) => {
        inner = signal;
        return never();
      },
    });
    clock.advance(99);
    expect(inner?.aborted).toBe(false);
    clock.advance(1);
    await expect(result).rejects.toMatchObject({ message: "codex app-server startup timed out", reason: "timed_out" });
    expect(order).toEqual(["onTimeout done"]);
    expect(inner?.aborted).toBe(true);
  });

  it("resolves with the operation's value and clears its timer", async () => {
    const clock = createManualClock();
    await expect(withStartupTimeout({ timeoutMs: 1000, clock, operation: async () => 7 })).resolves.toBe(7);
    expect(clock.pendingTimers).toEqual([]);
  });

  it("rejects 'startup aborted' when the signal fires mid-startup", async () => {
    const controller = new AbortController();
    const result = withStartupTimeout({ timeoutMs: 1000, signal: controller.signal, clock: createManualClock(), operation: () => never() });
    controller.abort();
    await expect(result).rejects.toThrow("codex app-server startup aborted");
  });
});

describe("withStartupTimeout settlement", () => {
  it("keeps the abort reason as the cause of an already-aborted startup", async () => {
    const controller = new AbortController();
    controller.abort("stop");
    const result = withStartupTimeout({ timeoutMs: 1000, signal: controller.signal, clock: createManualClock(), operation: never });
    await expect(result).rejects.toMatchObject({ message: "codex app-server startup aborted", cause: "stop" });
  });

  it("on abort keeps the reason as the cause, clears the timer, and never runs onTimeout", async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    let timedOut = false;
    const result = withStartupTimeout({ timeoutMs: 1000, signal: controller.signal, clock, onTimeout: () => void (timedOut = true), operation: never });
    expect(clock.pendingTimers).toEqual([{ dueMs: 1000, label: "codex app-server startup" }]);
    controller.abort("user");
    await expect(result).rejects.toMatchObject({ message: "codex app-server startup aborted", cause: "user" });
    expect(clock.pendingTimers).toEqual([]);
    clock.advance(1000);
    await Promise.resolve();
    expect(timedOut).toBe(false);
  });

  it("rejects 'timed out' even when the abandoned operation fails first, and drops the abort listener", async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const result = withStartupTimeout({
      timeoutMs: 100,
      signal: controller.signal,
      clock,
      operation: (abandoned) =>
        new Promise((_resolve, reject) => abandoned.addEventListener("abort", () => reject(new Error("request aborted")))),
    });
    clock.advance(100);
    await expect(result).rejects.toMatchObject({ message: "codex app-server startup timed out", reason: "timed_out" });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("still rejects 'timed out' when onTimeout throws", async () => {
    const clock = createManualClock();
    const result = withStartupTimeout({ timeoutMs: 100, clock, onTimeout: () => Promise.reject(new Error("cleanup failed")), operation: never });
    clock.advance(100);
    await expect(result).rejects.toMatchObject({ message: "codex app-server startup timed out" });
  });

  it("a failed operation clears the timer and the abort listener, so no timeout follows", async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    let timedOut = false;
    let inner: AbortSignal | undefined;
    const result = withStartupTimeout({
      timeoutMs: 100,
      signal: controller.signal,
      clock,
      onTimeout: () => void (timedOut = true),
      operation: (abandoned) => {
        inner = abandoned;
        return Promise.reject(new Error("thread/start failed"));
      },
    });
    await expect(result).rejects.toThrow("thread/start failed");
    expect(clock.pendingTimers).toEqual([]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    clock.advance(100);
    await Promise.resolve();
    expect(timedOut).toBe(false);
    expect(inner?.aborted).toBe(false);
  });

  it("a resolved operation drops the abort listener", async () => {
    const controller = new AbortController();
    const result = withStartupTimeout({ timeoutMs: 100, signal: controller.signal, clock: createManualClock(), operation: async () => 5 });
    await expect(result).resolves.toBe(5);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
