import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exitAs, pidExists, raiseOnSelf, refusePid, signalGroup, signalPid } from "./signal.ts";

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
  // process.kill is stubbed in the refusal tests: were a check missing (a mutant, a regression), the
  // real call would be kill(-1, SIGKILL). The kill guard under every test is the second net.
  it.each([-1, 0, 1, Number.NaN, 1.5, undefined, null, "123"])("refuses to signal %s", (pid) => {
    const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
    try {
      expect(refusePid(pid)).toBeDefined();
      expect(signalPid(pid, "SIGKILL")).toBe("refused");
      expect(signalGroup(pid, "SIGKILL")).toBe("refused");
      expect(pidExists(pid)).toBe(false);
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });

  it("never signals this process or its own group through the pid helpers", () => {
    const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
    try {
      expect(signalPid(process.pid, "SIGKILL")).toBe("refused");
      expect(signalGroup(process.pid, "SIGKILL")).toBe("refused");
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });

  it("allows pid 2 and up", () => {
    expect([refusePid(2), refusePid(4_000_000)]).toEqual([undefined, undefined]);
    expect(refusePid(1)).toBe("pid 1 is ≤ 1 (would signal every process, this group or init)");
    expect(refusePid(2.5)).toBe("pid 2.5 is not an integer");
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

describe("exitAs (a wrapper ending the way its child ended)", () => {
  afterEach(() => vi.restoreAllMocks());

  class ExitCalled extends Error {
    constructor(readonly code: number) {
      super(`exit ${code}`);
    }
  }

  function spies(options: { readonly killThrows?: boolean } = {}) {
    const kill = vi.spyOn(process, "kill").mockImplementation(() => {
      if (options.killThrows === true) throw new Error("EPERM");
      return true;
    });
    // process.exit never returns: the spy throws so the code after it does not run either.
    const exit = vi.spyOn(process, "exit").mockImplementation(((code: number) => {
      throw new ExitCalled(code);
    }) as never);
    return { kill, exit };
  }

  it("re-raises the child's signal on this process, and does not exit by code", () => {
    const { kill, exit } = spies();
    exitAs({ code: null, signal: "SIGTERM" });
    expect(kill.mock.calls).toEqual([[process.pid, "SIGTERM"]]);
    expect(exit).not.toHaveBeenCalled();
  });

  it("exits 128 when the signal cannot be re-raised", () => {
    const { exit } = spies({ killThrows: true });
    expect(() => exitAs({ code: null, signal: "SIGTERM" })).toThrow(ExitCalled);
    expect(exit.mock.calls).toEqual([[128]]);
  });

  it("exits with the child's code, or 1 when it has none", () => {
    const { kill, exit } = spies();
    expect(() => exitAs({ code: 3, signal: null })).toThrow(ExitCalled);
    expect(() => exitAs({ code: 0, signal: null })).toThrow(ExitCalled);
    expect(() => exitAs({ code: null, signal: null })).toThrow(ExitCalled);
    expect(exit.mock.calls).toEqual([[3], [0], [1]]);
    expect(kill).not.toHaveBeenCalled();
  });

  it("tells a pid that exists but is not ours (EPERM) from one that is gone", () => {
    const kill = vi.spyOn(process, "kill");
    kill.mockImplementationOnce(() => {
      throw Object.assign(new Error("kill EPERM"), { code: "EPERM" });
    });
    expect(signalPid(4_000_000, "SIGTERM")).toBe("refused");
    kill.mockImplementationOnce(() => {
      throw Object.assign(new Error("kill ESRCH"), { code: "ESRCH" });
    });
    expect(signalPid(4_000_000, "SIGTERM")).toBe("gone");
  });

  it("probes a pid as existing when it is there but not ours (EPERM), and as gone otherwise", () => {
    const kill = vi.spyOn(process, "kill");
    kill.mockImplementationOnce(() => {
      throw Object.assign(new Error("kill EPERM"), { code: "EPERM" });
    });
    expect(pidExists(4_000_000)).toBe(true);
    kill.mockImplementationOnce(() => {
      throw Object.assign(new Error("kill ESRCH"), { code: "ESRCH" });
    });
    expect(pidExists(4_000_000)).toBe(false);
    kill.mockImplementationOnce(() => true);
    expect(pidExists(4_000_000)).toBe(true);
    expect(kill.mock.calls).toEqual([
      [4_000_000, 0],
      [4_000_000, 0],
      [4_000_000, 0],
    ]);
  });

  it("raiseOnSelf signals this process's own pid only", () => {
    const { kill } = spies();
    raiseOnSelf("SIGINT");
    expect(kill.mock.calls).toEqual([[process.pid, "SIGINT"]]);
  });
});
