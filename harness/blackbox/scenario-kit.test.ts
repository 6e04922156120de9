import { describe, expect, it } from "vitest";
import type { ScenarioContext } from "../scenario/types.ts";
import type { BlackBoxClientResult } from "./run-client.ts";
import { hangAfterDeadline, summarizeClientRun, wallBudgetMs } from "./scenario-kit.ts";

const timedOut: BlackBoxClientResult = {
  exitCode: null,
  signal: "SIGTERM",
  spawnError: null,
  timedOut: true,
  durationMs: 5_012,
  stdout: "",
  stderr: "waiting (1s)\nwaiting (2s)\n",
  leftovers: [],
  transcript: [
    { tMs: 0, dir: "start", pid: 10, argv: ["app-server"] },
    { tMs: 5, dir: "in", line: '{"id":1,"method":"initialize","params":{}}' },
    { tMs: 9, dir: "event", event: { kind: "appserver.fault", rule: "exit-after-commentary" } },
    { tMs: 9, dir: "exit", code: 0, signal: null },
  ],
  fakeCodex: "fakes/bin/fake-codex.mjs",
  fakeCodexPids: [10],
};

function stubContext(extra: object = {}) {
  const emitted: Array<{ kind: string }> = [];
  const tracked: string[] = [];
  const ctx = {
    emit: (event: { kind: string }) => void emitted.push(event),
    track: <T>(label: string, promise: Promise<T>) => {
      tracked.push(label);
      return promise;
    },
    ...extra,
  } as unknown as ScenarioContext<unknown>;
  return { ctx, emitted, tracked };
}

describe("hangAfterDeadline", () => {
  it("ends the run through the context's hang hook when it has one", async () => {
    const hung: string[] = [];
    const { ctx, emitted } = stubContext({ hang: (label: string) => (hung.push(label), Promise.reject(new Error(`hang: ${label}`))) });

    await expect(hangAfterDeadline(ctx, timedOut, "client x exits")).rejects.toThrow("hang: client x exits");
    expect(hung).toEqual(["client x exits"]);
    expect(emitted).toEqual([{ kind: "blackbox.hang", label: "client x exits", signal: "SIGTERM", leftovers: 0 }]);
  });

  it("otherwise parks on a tracked promise that never settles, for the runner's wall budget to judge", async () => {
    const { ctx, tracked } = stubContext();

    const parked = hangAfterDeadline(ctx, timedOut, "client x exits");
    const raced = await Promise.race([parked.then(() => "settled", () => "settled"), Promise.resolve("pending")]);

    expect(raced).toBe("pending");
    expect(tracked).toEqual(["client x exits"]);
  });
});

describe("wallBudgetMs", () => {
  it("leaves room past the deadline for the kill grace, the leftover settle and set-up", () => {
    expect(wallBudgetMs(5_000)).toBe(7_500);
    expect(wallBudgetMs(1_000, { killGraceMs: 100, settleMs: 200, marginMs: 300 })).toBe(1_600);
  });
});

describe("summarizeClientRun", () => {
  it("keeps the verdict-relevant facts and no wall times", () => {
    expect(summarizeClientRun(timedOut)).toEqual({
      exitCode: null,
      signal: "SIGTERM",
      timedOut: true,
      stdoutTail: [],
      stderrTail: ["waiting (1s)", "waiting (2s)"],
      leftovers: [],
      fakeCodex: "fakes/bin/fake-codex.mjs",
      fakeCodexStarts: 1,
      clientMethods: ["initialize"],
      faults: ["exit-after-commentary"],
      fakeCodexExits: ["code=0 signal=null"],
    });
  });
});
