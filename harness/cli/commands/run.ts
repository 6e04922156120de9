/**
 * `pnpm scenarios [filter]`: runs the plan one run at a time, writes each proof report as it
 * finishes, then the summary and its projections. On SIGINT it stops after the current run and
 * writes no summary (a partial summary would read like a complete proof). A run that throws is
 * reported as an `error` run, never lost.
 */
import type { RunRequest } from "../../runner/run-scenario.ts";
import type { RunResult } from "../../runner/types.ts";
import type { AnyScenario } from "../../scenario/types.ts";
import { EXIT_CODES, isCaught } from "../../scenario/verdict.ts";
import type { Environment } from "../../report/environment.ts";
import { buildProofReport, explicitReplayCommand, type ProofReport } from "../../report/proof-report.ts";
import { exitCodeFor, runClass, worstClass } from "../../report/outcome.ts";
import type { Summary } from "../../report/summary.ts";
import { createReportWriter, previousWallMs } from "../../report/write.ts";
import { replayRecipe } from "../../explore/replay.ts";
import { seedRanges } from "../../report/summary-md.ts";
import { formatMs, progressLine, type Output } from "../output.ts";
import { itemKey, type PlanItem, type WorkPlan } from "../plan.ts";
import type { PoolJob, RunPool } from "../pool.ts";

export interface RunDeps {
  runScenario(request: RunRequest): Promise<RunResult>;
  /** Fills `sourceFile`/`sourceSha256` for a run that threw before producing a result. */
  sourceInfo(scenario: AnyScenario): { sourceFile: string; sourceSha256: string };
  readonly environment: Environment;
  readonly secrets: readonly string[];
  readonly toolVersion: string;
  readonly stepSummaryPath?: string;
  /** True once the user asked to stop (SIGINT). */
  interrupted(): boolean;
  /** Monotonic wall milliseconds, for durations. */
  wallMs(): number;
  /** Epoch milliseconds, for timestamps. */
  epochMs(): number;
  /** A worker pool for `--jobs` (absent → every run in this thread). */
  createPool?(jobs: number): RunPool;
}

/** What one seed run needs (a pool worker has exactly this). */
export type SeedRunDeps = Pick<RunDeps, "runScenario" | "sourceInfo" | "environment" | "secrets" | "wallMs">;

export interface RunOptions {
  readonly outDir: string;
  /** The exact command line, for the proof block. */
  readonly command: string;
  readonly quiet: boolean;
  readonly json: boolean;
  /** `until-caught`: a mutant's remaining seeds are skipped once one catches it. */
  readonly mutantSeeds?: "all" | "until-caught";
  /** Also write a self-contained HTML timeline per run (`runs/<run>.html`). */
  readonly html?: boolean;
  /** Worker threads for independent runs; absent or 1 → serial. */
  readonly jobs?: number;
  /** `--jobs` given explicitly: use the pool even for a small plan. */
  readonly jobsExplicit?: boolean;
  /** Real-time (process, black-box) runs at once beside the pool; absent → `realTimeJobsFor(jobs)`. */
  readonly realTimeJobs?: number;
}

/**
 * Default real-time runs at once: four per worker, at most 8. They mostly wait (on a child process,
 * on a bound that must pass without an event; see `realTime`): on 2 cores, 8 at once took the
 * default lanes from 24.1 s to 20.2 s (medians of two alternating pairs, same commit, 2026-12-03).
 */
export function realTimeJobsFor(jobs: number): number {
  return Math.max(1, Math.min(8, 4 * jobs));
}

/** Below this many pool-able runs, starting workers costs more than it saves (unless --jobs is given). */
export const POOL_MIN_RUNS = 64;
/**
 * How far ahead of the printed line the pool may run (bounds the results held in memory). The
 * printed line waits on real-time runs of seconds each, so a short window starves the pool: 128 →
 * 1024 took the default lanes from 27.7 s to 23.7 s (medians of two alternating pairs, fresh out
 * dirs, 2026-12-03) for ~20 MB more peak RSS.
 */
const POOL_WINDOW_PER_WORKER = 1024;

/** Deterministic seed runs of files on disk go to the pool. */
function poolable(item: PlanItem): item is Extract<PlanItem, { kind: "seed" }> {
  return item.kind === "seed" && item.scenario.lane === "deterministic" && item.scenario.sourceFile !== undefined;
}

/**
 * Process and black-box runs run in real time against their own wall-clock deadlines: with
 * `--jobs` > 1, pool or not, they start at once in this thread, in plan order, up to `realTimeJobs`
 * at a time, while a pool (if any) runs the deterministic ones. They mostly wait (on a child process, on a bound that must pass
 * without an event), so a few at once cost little CPU; their budgets are widened by the deadline
 * scale calibrated at the start of the run.
 */
