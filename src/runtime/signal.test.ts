import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pidExists, refusePid, signalGroup, signalPid } from "./signal.ts";

/** Alive and not a zombie (an orphan killed with its group stays a zombie until its new parent reaps it). */
function running(pid: number): boolean {
  if (!pidExists(pid)) return false;
  try {
    return !/^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("the guarded pid-signalling helper", () => {
  it.each([-1, 0, 1, Number.NaN, 1.5, undefined, null, "123"])("refuses to signal %s", (pid) => {
    expect(refusePid(pid)).toBeDefined();
    expect(signalPid(pid, "SIGKILL")).toBe("refused");
    expect(signalGroup(pid, "SIGKILL")).toBe("refused");
    expect(pidExists(pid)).toBe(false);
  });

  it("never signals this process or its own group through the pid helpers", () => {
    expect(signalPid(process.pid, "SIGKILL")).toBe("refused");
    expect(signalGroup(process.pid, "SIGKILL")).toBe("refused");
  });

  it("signals a whole process group, not just its leader", async () => {
    // A shell leading its own group, with a sleep in the background that outlives it unless the group is signalled.
    const leader = spawn("sh", ["-c", "sleep 30 & echo $!; wait"], { detached: true, stdio: ["ignore", "pipe", "ignore"] });
    const sleepPid = await new Promise<number>((resolve) => leader.stdout.once("data", (c: Buffer) => resolve(Number(String(c).trim()))));
    const exited = new Promise((resolve) => leader.once("exit", (_code, signal) => resolve(signal)));
    try {
      expect(signalGroup(leader.pid, "SIGKILL")).toBe("sent");
      expect(await exited).toBe("SIGKILL");
      for (let i = 0; i < 250 && running(sleepPid); i++) await new Promise((r) => setTimeout(r, 20));
      expect(running(sleepPid)).toBe(false);
    } finally {
      signalPid(sleepPid, "SIGKILL");
    }
  });

  it("signals a real child and then reports it gone", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    expect(pidExists(child.pid)).toBe(true);
    expect(signalPid(child.pid, "SIGKILL")).toBe("sent");
    expect(await exited).toBe("SIGKILL");
    expect(signalPid(child.pid, 0)).toBe("gone");
  });
});
