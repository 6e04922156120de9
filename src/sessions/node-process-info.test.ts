import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nodeProcessInfo } from "./node-process-info.ts";

describe("nodeProcessInfo", () => {
  it("sees this process alive with a stable start time, and an unused pid as dead", () => {
    expect(nodeProcessInfo.pid).toBe(process.pid);
    expect(nodeProcessInfo.isAlive(process.pid)).toBe(true);
    expect(nodeProcessInfo.isAlive(2 ** 22 + 12_345)).toBe(false);
    const first = nodeProcessInfo.starttime(process.pid);
    if (process.platform === "linux") expect(first).toBeGreaterThan(0);
    expect(nodeProcessInfo.starttime(process.pid)).toBe(first);
  });

  it.runIf(process.platform === "linux")("reads the start time (field 22, in clock ticks since boot), consistent with this process's uptime", () => {
    const starttime = nodeProcessInfo.starttime(process.pid) ?? Number.NaN;
    const bootUptimeS = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
    // Linux reports /proc/<pid>/stat times in USER_HZ = 100 ticks per second.
    expect(Math.abs(bootUptimeS - starttime / 100 - process.uptime())).toBeLessThan(5);
    expect(nodeProcessInfo.starttime(2 ** 22 + 12_345)).toBeUndefined();
  });
});
