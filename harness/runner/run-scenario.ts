/**
 * Runs one scenario once: one seed, one target (`src` or `mutant:<id>`), in the scenario's lane,
 * and returns the judged RunResult. Cleanup always runs, last-in-first-out.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { AnyScenario, Json } from "../scenario/types.ts";
import { SimKernel, type FileSystemBackend, type PolicySpec, type RunUntilResult } from "../sim/kernel.ts";
import { createContext, type LaneDriver } from "./context.ts";
import { holdToViolates, judge, RUN_COMPLETES } from "./evaluate.ts";
import { armedDuring, describeRealArms, newRealResources, realResources, type RealArm } from "./real-time.ts";
import { buildAliases, toJson } from "./normalize.ts";
import { RealDriver } from "./real-driver.ts";
import type { RunResult, Target } from "./types.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
/** Trace events kept in a report (the checkers see all of them). */
export const REPORT_TRACE_LIMIT = 400;
const DEFAULT_WALL_MS = 30_000;

export interface RunRequest {
  readonly scenario: AnyScenario;
  readonly seed: number;
  readonly target: Target;
  /** Replays an exact interleaving; omitted → the seeded policy. */
  readonly choices?: readonly number[];
  readonly policy?: "fifo" | "seeded";
  /** Fault parameters; omitted → the scenario's defaults. */
  readonly params?: unknown;
  /** For replay: the task ids a recorded run picked at each decision point. */
  readonly expectedSchedule?: readonly number[];
  /** Multiplies the wall budget of real-time lanes (a slow runner); default 1. */
  readonly deadlineScale?: number;
  /** Deterministic lane: the in-memory file tree (default) or real temp directories. */
  readonly fileSystem?: FileSystemBackend;
  /**
   * `verdict`: judge only — no trace, outcome or path normalization (exploration keeps only the
   * verdict and choices of the runs it does not report, and re-runs the one it reports in full).
   */
  readonly detail?: "full" | "verdict";
}

export class UnknownTargetError extends Error {
  constructor(scenarioId: string, target: string, known: readonly string[]) {
    super(`scenario "${scenarioId}" has no target "${target}"; known: src, ${known.map((k) => `mutant:${k}`).join(", ") || "(no mutants)"}`);
    this.name = "UnknownTargetError";
  }
}

function resolveImpl(scenario: AnyScenario, target: Target): { impl: unknown; mutant?: RunResult["mutant"]; violates?: readonly string[] } {
  const base: unknown = scenario.impl();
  if (target === "src") return { impl: base };
  const id = target.slice("mutant:".length);
  const mutant = scenario.mutants.find((m) => m.id === id);
  if (mutant === undefined) throw new UnknownTargetError(scenario.id, target, scenario.mutants.map((m) => m.id));
  return {
    impl: mutant.impl(base),
    mutant: { id: mutant.id, title: mutant.title, recreates: mutant.recreates, ...(mutant.expects === undefined ? {} : { expects: [...mutant.expects] }) },
    ...(mutant.violates === undefined ? {} : { violates: mutant.violates }),
  };
}

const sourceInfoByFile = new Map<string, { sourceFile: string; sourceSha256: string }>();

/** The scenario's file and its sha256, read once per file per process (a suite runs a file hundreds of times). */
export function sourceInfo(scenario: AnyScenario): { sourceFile: string; sourceSha256: string } {
  const file = scenario.sourceFile;
  if (file === undefined) return { sourceFile: "<inline>", sourceSha256: "" };
  let info = sourceInfoByFile.get(file);
  if (info === undefined) {
    info = { sourceFile: relative(scenario.projectRoot ?? REPO_ROOT, file), sourceSha256: createHash("sha256").update(readFileSync(file)).digest("hex") };
    sourceInfoByFile.set(file, info);
  }
  return info;
}

function policyOf(request: RunRequest): PolicySpec {
  if (request.choices !== undefined) return { kind: "list", choices: request.choices };
  return { kind: request.policy ?? "seeded" };
}

/**
 * Runs the request. A deterministic run that went quiet while real timers, sockets or file
 * operations it armed were still pending is repeated once (it is deterministic) to name where
 * they were armed: that is why it went quiet.
 */
export async function runScenario(request: RunRequest): Promise<RunResult> {
  if (request.scenario.lane !== "deterministic") return runOnce(request);
  const before = realResources();
  const result = await runOnce(request);
  if (result.hang?.reason !== "quiescent" || newRealResources(before, realResources()).length === 0) return result;
  const arms = await armedDuring(() => runOnce(request), REPO_ROOT);
  return arms.length === 0 ? result : withRealTimeDiagnosis(result, arms);
}

function withRealTimeDiagnosis(result: RunResult, arms: readonly RealArm[]): RunResult {
  const note = describeRealArms(arms);
  const realTime = arms.map((a) => ({ ...a })) as unknown as Json;
  return {
    ...result,
    reason: `${result.reason} — ${note}`,
    invariants: result.invariants.map((inv) =>
      inv.id === RUN_COMPLETES && inv.firstViolation !== undefined
        ? { ...inv, firstViolation: { ...inv.firstViolation, message: `${inv.firstViolation.message} — ${note}` }, evidence: { ...(inv.evidence as object), realTime } as Json }
        : inv,
    ),
  };
}

/** Scheduling decisions a report keeps of a run that overran its budget (the seed replays the rest). */
export const REPORT_DECISION_LIMIT = 1000;

/**
 * The run's scheduling decisions. A seeded run that overran a budget keeps only its first
 * decisions (a runaway loop makes hundreds of thousands; the seed replays them exactly).
 */
