import { describe, expect, it } from "vitest";
import { createCommandLanes } from "./command-lanes.ts";

describe("command lanes", () => {
  it("has started nothing on a lane it has never seen", () => {
    const lanes = createCommandLanes({ emit: () => {} });
    expect(lanes.started("nobody")).toEqual([]);
    expect(lanes.size("nobody")).toBe(0);
  });

  it("runs one task at a time, and an abandoned task settling late does not release its successor", async () => {
    const events: string[] = [];
    const lanes = createCommandLanes({ emit: (e) => events.push(e.kind) });
    const settle: Array<() => void> = [];
    const task = (label: string) => ({ label, run: () => new Promise<void>((resolve) => settle.push(resolve)) });
    lanes.enqueue("k", task("stuck"));
    lanes.enqueue("k", task("second"));
    lanes.enqueue("k", task("third"));
    expect([lanes.activeCount("k"), lanes.queuedCount("k"), lanes.size("k")]).toEqual([1, 2, 3]);
    expect(lanes.reset("k")).toBe(1);
    expect(lanes.started("k")).toEqual(["stuck", "second"]);
    settle[0]?.(); // the abandoned task finally settles
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(lanes.started("k")).toEqual(["stuck", "second"]);
    expect([lanes.activeCount("k"), lanes.queuedCount("k")]).toEqual([1, 1]);
    settle[1]?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(lanes.started("k")).toEqual(["stuck", "second", "third"]);
    expect(events.filter((k) => k === "lane.task.start")).toHaveLength(3);
  });

  it("abandons nothing when resetting an idle lane, and counts a drained lane as empty", async () => {
    const events: unknown[] = [];
    const lanes = createCommandLanes({ emit: (e) => events.push(e) });
    lanes.enqueue("k", { label: "quick", run: () => Promise.resolve() });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect([lanes.activeCount("k"), lanes.queuedCount("k"), lanes.size("k")]).toEqual([0, 0, 0]);
    expect(lanes.reset("k")).toBe(0);
    expect(lanes.reset("fresh")).toBe(0);
    expect(events).toEqual([
      { kind: "lane.task.start", lane: "k", label: "quick" },
      { kind: "lane.reset", lane: "k", abandoned: 0, queued: 0 },
      { kind: "lane.reset", lane: "fresh", abandoned: 0, queued: 0 },
    ]);
  });

  it("reports the abandoned and still-queued counts when resetting a busy lane", () => {
    const events: unknown[] = [];
    const lanes = createCommandLanes({ emit: (e) => events.push(e) });
    const never = (): Promise<void> => new Promise<void>(() => {});
    for (const label of ["a", "b", "c"]) lanes.enqueue("k", { label, run: never });
    expect(lanes.reset("k")).toBe(1);
    expect(events.filter((e) => (e as { kind: string }).kind === "lane.reset")).toEqual([{ kind: "lane.reset", lane: "k", abandoned: 1, queued: 2 }]);
    expect(lanes.size("k")).toBe(2);
  });
});