function realTime(item: PlanItem): item is Extract<PlanItem, { kind: "seed" }> {
  return item.kind === "seed" && (item.scenario.lane === "process" || item.scenario.lane === "black-box");
}

/** A deterministic run (a corpus replay or a seed) that runs in this thread rather than on the pool. */
function inThisThread(item: PlanItem, pooled: boolean): boolean {
  if (item.kind === "corpus") return true;
  return item.scenario.lane === "deterministic" && !(pooled && poolable(item));
}

/** One plan item in this thread: a corpus replay or a seed run. */
function runHere(item: PlanItem, deps: RunDeps): Promise<Done> {
  return item.kind === "corpus" ? corpusRun(item, deps) : seedRun(item, deps);
}

interface Done {
  readonly result: RunResult;
  readonly report: ProofReport;
  /** A second line for the terminal (corpus replays). */
  readonly note?: string;
}

export async function runCommand(out: Output, plan: WorkPlan, options: RunOptions, deps: RunDeps): Promise<number> {
  const startEpoch = deps.epochMs();
  const start = deps.wallMs();
  // Read before the writer clears the out dir: how long each real-time run took last time.
  const lastWallMs = await previousWallMs(options.outDir);
  const writer = await createReportWriter({ outDir: options.outDir, clear: true, html: options.html === true });
  const items = plan.items;
  const widths = {
    total: items.length,
    id: Math.max(0, ...items.map((p) => p.scenario.id.length)),
    target: Math.max(0, ...items.map((p) => p.target.length)),
  };
  const caught = new Set<string>();
  let skipped = 0;
  let interruptedAt: number | undefined;
  const skips = (item: PlanItem): boolean =>
    options.mutantSeeds === "until-caught" && item.kind === "seed" && item.target !== "src" && caught.has(`${item.scenario.id}|${item.target}`);
  const jobs = options.jobs ?? 1;
  const pool =
    jobs > 1 && deps.createPool !== undefined && (options.jobsExplicit === true || items.filter(poolable).length >= POOL_MIN_RUNS)
      ? deps.createPool(jobs)
      : undefined;
  const ahead = new Map<number, Promise<Done>>();
  // until-caught decides skips in plan order, so real-time runs (seconds each) wait for their turn.
  const overlapRealTime = jobs > 1 && options.mutantSeeds !== "until-caught";
  // A deterministic run in this thread may swap the global timers for virtual ones (the exec world's
  // mock-socket bridge), and a real-time run's timers set meanwhile would never fire: a false hang.
  // So this thread's deterministic runs (the corpus replays; every deterministic run without a pool)
  // all run before the first real-time run starts; their results wait in `ahead`, in plan order.
  if (overlapRealTime && items.some(realTime)) {
    for (const [i, item] of items.entries()) {
      if (deps.interrupted()) break;
      if (!inThisThread(item, pool !== undefined)) continue;
      ahead.set(i, Promise.resolve(await runHere(item, deps)));
    }
  }
  const realTimeState: RealTimeState = { started: [] };
  const realTimeAhead =
    overlapRealTime ? startRealTime(items, ahead, deps, realTimeState, options.realTimeJobs ?? realTimeJobsFor(jobs), lastWallMs) : undefined;
  let dispatched = 0;
  const dispatchUpTo = (last: number): void => {
    if (pool === undefined) return;
    for (; dispatched < items.length && dispatched <= last; dispatched++) {
      const item = items[dispatched] as PlanItem;
      if (!poolable(item) || skips(item)) continue;
      ahead.set(dispatched, pooledRun(pool, item, deps));
    }
  };
  try {
    for (const [i, item] of items.entries()) {
      dispatchUpTo(i + (pool?.size ?? 0) * POOL_WINDOW_PER_WORKER);
      const pending = ahead.get(i);
      ahead.delete(i);
      if (deps.interrupted()) {
        // Graceful Ctrl-C: what ran so far is reported and summarized (marked interrupted) below.
        // A real-time run already under way (started ahead of this line) is finished and reported
        // too: its processes ran, so its proof is not thrown away.
        // Flights start longest first, not in plan order: they are written in plan order here,
        // and `interruptedAt` counts the runs reported.
        interruptedAt = i;
        for (const flight of realTimeState.started.filter((f) => f >= i).sort((a, b) => a - b)) {
          const flying = flight === i ? pending : ahead.get(flight);
          if (flying === undefined) continue;
          const done = await flying;
          const flown = items[flight] as PlanItem;
          await writer.writeRun(done.report, { planIndex: flown.planIndex, corpus: false });
          if (!options.quiet) out.info(progressLine(flight + 1, widths, done.result, { corpus: false }));
          interruptedAt += 1;
        }
        break;
      }
      if (skips(item)) {
        skipped += 1;
        continue;
      }
      const done = await (pending ?? runHere(item, deps));
      await writer.writeRun(done.report, { planIndex: item.planIndex, corpus: item.kind === "corpus" });
      if (item.target !== "src" && isCaught(done.result.verdict, done.result.mutant?.expects)) caught.add(`${item.scenario.id}|${item.target}`);
      if (!options.quiet) out.info(progressLine(i + 1, widths, done.result, { corpus: item.kind === "corpus" }));
      if (!options.quiet && done.note !== undefined) out.info(`         ${done.note}`);
    }
  } finally {
    await pool?.close();
    await realTimeAhead;
  }
  const summary = await writer.finish({
    command: options.command,
    environment: deps.environment,
    generatedAt: new Date(startEpoch).toISOString(),
    wallMs: deps.wallMs() - start,
    startMs: Math.round(startEpoch),
    stopMs: Math.round(deps.epochMs()),
    toolVersion: deps.toolVersion,
    ...(deps.stepSummaryPath === undefined ? {} : { stepSummaryPath: deps.stepSummaryPath }),
    ...(plan.shard === undefined ? {} : { shard: { ...plan.shard, planRuns: plan.planRuns } }),
    ...(interruptedAt === undefined ? {} : { interrupted: { afterRuns: interruptedAt, planRuns: items.length } }),
  });
  if (interruptedAt !== undefined) {
    out.error(`interrupted after ${interruptedAt}/${items.length} runs; the summary of those runs is in ${options.outDir}/summary.md (a partial proof)`);
    return EXIT_CODES.interrupted;
  }
  if (plan.shard === undefined) for (const line of survivorLines(summary)) out.info(line);
  if (skipped > 0) out.info(`--mutant-seeds until-caught: skipped ${skipped} mutant runs after their mutant was caught`);
  out.info(finalLine(summary, options.outDir));
  if (options.json) out.data(JSON.stringify(summary, null, 2));
  if (plan.shard === undefined) return summary.exitCode;
  out.info(`shard ${plan.shard.index}/${plan.shard.count}: a mutant's verdict needs every shard — \`pnpm scenarios merge\` gives it`);
  return shardExitCode(summary);
}

