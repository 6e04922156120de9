/**
 * The integration layer's verdicts, as test-file building blocks: every discovered scenario passes
 * on every declared seed against src, and every mutant is caught on at least one declared seed by a
 * violated check (`fail`) or by the verdict it declares (`expects`, e.g. `hang`) — never by an
 * `error`. A mutant that survives voids the scenario's proof. The checks are split over several
 * test files (by lane, and the 500-seed heartbeat race by seed halves) only so vitest runs them in
 * parallel; together they cover every scenario, seed and mutant exactly as one file would.
 */
import { expect, it } from "vitest";
import { discoverScenarios } from "../harness/runner/discover.ts";
import { calibrateOnce } from "../harness/runner/deadline-scale.ts";
import { runScenario as runOnce, type RunRequest } from "../harness/runner/run-scenario.ts";
import type { RunResult } from "../harness/runner/types.ts";
import type { AnyScenario } from "../harness/scenario/types.ts";
import { isCaught } from "../harness/scenario/verdict.ts";

/** Real-time lanes get the machine's calibrated deadline scale, as under `pnpm scenarios`. */
async function runScenario(request: RunRequest): Promise<RunResult> {
  if (request.scenario.lane === "deterministic") return runOnce(request);
  return runOnce({ ...request, deadlineScale: (await calibrateOnce()).effectiveScale });
}

/** The scenario whose src seeds are split across two files (it has 500 of them). */
export const SPLIT_SCENARIO = "sessions/heartbeat-channel-race";

export async function nonLiveScenarios(): Promise<AnyScenario[]> {
  // The live and upstream lanes install large pinned packages and run real clients: `pnpm scenarios --lane live|upstream`.
  return (await discoverScenarios()).filter((s) => s.lane !== "live" && s.lane !== "upstream");
}

/** `part` of `parts` of the declared seeds (contiguous slices; all parts together = every seed). */
export function seedSlice(seeds: readonly number[], part: number, parts: number): readonly number[] {
  const size = Math.ceil(seeds.length / parts);
  return seeds.slice(part * size, (part + 1) * size);
}

export function srcPassesOn(scenario: AnyScenario, seeds: readonly number[], title = "passes against src on every declared seed"): void {
  it(title, async () => {
    expect(seeds.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const seed of seeds) {
      const r = await runScenario({ scenario, seed, target: "src" });
      if (r.verdict !== "pass") failures.push(`seed ${seed}: ${r.verdict} — ${r.reason}`);
    }
    expect(failures).toEqual([]);
  });
}

export function mutantsCaught(scenario: AnyScenario): void {
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
}
