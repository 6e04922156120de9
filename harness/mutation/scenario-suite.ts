/**
 * The scenario verdicts `pnpm mutate` judges each mutant of src/ by: every deterministic-lane
 * scenario of one area passes on its seeds, and every hand-written mutant is still caught. One test
 * per scenario and per hand-written mutant, and one test file per area, so Stryker's per-test
 * coverage re-runs (and re-imports) only the scenarios that reach a mutated line. The process,
 * black-box and live lanes run src/ in child processes or under wall-clock deadlines; `pnpm test`
 * covers them.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverScenarios, SCENARIOS_DIR } from "../runner/discover.ts";
import { runScenario } from "../runner/run-scenario.ts";
import { isCaught } from "../scenario/verdict.ts";
import type { AnyScenario } from "../scenario/types.ts";

/** The areas with a `<area>.mutation.ts` file beside this one. */
export const MUTATION_AREAS = ["broker", "codex", "exec", "sessions", "turn"] as const;

/** `other.mutation.ts` takes every area not listed in MUTATION_AREAS. */
export type MutationArea = (typeof MUTATION_AREAS)[number] | "other";

/**
 * The first seeds of a scenario only: the 500- and 200-schedule explorations would cost every
 * mutant they reach seconds of the same interleavings. `pnpm test` still runs every declared seed.
 */
export const MUTATION_SEED_CAP = 20;

const seedsOf = (scenario: AnyScenario): readonly number[] => scenario.seeds.slice(0, MUTATION_SEED_CAP);

export function scenarioAreas(): string[] {
  return readdirSync(SCENARIOS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function scenariosOf(area: MutationArea): Promise<AnyScenario[]> {
  const listed: readonly string[] = MUTATION_AREAS;
  const dirs = area === "other" ? scenarioAreas().filter((a) => !listed.includes(a)) : [area];
  const found: AnyScenario[] = [];
  for (const dir of dirs) found.push(...(await discoverScenarios(join(SCENARIOS_DIR, dir))));
  return found.filter((s) => s.lane === "deterministic");
}

export async function defineAreaSuite(area: MutationArea): Promise<void> {
  const scenarios = await scenariosOf(area);

  describe.each(scenarios.map((s) => [s.id, s] as const))("%s", (_id, scenario) => {
    it("passes against src", async () => {
      const failures: string[] = [];
      for (const seed of seedsOf(scenario)) {
        const r = await runScenario({ scenario, seed, target: "src" });
        if (r.verdict !== "pass") failures.push(`seed ${seed}: ${r.verdict} — ${r.reason}`);
      }
      expect(failures).toEqual([]);
    });

    for (const mutant of scenario.mutants) {
      it(`catches the mutant ${mutant.id}`, async () => {
        for (const seed of seedsOf(scenario)) {
          const r = await runScenario({ scenario, seed, target: `mutant:${mutant.id}` });
          if (isCaught(r.verdict, mutant.expects)) return;
        }
        expect.fail(`mutant ${mutant.id} survived every seed`);
      });
    }
  });

  if (area !== "other") {
    it(`finds the deterministic scenarios of ${area}/`, () => {
      expect(scenarios.length).toBeGreaterThan(0);
    });
  } else if (scenarios.length === 0) {
    it.skip("no deterministic scenario lives outside the named areas", () => {});
  }
}