/**
 * A shard holds only some seeds of a mutant, and a mutant is judged over all of them (caught on any
 * seed → ok, whatever the others said), so a shard's exit counts its target runs only; the merge
 * judges the mutants.
 */
export function shardExitCode(summary: Summary): number {
  return exitCodeFor(worstClass(summary.runs.filter((r) => r.target === "src").map((r) => runClass(r.verdict, r.target))));
}

/** Plan indices of the real-time runs started so far, in start order (each one's result waits in `ahead`). */
interface RealTimeState {
  readonly started: number[];
}

/**
 * Runs the plan's real-time items from now, `slots` at a time; each result waits in `ahead`. The
 * runs that took longest in the previous run of this out dir start first (runs it does not know
 * go ahead of the known ones, mutants before src, each in plan order), so a 10-second run does not
 * start last and set the wall time alone. Output and reports stay in plan order whatever the start order.
 */
async function startRealTime(
  items: readonly PlanItem[],
  ahead: Map<number, Promise<Done>>,
  deps: RunDeps,
  state: RealTimeState,
  slots: number,
  lastWallMs: ReadonlyMap<string, number>,
): Promise<void> {
  const queued: Array<{ index: number; item: Extract<PlanItem, { kind: "seed" }>; resolve: (done: Done) => void }> = [];
  items.forEach((item, index) => {
    if (realTime(item)) ahead.set(index, new Promise<Done>((resolve) => queued.push({ index, item, resolve })));
  });
  // A run with no previous time goes first: a mutant's before a src run's, since a mutant's run is
  // the one that waits out a bound (a turn that never settles, a client that never exits).
  const unknown = (job: (typeof queued)[number]): number => (job.item.target === "src" ? Number.MAX_VALUE : Number.POSITIVE_INFINITY);
  const expected = (job: (typeof queued)[number]): number => lastWallMs.get(itemKey(job.item)) ?? unknown(job);
  // Array.prototype.sort is stable: equal expectations keep plan order.
  queued.sort((a, b) => expected(b) - expected(a) || a.index - b.index);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const job = queued[next];
      if (job === undefined || deps.interrupted()) return;
      next += 1;
      state.started.push(job.index);
      job.resolve(await seedRun(job.item, deps));
    }
  };
  await Promise.all(Array.from({ length: slots }, () => lane()));
}

