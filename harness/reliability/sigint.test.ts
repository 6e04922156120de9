/**
 * Ctrl-C during `pnpm scenarios`: SIGINT goes to the CLI's whole process group, as a terminal
 * sends it, while process-lane and black-box runs have children alive. The CLI must stop once
 * (the copy relayed by a wrapper is not a second Ctrl-C), finish the run in flight, write the summary
 * of what ran, exit 130, write no half-written file, and leave no process of the run and nothing
 * in its TMPDIR. A second Ctrl-C forces, and still leaves no temp dir. EPIPE on stdout is quiet.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
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
    // Real-time runs overlap and are written in plan order, and the first stdout line is progress,
    // not a run: wait until a run's report is on disk while another run has a process of its own
    // (the CLI carries the marker too).
    const childrenAtInterrupt = await pollFor(
      async () => {
        if (!(await filesUnder(started.out)).some((f) => f.includes("/runs/"))) return undefined;
        const children = (await markedProcesses(started.marker)).filter((p) => p.pid !== pid);
        return children.length > 0 ? children : undefined;
      },
      { timeoutMs: 60_000 },
    );

    // Act: SIGINT to the whole group, like a terminal's Ctrl-C.
    expect(signalGroup(pid, "SIGINT")).toBe("sent");
    const result = await started.child;

    // Assert
    expect(result.exitCode, result.stderr).toBe(130);
    // Exactly once: the group's SIGINT and the copy pnpm/tsx relay count as one graceful stop.
    expect(result.stderr).toMatch(/interrupted after \d+\/\d+ runs; the summary of those runs is in .*summary\.md \(a partial proof\)/);
    expect(result.stderr.match(/stopping after the current run/g)).toHaveLength(1);
    expect(childrenAtInterrupt?.length ?? 0).toBeGreaterThan(0);
    const files = await filesUnder(started.out);
    expect(files.some((f) => f.includes("/runs/"))).toBe(true);
    expect(files.some((f) => f.endsWith("summary.md"))).toBe(true);
    for (const file of files) expect(await checkOutputFile(file), file).toEqual({ ok: true });
    const summary = JSON.parse(await readFile(join(started.out, "summary.json"), "utf8")) as { interrupted?: { afterRuns: number }; runs: unknown[] };
    expect(summary.interrupted?.afterRuns).toBe(summary.runs.length);
    expect(await markedProcesses(started.marker)).toEqual([]);
    expect(await tempLeftovers(started.tmp)).toEqual([]);
  }, 120_000);
});

describe("EPIPE on stdout", () => {
  it("`pnpm scenarios --list | head -1` ends quietly, without a stack trace", async () => {
    const root2 = await reliabilityRoot();
    try {
      const started = await startCli(["--list"], root2);
      started.child.stdout?.once("data", () => started.child.stdout?.destroy());
      const result = await started.child;
      expect(result.stderr).not.toMatch(/EPIPE|Error|at /);
      expect([0, null]).toContain(result.exitCode);
    } finally {
      await rm(root2, { recursive: true, force: true });
    }
  }, 120_000);
});

/** A naive-client run that does not end by itself (its client never exits), once its client is up. */
async function startWithClientUp(root: string): Promise<CliChild> {
  const started = await startCli(["blackbox/example-client-exit-mid-turn", "--target", "mutant:naive-client", "--seed", "1", "--deadline-scale", "20"], root);
  const pid = started.child.pid;
  const clientUp = await pollFor(
    async () => {
      const children = (await markedProcesses(started.marker)).filter((p) => p.pid !== pid && p.command.includes("clients/naive-client.mjs"));
      return children.length > 0 ? children : undefined;
    },
    { timeoutMs: 60_000 },
  );
  expect(clientUp?.length ?? 0).toBeGreaterThan(0);
  return started;
}

/** The CLI exited 130, and no process of the run and nothing in its TMPDIR is left. */
async function expectForcedExitLeavingNothing(started: CliChild): Promise<void> {
  const result = await started.child;
  expect(result.exitCode, `signal ${String(result.signal)}; stderr: ${result.stderr}`).toBe(130);
  await pollFor(async () => ((await markedProcesses(started.marker)).length === 0 ? true : undefined), { timeoutMs: 10_000 });
  expect(await markedProcesses(started.marker)).toEqual([]);
  expect(await tempLeftovers(started.tmp)).toEqual([]);
}

describe("a second Ctrl-C", () => {
  it("forces the exit (130) and still leaves no clp-blackbox-* or other temp dir", async () => {
    const root3 = await reliabilityRoot();
    try {
      const started = await startWithClientUp(root3);
      const pid = started.child.pid;
      expect(signalGroup(pid, "SIGINT")).toBe("sent");
      // The second Ctrl-C only once the first was taken as a graceful stop (and after the 500 ms in
      // which a relayed copy of the first counts as the same one).
      let stderr = "";
      started.child.stderr?.on("data", (chunk: Buffer) => (stderr += String(chunk)));
      const graceful = await pollFor(async () => (stderr.includes("stopping after the current run") ? true : undefined), { timeoutMs: 30_000 });
      expect(graceful, `no graceful-stop message; stderr so far: ${stderr}`).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(signalGroup(pid, "SIGINT")).toBe("sent");
      await expectForcedExitLeavingNothing(started);
    } finally {
      await rm(root3, { recursive: true, force: true });
    }
  }, 180_000);
});

describe("SIGTERM", () => {
  it("stops at once (130), kills the client's process group and leaves no temp dir", async () => {
    const root4 = await reliabilityRoot();
    try {
      const started = await startWithClientUp(root4);
      // Only the CLI itself, as a supervisor would: its children are its own to end.
      expect(signalPid(started.child.pid, "SIGTERM")).toBe("sent");
      await expectForcedExitLeavingNothing(started);
    } finally {
      await rm(root4, { recursive: true, force: true });
    }
  }, 180_000);
});
