import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { findMarkedProcesses, isProcessRunning } from "./processes.ts";
import { runBlackBoxClient } from "./run-client.ts";
import { viewTranscript } from "./transcript.ts";

const ROOT = resolve(import.meta.dirname, "../..");

const RUN_TURN = resolve(ROOT, "src/cli/run-turn.ts");
const HI_SCRIPT = { model: { turns: [{ output: [{ type: "message" as const, phase: "final_answer" as const, deltas: ["Hi ", "there."] }] }] } };

describe("runBlackBoxClient", () => {
  it("reports the exit code and output of a client that exits on its own", async () => {
    const result = await runBlackBoxClient({ command: process.execPath, args: ["-e", "console.log('hi'); console.error('warn'); process.exit(3)"], deadlineMs: 10_000 });

    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, stdout: "hi\n", stderr: "warn\n", leftovers: [] });
  });

  it("kills the whole process tree of a client that passes its deadline", async () => {
    // The shell waits on a background sleep in its own process group: both must die at the deadline.
    const result = await runBlackBoxClient({ command: "sh", args: ["-c", "sleep 30 & echo $!; wait"], deadlineMs: 400, settleMs: 200 });
    const sleepPid = Number(result.stdout.trim());

    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe("SIGTERM");
    expect(result.durationMs).toBeLessThan(5_000);
    expect(sleepPid).toBeGreaterThan(0);
    expect(await isProcessRunning(sleepPid)).toBe(false);
    expect(result.leftovers).toEqual([]);
  });

  it("finds, reports and kills a process that escaped the client's process group", async () => {
    const result = await runBlackBoxClient({ command: "sh", args: ["-c", "setsid sleep 30 >/dev/null 2>&1 & echo $!"], deadlineMs: 5_000, settleMs: 200 });
    const escaped = Number(result.stdout.trim());

    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(result.leftovers.map((p) => p.pid)).toEqual([escaped]);
    expect(result.leftovers[0]?.command).toBe("sleep 30");
    expect(await isProcessRunning(escaped)).toBe(false);
  });

  it("does not report a child that exits within the settle window", async () => {
    const result = await runBlackBoxClient({ command: "sh", args: ["-c", "setsid sleep 0.2 >/dev/null 2>&1 &"], deadlineMs: 5_000, settleMs: 2_000 });

    expect(result).toMatchObject({ exitCode: 0, leftovers: [] });
  });

  it("puts fake-codex first on PATH with the script and returns its transcript", async () => {
    const result = await runBlackBoxClient({
      command: process.execPath,
      args: ["--import", "tsx", RUN_TURN, "say hi"],
      cwd: ROOT,
      fakeCodexScript: HI_SCRIPT,
      deadlineMs: 20_000,
    });
    const transcript = viewTranscript(result.transcript);

    expect(result).toMatchObject({ exitCode: 0, timedOut: false, stdout: "Hi there.\n", leftovers: [], fakeCodex: "fakes/bin/fake-codex.mjs" });
    expect(transcript.methods("in")).toEqual(["initialize", "initialized", "thread/start", "turn/start"]);
    expect(transcript.methods("out")).toContain("turn/completed");
    expect(transcript.exits()).toEqual([{ code: 0, signal: null }]);
    expect(result.fakeCodexPids).toHaveLength(1);
    expect(await isProcessRunning(Number(result.fakeCodexPids[0]))).toBe(false);
  });

  it("reports a client command that cannot be started", async () => {
    const result = await runBlackBoxClient({ command: "/nonexistent/black-box-client", deadlineMs: 5_000 });

    expect(result).toMatchObject({ exitCode: null, signal: null, timedOut: false, leftovers: [] });
    expect(result.spawnError).toContain("ENOENT");
  });

  it("finds nothing for a marker no process carries", async () => {
    expect(await findMarkedProcesses("/tmp/clp-blackbox-no-such-run")).toEqual([]);
  });
});
