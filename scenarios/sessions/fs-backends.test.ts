/**
 * The deterministic lane runs the session scenarios on the in-memory file tree; this keeps the
 * real-temp-file backend as a check that the two agree: for the first seeds of every session
 * scenario, against src and every mutant, the proof digest (which covers the verdict, every
 * invariant, the schedule and the whole trace, file operations and their error codes included)
 * is identical on both.
 */
import { describe, expect, it } from "vitest";
import { discoverScenarios } from "../../harness/runner/discover.ts";
import { runScenario } from "../../harness/runner/run-scenario.ts";
import type { Target } from "../../harness/runner/types.ts";
import { buildProofReport } from "../../harness/report/proof-report.ts";

const SEEDS_PER_SCENARIO = 3;
const sessions = (await discoverScenarios()).filter((s) => s.id.startsWith("sessions/") && s.lane === "deterministic");

describe.each(sessions.map((s) => [s.id, s] as const))("%s: in-memory and real files agree", (_id, scenario) => {
  const targets: Target[] = ["src", ...scenario.mutants.map((m) => `mutant:${m.id}` as const)];
  it.each(targets)("%s", async (target) => {
    for (const seed of scenario.seeds.slice(0, SEEDS_PER_SCENARIO)) {
      const memory = await runScenario({ scenario, seed, target, fileSystem: "memory" });
      const real = await runScenario({ scenario, seed, target, fileSystem: "real" });
      expect({ seed, verdict: real.verdict, reason: real.reason }).toEqual({ seed, verdict: memory.verdict, reason: memory.reason });
      expect(buildProofReport(real, { secrets: [] }).digest.value).toBe(buildProofReport(memory, { secrets: [] }).digest.value);
    }
  });
});

it("finds the session scenarios", () => {
  expect(sessions.length).toBeGreaterThan(3);
});
