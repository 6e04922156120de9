/**
 * Figure 3, exploration throughput on the heartbeat race. Ours: explore() on
 * sessions/heartbeat-channel-race (target src, so nothing fails and every run is a fresh schedule):
 * fast-check generates a choice list, the SimKernel runs the real src/sessions modules on real temp
 * files, checkers judge, for a fixed number of runs. Baseline: a plain fc.scheduler() property over
 * the race-model.ts skeleton of the same race, the same number of runs, in the same process.
 */
import { explore } from "../explore/explore.ts";
import type { Figure, FigureOptions } from "./figure.ts";
import { measured, ratioHeadline } from "./figure.ts";
import { runRaceModel } from "./race-model.ts";
import { scenarioById } from "./scenarios.ts";
import { ratioOf, spreadOf } from "./stats.ts";
import { repeat, timed } from "./timing.ts";

export const RACE_SCENARIO = "sessions/heartbeat-channel-race";

export async function exploreRace(runs: number, fcSeed: number): Promise<{ runs: number; failed: boolean; wallMs: number }> {
  const scenario = await scenarioById(RACE_SCENARIO);
  const { value, wallMs } = await timed(() => explore({ scenario, target: "src", seed: 1, runs, timeLimitMs: 600_000, fcSeed }));
  return { runs: value.runs, failed: value.failure !== undefined, wallMs };
}

export async function baselineRace(runs: number, seed: number): Promise<{ runs: number; failed: boolean; steps: number; wallMs: number }> {
  const { value, wallMs } = await timed(() => runRaceModel({ runs, seed, withOwner: true }));
  return { ...value, wallMs };
}

export async function measureExploration(options: FigureOptions & { readonly runs: number }): Promise<Figure> {
  const pairs = await repeat(options.repeats, async (i) => {
    const fcSeed = 1000 + i;
    // Side by side, alternating which side goes first, so a drift in the machine's load hits both.
    let ours: Awaited<ReturnType<typeof exploreRace>>;
    let base: Awaited<ReturnType<typeof baselineRace>>;
    if (i % 2 === 0) {
      ours = await exploreRace(options.runs, fcSeed);
      base = await baselineRace(options.runs, fcSeed);
    } else {
      base = await baselineRace(options.runs, fcSeed);
      ours = await exploreRace(options.runs, fcSeed);
    }
    const pair = { ours, base };
    options.log(
      `exploration ${i + 1}/${options.repeats}: explore ${(pair.ours.runs / (pair.ours.wallMs / 1000)).toFixed(0)} schedules/s, ` +
        `fc.scheduler model ${(pair.base.runs / (pair.base.wallMs / 1000)).toFixed(0)} runs/s`,
    );
    return pair;
  });
  const ours = spreadOf(pairs.map((p) => p.ours.runs / (p.ours.wallMs / 1000)), "explore schedules/s");
  const base = spreadOf(pairs.map((p) => p.base.runs / (p.base.wallMs / 1000)), "fc.scheduler runs/s");
  return {
    id: "exploration",
    title: "Exploration throughput on the heartbeat race",
    headline: ratioHeadline("explore() / plain fc.scheduler model", ratioOf(ours, base), pairs.length),
    measurements: [measured("explore() schedules per second", "schedules/s", ours), measured("fc.scheduler model runs per second", "runs/s", base)],
    facts: {
      scenario: RACE_SCENARIO,
      runsPerRepetition: options.runs,
      exploreFailures: pairs.filter((p) => p.ours.failed).length,
      baselineFailures: pairs.filter((p) => p.base.failed).length,
      baselineStepsPerRun: Math.round((pairs[0]?.base.steps ?? 0) / options.runs),
    },
    method:
      `explore() on ${RACE_SCENARIO} (target src, kernel seed 1, a fresh fast-check seed per repetition) for a fixed number of runs: ` +
      "each run is a generated choice list replayed by the SimKernel over the real src/sessions modules on real temp files, judged by " +
      "the scenario's checkers (no reports written). The baseline is a plain fast-check fc.scheduler() property over a skeleton of the " +
      "same race (harness/bench/race-model.ts: 2 rounds × 2 lanes, owner → lock → prompt → model → reply, every step one scheduled " +
      "promise, no file system, no src modules, no checkers). The ratio prices running the real modules under the kernel against a " +
      "toy model of the ordering alone; the baseline also cannot shrink an interleaving, which the choice list can.",
  };
}
