import { describe, expect, it } from "vitest";
import { createManualClock } from "../jsonrpc/testing.ts";
import { withTimeout } from "./timeout.ts";

describe("withTimeout", () => {
  it("leaves the promise unbounded, with no timer, for an absent, zero or negative timeout", () => {
    const clock = createManualClock();
    const promise = new Promise<number>(() => {});
    const error = () => new Error("late");
    expect(withTimeout(promise, { timeoutMs: undefined, clock, error })).toBe(promise);
    expect(withTimeout(promise, { timeoutMs: 0, clock, error })).toBe(promise);
    expect(withTimeout(promise, { timeoutMs: -5, clock, error })).toBe(promise);
    expect(clock.pendingTimers).toEqual([]);
  });

  it("rejects with the given error at the bound, on a timer carrying the label", async () => {
    const clock = createManualClock();
    const bounded = withTimeout(new Promise<number>(() => {}), { timeoutMs: 10, clock, error: () => new Error("late"), label: "thing" });
    expect(clock.pendingTimers).toEqual([{ dueMs: 10, label: "thing" }]);
    clock.advance(10);
    await expect(bounded).rejects.toThrow("late");
  });

  it("clears the timer when the promise settles first", async () => {
    const clock = createManualClock();
    await expect(withTimeout(Promise.resolve(7), { timeoutMs: 10, clock, error: () => new Error("late") })).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error("no")), { timeoutMs: 10, clock, error: () => new Error("late") })).rejects.toThrow("no");
    expect(clock.pendingTimers).toEqual([]);
  });
});