/** One seed run on a pool worker; a worker that fails is an `error` run, as a throwing run is. */
async function pooledRun(pool: RunPool, item: Extract<PlanItem, { kind: "seed" }>, deps: RunDeps): Promise<Done> {
  const job: PoolJob = {
    scenarioId: item.scenario.id,
    sourceFile: item.scenario.sourceFile as string,
    ...(item.scenario.projectRoot === undefined ? {} : { projectRoot: item.scenario.projectRoot }),
    seed: item.seed,
    target: item.target,
    planIndex: item.planIndex,
    ...(item.choices === undefined ? {} : { choices: item.choices }),
    ...(item.params === undefined ? {} : { params: item.params }),
  };
  try {
    return await pool.run(job);
  } catch (error) {
    const result = errorResult(item, error, deps, 0);
    return { result, report: buildProofReport(result, { environment: deps.environment, secrets: deps.secrets }) };
  }
}

export async function seedRun(item: Extract<PlanItem, { kind: "seed" }>, deps: SeedRunDeps): Promise<Done> {
  const result = await safeRun(item, deps);
  const explicit = item.choices !== undefined || item.params !== undefined;
  const replay = explicit ? { replayCommand: explicitReplayCommand({ ...result, scenarioId: result.scenarioId }) } : {};
  return { result, report: buildProofReport(result, { environment: deps.environment, secrets: deps.secrets, ...replay }) };
}

/** A corpus entry is replayed exactly; whether it reproduced its digest is a note, the verdict judges it. */
async function corpusRun(item: Extract<PlanItem, { kind: "corpus" }>, deps: RunDeps): Promise<Done> {
  try {
    const outcome = await replayRecipe(item.recipe, item.scenario, {
      run: (request) => deps.runScenario(request),
      buildReport: (result, options) => buildProofReport(result, { environment: deps.environment, secrets: deps.secrets, ...options }),
    });
    const note =
      outcome.status === "reproduced"
        ? `corpus ${item.file}: reproduced its digest`
        : `corpus ${item.file}: ${outcome.message}; re-record it with --explore --save-corpus`;
    return { result: outcome.result, report: outcome.report, note };
  } catch (error) {
    const started = deps.wallMs();
    const result = errorResult(item, error, deps, deps.wallMs() - started);
    return { result, report: buildProofReport(result, { environment: deps.environment, secrets: deps.secrets }) };
  }
}

async function safeRun(planned: Extract<PlanItem, { kind: "seed" }>, deps: SeedRunDeps): Promise<RunResult> {
  const started = deps.wallMs();
  const { scenario, seed, target } = planned;
  try {
    return await deps.runScenario({
      scenario,
      seed,
      target,
      ...(planned.choices === undefined ? {} : { choices: planned.choices }),
      ...(planned.params === undefined ? {} : { params: planned.params }),
    });
  } catch (error) {
    return errorResult(planned, error, deps, deps.wallMs() - started);
  }
}

export function errorResult(planned: Pick<PlanItem, "scenario" | "seed" | "target">, error: unknown, deps: Pick<RunDeps, "sourceInfo">, wallMs: number): RunResult {
  const { scenario, seed, target } = planned;
  const message = error instanceof Error ? error.message : String(error);
  const mutant = scenario.mutants.find((m) => `mutant:${m.id}` === target);
  return {
    scenarioId: scenario.id,
    title: scenario.title,
    behavior: scenario.behavior,
    ...deps.sourceInfo(scenario),
    lane: scenario.lane,
    target,
    ...(mutant === undefined ? {} : { mutant: { id: mutant.id, title: mutant.title, recreates: mutant.recreates } }),
    seed,
    choices: [],
    schedule: [],
    params: null,
    verdict: "error",
    reason: `the runner threw: ${message}`,
    invariants: [],
    probes: [],
    error: error instanceof Error && error.stack !== undefined ? { message, stack: error.stack } : { message },
    trace: { events: [], dropped: 0, total: 0 },
    stats: { steps: 0, virtualMs: 0 },
    wallMs,
    notTested: [...(scenario.notTested ?? [])],
  };
}

function survivorLines(summary: Summary): string[] {
  return summary.scenarios.flatMap((s) =>
    s.mutants
      .filter((m) => !m.caught)
      .map((m) =>
        m.verdict === "pass"
          ? `SURVIVED  ${s.id}  mutant:${m.id} on every seed (${seedRanges(m.seeds)}): the scenario does not catch it`
          : `NOT JUDGED  ${s.id}  mutant:${m.id}: ${m.verdict} on every seed that did not catch it`,
      ),
  );
}

export function finalLine(summary: Summary, outDir: string): string {
  const t = summary.totals;
  const targetRuns = Object.values(t.target).reduce((a, b) => a + b, 0);
  const outcome = summary.outcome === "ok" ? "ok" : summary.outcome.toUpperCase();
  return (
    `${t.runs} runs in ${formatMs(summary.wallMs)}: target ${t.target.pass}/${targetRuns} pass; ` +
    `mutants ${t.mutants.caught}/${t.mutants.total} caught — ${outcome} (exit ${summary.exitCode}). ` +
    `Proof: ${outDir}/summary.md`
  );
}
