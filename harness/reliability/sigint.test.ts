/**
 * Ctrl-C during `pnpm scenarios`: SIGINT goes to the CLI's whole process group, as a terminal
 * sends it, while process-lane and black-box runs have children alive. The CLI must exit 130, keep
 * only complete report files (no summary, no half-written file), and leave no process of the run and
 * nothing in its TMPDIR.
 */
import { rm } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { signalGroup, signalPid } from "../../src/runtime/signal.ts";
import { checkOutputFile, filesUnder, markedProcesses, pollFor, reliabilityRoot, startCli, tempLeftovers, type CliChild } from "./kit.ts";

const FILTERS = ["blackbox/example-client-exit-mid-turn", "broker/process-upstream-crash", "broker/process-graceful-shutdown", "exec/concurrent-get-2-after-disconnect-loopback"];
let root = "";
let run: CliChild | undefined;

afterAll(async () => {
  if (run !== undefined) for (const p of await markedProcesses(run.marker)) signalPid(p.pid, "SIGKILL");
  if (root !== "") await rm(root, { recursive: true, force: true });
});

describe("Ctrl-C during pnpm scenarios", () => {
  it("exits 130 with only complete reports, no children and an empty TMPDIR", async () => {
    // Arrange: the first run reported, the next one starting its processes.
    root = await reliabilityRoot();
    const started = await startCli([...FILTERS, "--target", "all", "--seed", "1"], root);
    run = started;
    const pid = started.child.pid;
    expect(pid).toBeGreaterThan(0);
    await new Promise<void>((resolve) => started.child.stdout?.once("data", () => resolve()));
    // The CLI carries the marker too; wait until the run in flight has a process of its own.
    const childrenAtInterrupt = await pollFor(
      async () => {
        const children = (await markedProcesses(started.marker)).filter((p) => p.pid !== pid);
        return children.length > 0 ? children : undefined;
      },
      { timeoutMs: 10_000 },
    );

    // Act: SIGINT to the whole group, like a terminal's Ctrl-C.
    expect(signalGroup(pid, "SIGINT")).toBe("sent");
    const result = await started.child;

    // Assert
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/interrupted after \d+\/\d+ runs; run reports kept in .*, summary not written/);
    expect(childrenAtInterrupt?.length ?? 0).toBeGreaterThan(0);
    const files = await filesUnder(started.out);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.includes("/runs/"))).toBe(true);
    for (const file of files) expect(await checkOutputFile(file), file).toEqual({ ok: true });
    expect(await markedProcesses(started.marker)).toEqual([]);
    expect(await tempLeftovers(started.tmp)).toEqual([]);
  }, 120_000);
});
