/**
 * The black-box lane's acceptance: against an app-server that exits mid-turn, the example client
 * passes and the naive client is judged `hang`, its process tree killed at the deadline, with no
 * process of the run left behind; a client that leaks a detached broker fails on its leftovers.
 */
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_CLIENT_DEADLINE_MS as CLIENT_DEADLINE_MS } from "../../harness/blackbox/define.ts";
import { isProcessRunning } from "../../harness/blackbox/processes.ts";
import { runScenario } from "../../harness/runner/run-scenario.ts";
import { calibrateOnce } from "../../harness/runner/deadline-scale.ts";
import type { TraceRecord } from "../../harness/scenario/types.ts";
import exitMidTurn from "./example-client-exit-mid-turn.scenario.ts";
import normalTurn from "./example-client-turn.scenario.ts";

// A loaded machine widens real-time deadlines (calibrateOnce), so a test may take longer than the default.
vi.setConfig({ testTimeout: 300_000 });

function eventOf(events: readonly TraceRecord[], kind: string): Record<string, unknown> {
  const found = events.find((r) => r.event.kind === kind);
  expect(found, `trace event ${kind}`).toBeDefined();
  return found?.event as Record<string, unknown>;
}

describe("the black-box lane on an app-server that exits mid-turn", () => {
  it("reports the example client as pass", async () => {
    const result = await runScenario({ scenario: exitMidTurn, seed: 1, target: "src", deadlineScale: (await calibrateOnce()).effectiveScale });

    expect(result.verdict).toBe("pass");
    expect(result.outcome).toMatchObject({ exitCode: 1, timedOut: false, leftovers: [], faults: ["exit-after-commentary"] });
  });

  it("reports the naive client as hang, kills its tree at the deadline and leaves no process behind", async () => {
    const result = await runScenario({ scenario: exitMidTurn, seed: 1, target: "mutant:naive-client", deadlineScale: (await calibrateOnce()).effectiveScale });
    const events = result.trace.events;
    const start = eventOf(events, "blackbox.client.start");
    const exit = eventOf(events, "blackbox.client.exit");
    const fakeCodex = eventOf(events, "blackbox.fake-codex");

    expect(result.verdict).toBe("hang");
    expect(result.hang?.pending).toContain(`client naive-client exits by itself within ${CLIENT_DEADLINE_MS} ms`);
    expect(exit).toMatchObject({ timedOut: true, signal: "SIGTERM", exitCode: null });
    expect(exit["durationMs"]).toBeGreaterThanOrEqual(CLIENT_DEADLINE_MS);
    expect(eventOf(events, "blackbox.leftovers")).toMatchObject({ count: 0 });
    const pids = [start["pid"], ...(fakeCodex["pids"] as unknown[])] as number[];
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(await isProcessRunning(pid)).toBe(false);
  });
});

describe("the black-box lane on a client that leaks a detached broker", () => {
  it("fails it on the leftover check alone and kills what was left", async () => {
    const result = await runScenario({ scenario: normalTurn, seed: 1, target: "mutant:leaks-detached-broker", deadlineScale: (await calibrateOnce()).effectiveScale });
    const leftovers = eventOf(result.trace.events, "blackbox.leftovers");

    expect(result.verdict).toBe("fail");
    expect(result.invariants.filter((i) => i.status === "fail").map((i) => i.id)).toEqual(["safety:no-leftover-processes"]);
    // The detached broker and the app-server it holds (plus whatever that process started, such as
    // the TypeScript loader's esbuild service): every one of them is found and killed.
    const commands = leftovers["commands"] as string[];
    expect(leftovers["count"]).toBe(commands.length);
    expect(commands.some((c) => c.includes("leaky-broker-client.mjs --serve"))).toBe(true);
    expect(commands.some((c) => c.includes("fake-codex.mjs app-server"))).toBe(true);
    for (const pid of leftovers["pids"] as number[]) expect(await isProcessRunning(pid)).toBe(false);
  });
});
