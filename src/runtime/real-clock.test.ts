import { describe, expect, it } from "vitest";
import { createRealClock } from "./real-clock.ts";

const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("the real clock", () => {
  it("fires timers in delay order, a negative delay as zero, and never a cleared one", async () => {
    const clock = createRealClock();
    const fired: string[] = [];
    clock.setTimer(30, () => fired.push("30 ms"));
    const cleared = clock.setTimer(10, () => fired.push("cleared"));
    clock.setTimer(-5, () => fired.push("negative"));
    clock.clearTimer(cleared);
    await new Promise<void>((resolve) => clock.setTimer(60, resolve));
    expect(fired).toEqual(["negative", "30 ms"]);
  });

  it("gives each timer its own id, so clearing one leaves the others", async () => {
    const clock = createRealClock();
    const fired: number[] = [];
    const ids = [1, 2, 3].map((n) => clock.setTimer(5, () => fired.push(n)));
    expect(new Set(ids).size).toBe(3);
    clock.clearTimer(ids[1] as number);
    clock.clearTimer(12345); // unknown: a no-op
    await new Promise<void>((resolve) => clock.setTimer(30, resolve));
    expect(fired).toEqual([1, 3]);
  });

  it("keeps the process alive for a timer unless it is unref'd", () => {
    const clock = createRealClock();
    const before = timeouts();
    const held = clock.setTimer(10_000, () => {});
    expect(timeouts()).toBe(before + 1);
    const unrefd = clock.setTimer(10_000, () => {}, { unref: true });
    expect(timeouts()).toBe(before + 1);
    clock.clearTimer(held);
    clock.clearTimer(unrefd);
    expect(timeouts()).toBe(before);
  });

  it("reads the wall clock", () => {
    const clock = createRealClock();
    const before = Date.now();
    const now = clock.nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe("the real clock beside swapped globals", () => {
  it("keeps firing in real time while another run has replaced the global setTimeout", async () => {
    const clock = createRealClock();
    const saved = globalThis.setTimeout;
    const swallowed: unknown[] = [];
    // What a virtual-timer bridge does while a deterministic run is installed: timers go to a queue.
    globalThis.setTimeout = ((fn: unknown) => {
      swallowed.push(fn);
      return 0;
    }) as unknown as typeof setTimeout;
    let fired = false;
    try {
      clock.setTimer(5, () => (fired = true));
    } finally {
      globalThis.setTimeout = saved;
    }
    await new Promise<void>((resolve) => saved(resolve, 40));
    expect(swallowed).toHaveLength(0);
    expect(fired).toBe(true);
  });
});
