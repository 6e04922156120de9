import { afterEach, describe, expect, it } from "vitest";
import { createManualWorld } from "./manual-world.testkit.ts";
import { installVirtualTimers, VirtualTimersInstalledError } from "./virtual-timers.ts";

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

describe("installVirtualTimers", () => {
  it("runs global setTimeout callbacks on the virtual clock, by due time then insertion", async () => {
    const world = createManualWorld();
    const realSetTimeout = globalThis.setTimeout;
    uninstall = installVirtualTimers(world.clock);
    const order: string[] = [];

    setTimeout(() => order.push("b@4"), 4);
    setTimeout(() => order.push("a@1"), 1);
    setTimeout(() => order.push("c@4"), 4);
    const cancelled = setTimeout(() => order.push("never"), 2);
    clearTimeout(cancelled);
    await world.settle();

    expect(order).toEqual(["a@1", "b@4", "c@4"]);
    expect(world.clock.nowMs()).toBe(4);
    uninstall();
    expect(globalThis.setTimeout).toBe(realSetTimeout);
  });

  it("refuses a second installation while one is active", () => {
    const world = createManualWorld();
    uninstall = installVirtualTimers(world.clock);

    expect(() => installVirtualTimers(world.clock)).toThrow(VirtualTimersInstalledError);
  });
});
