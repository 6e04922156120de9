import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MARKER_VARIABLE } from "./kit.ts";
import { LeakError, startLeakCheck } from "./leak-check.global.ts";

describe("the test-run leak check", () => {
  it("passes a clean run and restores TMPDIR and the marker", async () => {
    const before = process.env["TMPDIR"];
    const markerBefore = process.env[MARKER_VARIABLE];
    let failed = false;
    const teardown = startLeakCheck({ failRun: () => void (failed = true) });
    expect(process.env["TMPDIR"]).toMatch(/clp-test-run-/);
    expect(process.env[MARKER_VARIABLE]).toBeDefined();
    await teardown();
    expect(process.env["TMPDIR"]).toBe(before);
    expect(process.env[MARKER_VARIABLE]).toBe(markerBefore);
    expect(failed).toBe(false);
  });

  it("fails a run that left a temp directory or a live child behind, naming both, and cleans them up", async () => {
    // Arrange
    let failed = false;
    const teardown = startLeakCheck({ failRun: () => void (failed = true) });
    const tmp = process.env["TMPDIR"] ?? "";
    mkdirSync(join(tmp, "clp-forgotten"));
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    await new Promise<void>((resolve) => child.once("spawn", () => resolve()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    // Act
    const failure = await teardown().then(() => undefined, (error: unknown) => error);
    // Assert
    expect(failure).toBeInstanceOf(LeakError);
    expect(failed).toBe(true);
    expect((failure as LeakError).leaks).toEqual([expect.stringMatching(new RegExp(`^process ${child.pid}: `)), `temp entry ${join(tmp, "clp-forgotten")}`]);
    await exited;
    expect(existsSync(tmp)).toBe(false);
  });
});
