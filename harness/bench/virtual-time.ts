/** Figure 4, virtual time: simulated seconds per wall second over one virtual hour (virtual-hour.ts). */
import type { Figure, FigureOptions } from "./figure.ts";
import { headlineOf, measured } from "./figure.ts";
import { spreadOf } from "./stats.ts";
import { repeat, timed } from "./timing.ts";
import { runVirtualHour, VIRTUAL_HOUR_MS, type VirtualHourResult } from "./virtual-hour.ts";

export async function measureVirtualTime(options: FigureOptions): Promise<Figure> {
  await runVirtualHour({ seed: 0 }); // warm-up (module load, JIT), not measured
  const results = await repeat(options.repeats, async (i) => {
    const { value, wallMs } = await timed(() => runVirtualHour({ seed: i + 1 }));
    if (!value.settled) throw new Error(`virtual hour (seed ${i + 1}) did not settle`);
    return { value, wallMs };
  });
  const rate = spreadOf(results.map((r) => r.value.virtualMs / r.wallMs), "simulated s per wall s");
  const wall = spreadOf(results.map((r) => r.wallMs), "virtual hour wall ms");
  options.log(`virtual hour: ${results.map((r) => `${r.wallMs.toFixed(0)} ms`).join(", ")}`);
  const first: VirtualHourResult | undefined = results[0]?.value;
  return {
    id: "virtual-time",
    title: "Virtual time: one hour of heartbeats and recovery",
    headline: headlineOf("simulated seconds per wall second", "sim s/s", rate),
    measurements: [measured("simulated seconds per wall second", "sim s/s", rate), measured("wall time for one virtual hour", "ms", wall)],
    facts: {
      virtualMs: VIRTUAL_HOUR_MS,
      heartbeatTicks: first?.heartbeatTicks ?? 0,
      kernelSteps: first?.steps ?? 0,
      visibleRuns: first?.visibleRuns ?? 0,
      siblings: first?.siblings ?? 0,
      siblingStalls: first?.siblingStalls ?? 0,
      recoveryOutcomes: { ...(first?.outcomes ?? {}) },
    },
    method:
      "src/sessions composed on the SimKernel (seeded policy, one seed per repetition): the diagnostic heartbeat every 30 s, " +
      "stuck-session recovery for six sibling keys whose lanes stall every 4 to 6.5 minutes, and a visible 200 s embedded run on the same " +
      "transcript every 5 minutes, for 3 600 virtual seconds, after one unmeasured warm-up hour. Rate = virtual ms / wall ms of the " +
      "kernel run (trace recorded, no report).",
  };
}
