import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nodeProcessSpawner } from "../../src/runtime/node-process.ts";
import { disposeAll, liveResourceCounts, makeTempDir, trackingSpawner } from "./resources.ts";

describe("live resources", () => {
  it("ends every tracked process and removes every temp home on disposeAll", async () => {
    // Arrange: a process that would outlive the test, and a temp home
    const spawner = trackingSpawner(nodeProcessSpawner);
    const child = spawner.spawn("sleep", ["60"]);
    const dir = makeTempDir("test");
    expect(liveResourceCounts()).toEqual({ processes: 1, dirs: 1 });
    // Act
    await disposeAll({ graceMs: 2_000 });
    // Assert
    expect(await child.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(existsSync(dir)).toBe(false);
    expect(liveResourceCounts()).toEqual({ processes: 0, dirs: 0 });
    expect(spawner.spawnedPids).toEqual([child.pid]);
  });
});
