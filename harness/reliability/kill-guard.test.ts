import { describe, expect, it } from "vitest";
import { KillRefusedError, refusedKill } from "./kill-guard.setup.ts";

describe("the test kill guard", () => {
  const self = { pid: 4242, group: 4200 };

  it("refuses -1, 0, 1 and non-integers with any signal, including the harmless probe", () => {
    for (const pid of [-1, 0, 1, Number.NaN, 2.5, "7", undefined]) {
      expect(refusedKill(pid, "SIGKILL", self), String(pid)).toBeDefined();
      expect(refusedKill(pid, 0, self), String(pid)).toBeDefined();
    }
  });

  it("refuses a real signal to this process or its group, but lets a probe of them through", () => {
    for (const pid of [4242, 4200, -4200]) {
      expect(refusedKill(pid, "SIGTERM", self), String(pid)).toBeDefined();
      expect(refusedKill(pid, 0, self), String(pid)).toBeUndefined();
    }
    expect(refusedKill(4242, undefined, self)).toBeDefined();
  });

  it("lets any other process or group through", () => {
    expect(refusedKill(2, "SIGKILL", self)).toBeUndefined();
    expect(refusedKill(-4300, "SIGKILL", self)).toBeUndefined();
    expect(refusedKill(4300, "SIGTERM", { pid: 4242, group: undefined })).toBeUndefined();
  });

  it("is installed under this test: process.kill(-1) throws before anything is sent", () => {
    // Signal 0 only probes, so even without the guard these lines could not harm anything.
    /* eslint-disable no-restricted-syntax -- the guard itself is under test, with signal 0 only */
    expect(() => process.kill(-1, 0)).toThrow(KillRefusedError);
    expect(() => process.kill(0, 0)).toThrow(/refused process\.kill\(0, 0\)/);
    expect(process.kill(process.pid, 0)).toBe(true);
    /* eslint-enable no-restricted-syntax */
  });
});
