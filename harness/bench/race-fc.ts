/**
 * The exploration baseline: fast-check's own `fc.scheduler()` driving the SAME race — the
 * heartbeat-channel-race scenario's `run` over the real src/sessions modules, on the same
 * in-memory file tree, judged by the same checks and probes — with fast-check deciding the
 * interleaving instead of the SimKernel. Every delivery the scenario's world posts (each file
 * operation, each due timer) becomes one `s.schedule(...)` task; when nothing is scheduled, virtual
 * time moves to the next timer, as in the kernel. The fault parameters come from the scenario's
 * own arbitrary, as in explore(). What it lacks that explore() has: per-channel FIFO, a
 * replayable/shrinkable choice list, hang detection by quiescence with named pending awaits
 * (a quiet world here is simply a failed run), and the run's result record.
 */
import * as fc from "fast-check";
import { judge } from "../runner/evaluate.ts";
import type { AnyScenario, ScenarioContext, TraceRecord } from "../scenario/types.ts";
import { MemoryFs } from "../sim/memory-fs.ts";
import { Prng } from "../sim/prng.ts";
import { createSimFileSystem } from "../sim/sim-fs.ts";
import { VirtualClock } from "../sim/virtual-clock.ts";
import { SIM_EPOCH_MS } from "../sim/kernel.ts";
import type { LifecycleEvent } from "../../src/runtime/events.ts";

export interface RaceFcResult {
  readonly runs: number;
  readonly failed: boolean;
  /** Scheduled tasks across every run. */
  readonly steps: number;
}

const realNextTick = process.nextTick.bind(process);
const drain = (): Promise<void> => new Promise((resolve) => realNextTick(resolve));

/** One run of `scenario` (target src) under fast-check's scheduler; true when the verdict is pass. */
async function runUnder(s: fc.Scheduler, scenario: AnyScenario, params: unknown, seed: number): Promise<{ pass: boolean; steps: number }> {
  const clock = new VirtualClock(SIM_EPOCH_MS);
  const prng = new Prng(seed);
  const trace: TraceRecord[] = [];
  let steps = 0;
  const emit = (event: LifecycleEvent): void => void trace.push({ step: steps, tMs: clock.elapsedMs(), event });
  const post = (_channel: string, label: string, run: () => void): void => {
    void s.schedule(Promise.resolve(), label).then(() => {
      steps++;
      run();
    });
  };
  const memory = new MemoryFs({ nowMs: () => clock.nowMs() });
  const probeHits = new Map<string, number>();
  const deferred: Array<() => void | Promise<void>> = [];
  let dirs = 0;
  const ctx: ScenarioContext<unknown> = {
    seed,
    lane: "deterministic",
    deadlineScale: 1,
    scaleMs: (ms: number) => ms,
    params,
    clock,
    random: (label) => prng.fork(label),
    world: { clock, random: (label) => prng.fork(label), post, emit },
    fs: createSimFileSystem(post, emit, memory),
    emit,
    probe(id) {
      probeHits.set(id, (probeHits.get(id) ?? 0) + 1);
      emit({ kind: "probe", id });
    },
    track: (_label, promise) => promise,
    hang: () => new Promise<never>(() => {}),
    tempDir(prefix = "run") {
      const path = `/tmp/clp-${prefix}-${dirs++}`;
      memory.mkdir(path, { recursive: true });
      return Promise.resolve(path);
    },
    defer: (fn) => void deferred.push(fn),
  };
  let outcome: { kind: "settled"; value: unknown } | { kind: "rejected"; error: unknown } | undefined;
  Promise.resolve()
    .then(() => scenario.run(ctx, scenario.impl()) as Promise<unknown>)
    .then(
      (value) => (outcome = { kind: "settled", value }),
      (error: unknown) => (outcome = { kind: "rejected", error }),
    );
  for (;;) {
    await drain();
    if (outcome !== undefined) break;
    if (s.count() > 0) {
      await s.waitOne();
      continue;
    }
    if (clock.next(true) === undefined) break;
    const next = clock.next(false) as NonNullable<ReturnType<VirtualClock["next"]>>;
    for (const timer of clock.advanceTo(next.dueMs)) post(`timer#${timer.id}`, timer.label, timer.fn);
  }
  for (const fn of deferred.reverse()) await fn();
  if (outcome === undefined) return { pass: false, steps };
  return { pass: judge(scenario, outcome, trace, probeHits).verdict === "pass", steps };
}

export async function runRaceUnderFcScheduler(options: { readonly scenario: AnyScenario; readonly runs: number; readonly fcSeed: number }): Promise<RaceFcResult> {
  const { scenario } = options;
  const paramsArb: fc.Arbitrary<unknown> = scenario.params?.arbitrary?.(fc) ?? fc.constant(scenario.params?.default);
  let runs = 0;
  let steps = 0;
  const property = fc.asyncProperty(fc.scheduler(), paramsArb, async (s, params) => {
    runs++;
    const r = await runUnder(s, scenario, params, 1);
    steps += r.steps;
    return r.pass;
  });
  const details = await fc.check(property, { numRuns: options.runs, seed: options.fcSeed, endOnFailure: true });
  return { runs, failed: details.failed, steps };
}
