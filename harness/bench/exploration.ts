/**
 * Figure 3, exploration throughput on the heartbeat race. Ours: explore() on
 * sessions/heartbeat-channel-race (target src, so nothing fails and every run is a fresh schedule):
 * fast-check generates a choice list and fault parameters, the SimKernel runs the real
 * src/sessions modules on the in-memory file tree, checkers judge, for a fixed number of runs.
 * Baseline: fast-check's fc.scheduler() driving the same scenario over the same modules, tree,
 * parameters and checks (race-fc.ts), the same number of runs, in the same process.
 */
import { explore } from "../explore/explore.ts";
import type { Figure, FigureOptions } from "./figure.ts";
import { measured, ratioHeadline } from "./figure.ts";
import { runRaceUnderFcScheduler } from "./race-fc.ts";
import { scenarioById } from "./scenarios.ts";
import { ratioOf, spreadOf } from "./stats.ts";
import { repeat, timed } from "./timing.ts";

export const RACE_SCENARIO = "sessions/heartbeat-channel-race";

export async function exploreRace(runs: number, fcSeed: number): Promise<{ runs: number; failed: boolean; wallMs: number }> {
  const scenario = await scenarioById(RACE_SCENARIO);
  const { value, wallMs } = await timed(() => explore({ scenario, target: "src", seed: 1, runs, timeLimitMs: 600_000, fcSeed }));
  return { runs: value.runs, failed: value.failure !== undefined, wallMs };
}

export async function baselineRace(runs: number, fcSeed: number): Promise<{ runs: number; failed: boolean; steps: number; wallMs: number }> {
  const scenario = await scenarioById(RACE_SCENARIO);
  const { value, wallMs } = await timed(() => runRaceUnderFcScheduler({ scenario, runs, fcSeed }));
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
        `fc.scheduler over the same modules ${(pair.base.runs / (pair.base.wallMs / 1000)).toFixed(0)} runs/s`,
    );
    return pair;
  });
  const ours = spreadOf(pairs.map((p) => p.ours.runs / (p.ours.wallMs / 1000)), "explore schedules/s");
  const base = spreadOf(pairs.map((p) => p.base.runs / (p.base.wallMs / 1000)), "fc.scheduler schedules/s");
  return {
    id: "exploration",
    title: "Exploration throughput on the heartbeat race",
    headline: ratioHeadline("explore() / fc.scheduler over the same real modules", ratioOf(ours, base), pairs.length),
    measurements: [
      measured("explore() schedules per second", "schedules/s", ours),
      measured("fc.scheduler over the same modules, schedules per second", "schedules/s", base),
    ],
    facts: {
      scenario: RACE_SCENARIO,
      runsPerRepetition: options.runs,
      exploreFailures: pairs.filter((p) => p.ours.failed).length,
      baselineFailures: pairs.filter((p) => p.base.failed).length,
      baselineStepsPerRun: Math.round((pairs[0]?.base.steps ?? 0) / options.runs),
    },
    method:
      `explore() on ${RACE_SCENARIO} (target src, kernel seed 1, a fresh fast-check seed per repetition) for a fixed number of runs: ` +
      "each run is a generated choice list and fault-parameter set, run by the SimKernel over the real src/sessions modules on the " +
      "in-memory file tree and judged by the scenario's checkers (no reports written). The baseline runs the same scenario the same " +
      "number of times with fast-check's fc.scheduler() deciding the interleaving instead (harness/bench/race-fc.ts): the same run " +
      "function, src modules, in-memory tree, parameter arbitrary, checks and probes; every file operation and due timer is one " +
      "scheduled task. Both sides alternate which goes first. The baseline cannot replay or shrink an interleaving; the choice list can.",
  };
}
