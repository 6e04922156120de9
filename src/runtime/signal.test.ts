import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pidExists, refusePid, signalGroup, signalPid } from "./signal.ts";

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

  it("signals a real child and then reports it gone", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    expect(pidExists(child.pid)).toBe(true);
    expect(signalPid(child.pid, "SIGKILL")).toBe("sent");
    expect(await exited).toBe("SIGKILL");
    expect(signalPid(child.pid, 0)).toBe("gone");
  });
});