function decisions(kernel: SimKernel | undefined, request: RunRequest, hang: RunResult["hang"]): Pick<RunResult, "choices" | "schedule" | "decisionsDropped"> {
  if (kernel === undefined) return { choices: [], schedule: [] };
  const choices = kernel.choices();
  const schedule = kernel.schedule();
  const seeded = request.choices === undefined && (request.policy ?? "seeded") === "seeded";
  if (!seeded || hang?.reason.startsWith("budget:") !== true || choices.length <= REPORT_DECISION_LIMIT) return { choices: [...choices], schedule: [...schedule] };
  return { choices: choices.slice(0, REPORT_DECISION_LIMIT), schedule: schedule.slice(0, REPORT_DECISION_LIMIT), decisionsDropped: choices.length - REPORT_DECISION_LIMIT };
}

async function runOnce(request: RunRequest): Promise<RunResult> {
  const { scenario, seed, target } = request;
  const { impl, mutant, violates } = resolveImpl(scenario, target);
  const params: unknown = request.params ?? scenario.params?.default;
  const wallStart = performance.now();

  const kernel =
    scenario.lane === "deterministic"
      ? new SimKernel({
          seed,
          policy: policyOf(request),
          budgets: scenario.budgets ?? {},
          ...(request.expectedSchedule === undefined ? {} : { expectedSchedule: request.expectedSchedule }),
          ...(request.fileSystem === undefined ? {} : { fileSystem: request.fileSystem }),
        })
      : undefined;
  const driver: LaneDriver = kernel ?? new RealDriver(seed, (scenario.budgets?.wallMs ?? DEFAULT_WALL_MS) * (request.deadlineScale ?? 1));

  const handle = createContext({ seed, lane: scenario.lane, params, driver, ...(request.deadlineScale === undefined ? {} : { deadlineScale: request.deadlineScale }) });
  let result: RunUntilResult<unknown>;
  try {
    const running = Promise.resolve().then(() => scenario.run(handle.ctx, impl) as Promise<unknown>);
    result = await driver.runUntil(driver.track("scenario.run", running));
  } catch (error) {
    result = { kind: "rejected", error };
  }
  const stats = driver.stats();
  const trace = driver.trace.all();
  let judgement = judge(scenario, result, trace, handle.probeHits);
  if (mutant !== undefined) judgement = holdToViolates(judgement, mutant.id, violates);
  const cleanupErrors = await handle.cleanup();
  if (cleanupErrors.length > 0 && judgement.verdict === "pass") {
    const message = `cleanup failed: ${cleanupErrors.join("; ")}`;
    judgement = { ...judgement, verdict: "error", reason: message, error: { message } };
  }

  if (request.detail === "verdict") {
    return {
      ...identity(scenario, target, mutant, seed),
      // Exploration shrinks from these: every decision, never capped.
      choices: kernel === undefined ? [] : [...kernel.choices()],
      schedule: kernel === undefined ? [] : [...kernel.schedule()],
      params: null,
      verdict: judgement.verdict,
      reason: judgement.reason,
      invariants: judgement.invariants,
      probes: judgement.probes,
      trace: { events: [], dropped: trace.length + driver.trace.overflowed(), total: trace.length + driver.trace.overflowed() },
      stats,
      wallMs: performance.now() - wallStart,
      notTested: [],
    };
  }
  const aliases = buildAliases(handle.tempDirs, scenario.projectRoot ?? REPO_ROOT);
  const kept = trace.length > REPORT_TRACE_LIMIT ? [...trace.slice(0, REPORT_TRACE_LIMIT / 2), ...trace.slice(-REPORT_TRACE_LIMIT / 2)] : trace;
  const outcome = result.kind === "settled" ? (scenario.summarize?.(result.value) ?? toJson(result.value, aliases)) : undefined;
  const normalized = toJson(
    { invariants: judgement.invariants, reason: judgement.reason, events: kept, hang: judgement.hang, error: judgement.error },
    aliases,
  ) as unknown as { invariants: RunResult["invariants"]; reason: string; events: RunResult["trace"]["events"]; hang?: RunResult["hang"]; error?: RunResult["error"] };

  return {
    ...identity(scenario, target, mutant, seed),
    ...decisions(kernel, request, judgement.hang),
    ...(kernel?.divergence() === undefined ? {} : { divergence: kernel.divergence() as NonNullable<RunResult["divergence"]> }),
    params: toJson(params, aliases),
    verdict: judgement.verdict,
    reason: normalized.reason,
    invariants: normalized.invariants,
    probes: judgement.probes,
    ...(normalized.hang == null ? {} : { hang: normalized.hang }),
    ...(normalized.error == null ? {} : { error: normalized.error }),
    ...(outcome === undefined ? {} : { outcome: toJson(outcome, aliases) as Json }),
    trace: { events: normalized.events, dropped: trace.length - kept.length + driver.trace.overflowed(), total: trace.length + driver.trace.overflowed() },
    stats,
    wallMs: performance.now() - wallStart,
    notTested: [...(scenario.notTested ?? [])],
  };
}

/** The fields that say which run this is, in report order. */
function identity(scenario: AnyScenario, target: Target, mutant: RunResult["mutant"], seed: number) {
  return {
    scenarioId: scenario.id,
    title: scenario.title,
    behavior: scenario.behavior,
    ...sourceInfo(scenario),
    lane: scenario.lane,
    target,
    ...(mutant === undefined ? {} : { mutant }),
    seed,
  };
}
