/**
 * Figure 5, lane cost: one story in the deterministic lane and in the process lane. The headline
 * pair is exec/concurrent-get-2-after-disconnect (mock-socket, virtual time) and its -loopback
 * sibling (the same scenario factory over `ws` on 127.0.0.1 and the real clock). A second pair,
 * the broker's upstream crash, prices real child processes: broker/upstream-crash-mid-turn (in
 * process) against broker/process-upstream-crash (a broker process and a fake app-server child).
 * Ratio = process / deterministic.
 */
import { runScenario } from "../runner/run-scenario.ts";
import type { Figure, FigureOptions } from "./figure.ts";
import { measured, ratioHeadline } from "./figure.ts";
import { scenarioById } from "./scenarios.ts";
import { ratioOf, spreadOf } from "./stats.ts";
import { repeat, timed } from "./timing.ts";

export const LANE_PAIR = { deterministic: "exec/concurrent-get-2-after-disconnect", process: "exec/concurrent-get-2-after-disconnect-loopback" } as const;
export const BROKER_PAIR = { deterministic: "broker/upstream-crash-mid-turn", process: "broker/process-upstream-crash" } as const;

async function runOnce(id: string): Promise<{ wallMs: number; verdict: string; lane: string }> {
  const scenario = await scenarioById(id);
  const { value, wallMs } = await timed(() => runScenario({ scenario, seed: scenario.seeds[0] ?? 1, target: "src" }));
  return { wallMs, verdict: value.verdict, lane: value.lane };
}

export async function measureLaneCost(options: FigureOptions): Promise<Figure> {
  // Warm-up (module load, JIT, first socket, first child process), not measured.
  for (const id of [...Object.values(LANE_PAIR), ...Object.values(BROKER_PAIR)]) await runOnce(id);
  const pairs = await repeat(options.repeats, async () => ({ det: await runOnce(LANE_PAIR.deterministic), proc: await runOnce(LANE_PAIR.process) }));
  const brokers = await repeat(options.repeats, async () => ({ det: await runOnce(BROKER_PAIR.deterministic), proc: await runOnce(BROKER_PAIR.process) }));
  const det = spreadOf(pairs.map((p) => p.det.wallMs), "deterministic lane ms");
  const proc = spreadOf(pairs.map((p) => p.proc.wallMs), "process lane ms");
  const brokerDet = spreadOf(brokers.map((p) => p.det.wallMs), "broker deterministic ms");
  const brokerProc = spreadOf(brokers.map((p) => p.proc.wallMs), "broker process ms");
  const brokerRatio = ratioOf(brokerProc, brokerDet);
  options.log(`lane cost: exec ${det.median.toFixed(1)} → ${proc.median.toFixed(1)} ms, broker ${brokerDet.median.toFixed(1)} → ${brokerProc.median.toFixed(1)} ms (medians)`);
  return {
    id: "lane-cost",
    title: "Lane cost: the same scenario in the deterministic and the process lane",
    headline: ratioHeadline("process lane / deterministic lane", ratioOf(proc, det), pairs.length),
    measurements: [
      measured(`${LANE_PAIR.deterministic} (deterministic)`, "ms", det),
      measured(`${LANE_PAIR.process} (process)`, "ms", proc),
      measured(`${BROKER_PAIR.deterministic} (deterministic)`, "ms", brokerDet),
      measured(`${BROKER_PAIR.process} (process, real child processes)`, "ms", brokerProc),
    ],
    moreRatios: [ratioHeadline("broker pair: process lane / deterministic lane", brokerRatio, brokers.length)],
    facts: {
      deterministic: { id: LANE_PAIR.deterministic, lane: pairs[0]?.det.lane ?? "", verdicts: pairs.map((p) => p.det.verdict) },
      process: { id: LANE_PAIR.process, lane: pairs[0]?.proc.lane ?? "", verdicts: pairs.map((p) => p.proc.verdict) },
      brokerVerdicts: { deterministic: brokers.map((p) => p.det.verdict), process: brokers.map((p) => p.proc.verdict) },
    },
    method:
      "runScenario on the first declared seed, target src, after one unmeasured warm-up run of each, the two lanes one after the other in each " +
      "repetition; wall time of the whole run including set-up and cleanup. The exec pair is one scenario factory in both lanes " +
      "(the process side starts a real ws server on loopback, no child process); the broker pair tells the same story but the " +
      "process side spawns a real broker and a real fake app-server, so its ratio (the second ratio row) prices child processes too.",
  };
}
