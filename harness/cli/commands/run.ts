/**
 * `pnpm scenarios [filter]`: runs the plan one run at a time, writes each proof report as it
 * finishes, then the summary and its projections. On SIGINT it stops after the current run and
 * writes no summary (a partial summary would read like a complete proof). A run that throws is
 * reported as an `error` run, never lost.
 */
import type { RunResult, Target } from "../../runner/types.ts";
import type { AnyScenario } from "../../scenario/types.ts";
import { EXIT_CODES } from "../../scenario/verdict.ts";
import type { Environment } from "../../report/environment.ts";
import { buildProofReport } from "../../report/proof-report.ts";
import type { Summary } from "../../report/summary.ts";
import { createReportWriter } from "../../report/write.ts";
import { formatMs, progressLine, type Output } from "../output.ts";
import type { PlannedRun } from "../select.ts";

export interface RunDeps {
  runScenario(request: { readonly scenario: AnyScenario; readonly seed: number; readonly target: Target }): Promise<RunResult>;
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
}

export interface RunOptions {
  readonly outDir: string;
  /** The exact command line, for the proof block. */
  readonly command: string;
  readonly quiet: boolean;
  readonly json: boolean;
}

export async function runCommand(out: Output, plan: readonly PlannedRun[], options: RunOptions, deps: RunDeps): Promise<number> {
  const startEpoch = deps.epochMs();
  const start = deps.wallMs();
  const writer = await createReportWriter({ outDir: options.outDir, clear: true });
  const widths = {
    total: plan.length,
    id: Math.max(...plan.map((p) => p.scenario.id.length)),
    target: Math.max(...plan.map((p) => p.target.length)),
  };
  for (const [i, planned] of plan.entries()) {
    if (deps.interrupted()) {
      out.error(`interrupted after ${i}/${plan.length} runs; run reports kept in ${options.outDir}/runs, summary not written`);
      return EXIT_CODES.interrupted;
    }
    const result = await safeRun(planned, deps);
    await writer.writeRun(buildProofReport(result, { environment: deps.environment, secrets: deps.secrets }));
    if (!options.quiet) out.info(progressLine(i + 1, widths, result));
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
  });
  for (const line of survivorLines(summary)) out.info(line);
  out.info(finalLine(summary, options.outDir));
  if (options.json) out.data(JSON.stringify(summary, null, 2));
  return summary.exitCode;
}

async function safeRun(planned: PlannedRun, deps: RunDeps): Promise<RunResult> {
  const started = deps.wallMs();
  try {
    return await deps.runScenario(planned);
  } catch (error) {
    return errorResult(planned, error, deps, deps.wallMs() - started);
  }
}

function errorResult(planned: PlannedRun, error: unknown, deps: RunDeps, wallMs: number): RunResult {
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
          ? `SURVIVED  ${s.id}  mutant:${m.id} on every seed (${m.seeds.join(", ")}): the scenario does not catch it`
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
