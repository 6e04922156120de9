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
