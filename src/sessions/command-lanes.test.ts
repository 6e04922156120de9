import { describe, expect, it } from "vitest";
import { createCommandLanes } from "./command-lanes.ts";

describe("command lanes", () => {
  it("has started nothing on a lane it has never seen", () => {
    const lanes = createCommandLanes({ emit: () => {} });
    expect(lanes.started("nobody")).toEqual([]);
    expect(lanes.size("nobody")).toBe(0);
  });
});
