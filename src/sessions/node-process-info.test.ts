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
});
