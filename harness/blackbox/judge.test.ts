import { describe, expect, it } from "vitest";
import { judgeClientRun } from "./judge.ts";
import type { BlackBoxClientResult } from "./run-client.ts";

const base: BlackBoxClientResult = {
  exitCode: 1,
  signal: null,
  spawnError: null,
  timedOut: false,
  durationMs: 120,
  stdout: "",
  stderr: "turn failed: codex app-server disconnected before the turn completed\n",
  leftovers: [],
  transcript: [{ tMs: 0, dir: "start", pid: 10, argv: ["app-server"] }],
  fakeCodex: "fakes/bin/fake-codex.mjs",
  fakeCodexPids: [],
};

describe("judgeClientRun", () => {
  it("judges unknown when the fake never started, even if every expectation holds", () => {
    const judgement = judgeClientRun({ ...base, transcript: [] }, { exitCode: "nonzero" });
    expect(judgement.verdict).toBe("unknown");
    expect(judgement.checks[0]).toMatchObject({ id: "evidence:fake-codex-started", ok: false });
  });

  it("judges unknown when a script rule never fired, naming it (unnamed rules as rule#<index>)", () => {
    const script = { rules: [{ id: "late", when: { afterNotification: 600 }, action: { kind: "exit" as const } }, { when: { method: "thread/start" }, action: { kind: "exit" as const } }] };
    const fired = { ...base, transcript: [...base.transcript, { tMs: 1, dir: "event", event: { kind: "appserver.fault", rule: "rule#1" } }] };
    const judgement = judgeClientRun(fired, {}, script);
    expect(judgement.verdict).toBe("unknown");
    expect(judgement.checks).toContainEqual({ id: "evidence:fault-rules-fired", ok: false, message: "fault rule never fired: late (the fault was not injected; check its `when`)" });
  });

  it("passes a run whose exit code and output match and that left nothing behind", () => {
    const judgement = judgeClientRun(base, { exitCode: "nonzero", output: [/disconnect/] });

    expect(judgement.verdict).toBe("pass");
    expect(judgement.checks.map((c) => c.id)).toEqual(["evidence:fake-codex-started", "safety:client-exit-code-nonzero", "safety:output-matches-1", "safety:no-leftover-processes"]);
  });

  it("judges a client killed at its deadline as hang", () => {
    const judgement = judgeClientRun({ ...base, exitCode: null, signal: "SIGTERM", timedOut: true }, {});

    expect(judgement.verdict).toBe("hang");
    expect(judgement.checks[0]).toMatchObject({ id: "liveness:client-exits-before-deadline", ok: false });
  });

  it("fails a run that left a process behind, naming it", () => {
    const judgement = judgeClientRun({ ...base, leftovers: [{ pid: 77, ppid: 1, pgid: 77, command: "node fake-codex.mjs app-server" }] }, {});

    expect(judgement.verdict).toBe("fail");
    expect(judgement.checks).toContainEqual({ id: "safety:no-leftover-processes", ok: false, message: "1 process(es) left behind: 77 node fake-codex.mjs app-server" });
  });

  it("fails a run whose output matches no expected pattern", () => {
    const judgement = judgeClientRun(base, { exitCode: 1, output: [/The answer/] });

    expect(judgement.verdict).toBe("fail");
    expect(judgement.checks).toContainEqual({ id: "safety:output-matches-1", ok: false, message: "no stdout or stderr line matches /The answer/" });
  });

  it("judges a client that could not be started an error (never a fail that could count as a catch)", () => {
    const judgement = judgeClientRun({ ...base, exitCode: null, spawnError: "spawn nope ENOENT" }, {});

    expect(judgement.verdict).toBe("error");
    expect(judgement.checks[0]).toEqual({ id: "safety:client-starts", ok: false, message: "spawn nope ENOENT" });
  });
});
