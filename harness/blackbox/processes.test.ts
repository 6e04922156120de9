import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { findMarkedProcesses, isProcessRunning, RUN_MARKER_VARIABLE, signalProcessGroup } from "./processes.ts";

describe("findMarkedProcesses", () => {
  it("finds a live process by the marker in its environment and drops it once it is dead", async () => {
    const marker = `/tmp/clp-blackbox-test-${process.pid}-env`;
    const child = spawn("sleep", ["30"], { env: { ...process.env, [RUN_MARKER_VARIABLE]: marker }, stdio: "ignore" });
    await once(child, "spawn");

    const found = await findMarkedProcesses(marker);
    child.kill("SIGKILL");
    await once(child, "exit");

    expect(found).toEqual([{ pid: child.pid, ppid: process.pid, pgid: expect.any(Number) as number, command: "sleep 30" }]);
    expect(await findMarkedProcesses(marker)).toEqual([]);
    expect(child.pid).toBeTypeOf("number");
    expect(await isProcessRunning(Number(child.pid))).toBe(false);
  });

  it("finds a process whose command line mentions the run's directory", async () => {
    const marker = `/tmp/clp-blackbox-test-${process.pid}-argv`;
    // "; true" keeps the shell from exec'ing sleep, so its command line (with $0 = marker) stays.
    const child = spawn("sh", ["-c", "sleep 30; true", marker], { stdio: "ignore", detached: true });
    await once(child, "spawn");

    const found = await findMarkedProcesses(marker);
    signalProcessGroup(child.pid, "SIGKILL");
    await once(child, "exit");

    expect(found.map((p) => p.pid)).toEqual([child.pid]);
  });
});

describe("signalProcessGroup", () => {
  it("reports whether the group still exists", async () => {
    const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    await once(child, "spawn");
    const pgid = child.pid;

    expect(signalProcessGroup(pgid, 0)).toBe(true);
    expect(signalProcessGroup(pgid, "SIGKILL")).toBe(true);
    await once(child, "exit");
    expect(signalProcessGroup(pgid, 0)).toBe(false);
  });

  it("never signals init, every process or its own group", () => {
    expect([-1, 0, 1].map((pgid) => signalProcessGroup(pgid, 0))).toEqual([false, false, false]);
  });
});
