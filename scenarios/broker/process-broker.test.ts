import { describe, expect, it } from "vitest";
import { isAlive } from "./process-broker.ts";

describe("the process broker's liveness probe", () => {
  it.each([-1, 0, 1, undefined])("says pid %s is not alive (kill(-1, 0) succeeds, and the cleanup would SIGKILL it)", (pid) => {
    expect(isAlive(pid)).toBe(false);
  });

  it("sees this process alive", () => {
    expect(isAlive(process.pid)).toBe(true);
  });
});
