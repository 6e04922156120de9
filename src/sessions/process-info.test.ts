import { describe, expect, it } from "vitest";
import { createProcessTable } from "./process-info.ts";

describe("createProcessTable", () => {
  it("tracks liveness and start times of self and spawned, killed and recycled processes", () => {
    const table = createProcessTable({ self: { pid: 100, starttime: 11 } });
    table.spawn({ pid: 200, starttime: 5 });
    expect(table.pid).toBe(100);
    expect(table.starttime(100)).toBe(11);
    expect(table.starttime(200)).toBe(5);
    expect(table.isAlive(200)).toBe(true);
    table.recycle(200, 6);
    expect(table.starttime(200)).toBe(6);
    table.kill(200);
    expect(table.isAlive(200)).toBe(false);
    expect(table.starttime(200)).toBeUndefined();
  });
});
