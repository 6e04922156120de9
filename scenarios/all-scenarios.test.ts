/**
 * The integration layer's verdicts: every discovered scenario passes on every declared seed against
 * src, and every mutant is caught on at least one declared seed by a violated check (`fail`) or by
 * the verdict it declares (`expects`, e.g. `hang`) — never by an `error`. A mutant that survives
 * voids the scenario's proof.
 */
import { describe, expect, it, vi } from "vitest";
import { discoverScenarios } from "../harness/runner/discover.ts";
import { calibrateOnce } from "../harness/runner/deadline-scale.ts";
import { runScenario as runOnce, type RunRequest } from "../harness/runner/run-scenario.ts";
import { isCaught } from "../harness/scenario/verdict.ts";

// A loaded machine widens real-time deadlines (calibrateOnce), so a test may take longer than the default.
vi.setConfig({ testTimeout: 300_000 });

/** Real-time lanes get the machine's calibrated deadline scale, as under `pnpm scenarios`. */
async function runScenario(request: RunRequest) {
  if (request.scenario.lane === "deterministic") return runOnce(request);
  return runOnce({ ...request, deadlineScale: (await calibrateOnce()).effectiveScale });
}

const scenarios = (await discoverScenarios()).filter((s) => s.lane !== "live");

describe.each(scenarios.map((s) => [s.id, s] as const))("%s", (_id, scenario) => {
  it("passes against src on every declared seed", async () => {
    const failures: string[] = [];
    for (const seed of scenario.seeds) {
      const r = await runScenario({ scenario, seed, target: "src" });
      if (r.verdict !== "pass") failures.push(`seed ${seed}: ${r.verdict} — ${r.reason}`);
    }
    expect(failures).toEqual([]);
  });

  for (const mutant of scenario.mutants) {
    it(`catches the mutant ${mutant.id}, naming the violated invariant`, async () => {
      const verdicts: string[] = [];
      for (const seed of scenario.seeds) {
        const r = await runScenario({ scenario, seed, target: `mutant:${mutant.id}` });
        verdicts.push(`seed ${seed}: ${r.verdict} — ${r.reason.slice(0, 160)}`);
        if (isCaught(r.verdict, mutant.expects)) {
          const violated = r.invariants.filter((i) => i.status === "fail");
          expect(violated.length).toBeGreaterThan(0);
          expect(r.reason).toContain(violated[0]?.id ?? "<none>");
          return;
        }
      }
      expect.fail(`mutant ${mutant.id} survived every seed: ${verdicts.slice(0, 5).join("; ")}`);
    });
  }
});

it("discovers at least one scenario", () => {
  expect(scenarios.length).toBeGreaterThan(0);
});
