/** Judges a finished run: checks over the outcome and trace, probes, and the verdict. */
import type { AnyScenario, CheckInput, Json, TraceRecord } from "../scenario/types.ts";
import type { Verdict } from "../scenario/verdict.ts";
import type { RunUntilResult } from "../sim/kernel.ts";
import type { HangInfo, InvariantResult, ProbeResult } from "./types.ts";

export const RUN_COMPLETES = "liveness:run-completes";

export interface Judgement {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly invariants: InvariantResult[];
  readonly probes: ProbeResult[];
  readonly hang?: HangInfo;
  readonly error?: { message: string; stack?: string };
}

function errorInfo(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return error.stack === undefined ? { message: error.message } : { message: error.message, stack: error.stack };
  return { message: String(error) };
}

function runChecks(scenario: AnyScenario, outcome: unknown, trace: readonly TraceRecord[]): InvariantResult[] {
  const input: CheckInput<unknown> = { outcome, trace, events: (kind) => trace.filter((r) => r.event.kind === kind) };
  return scenario.checks.map((check): InvariantResult => {
    const base = { id: check.id, kind: check.kind, description: check.description };
    let result;
    try {
      result = check.check(input);
    } catch (error) {
      result = { ok: false as const, message: `checker threw: ${errorInfo(error).message}` };
    }
    if (result.ok) return result.evidence === undefined ? { ...base, status: "pass" } : { ...base, status: "pass", evidence: result.evidence };
    const at = result.atStep === undefined ? undefined : trace.find((r) => r.step >= (result.atStep as number));
    const step = result.atStep ?? trace.at(-1)?.step ?? 0;
    const violation = { step, tMs: at?.tMs ?? trace.at(-1)?.tMs ?? 0, message: result.message };
    return result.evidence === undefined
      ? { ...base, status: "fail", firstViolation: violation }
      : { ...base, status: "fail", firstViolation: violation, evidence: result.evidence };
  });
}

export function judge(
  scenario: AnyScenario,
  result: RunUntilResult<unknown>,
  trace: readonly TraceRecord[],
  probeHits: ReadonlyMap<string, number>,
): Judgement {
  const probes: ProbeResult[] = [...new Set([...scenario.probes, ...probeHits.keys()])]
    .sort()
    .map((id) => ({ id, hits: probeHits.get(id) ?? 0, required: scenario.probes.includes(id) }));
  const skipped = (): InvariantResult[] =>
    scenario.checks.map((c) => ({ id: c.id, kind: c.kind, description: c.description, status: "skipped" }));

  if (result.kind === "crashed") {
    const error = errorInfo(result.error);
    return { verdict: "error", reason: `a delivery threw (${result.task}): ${error.message}`, invariants: skipped(), probes, error };
  }
  if (result.kind === "rejected") {
    const error = errorInfo(result.error);
    return { verdict: "error", reason: `scenario run threw: ${error.message}`, invariants: skipped(), probes, error };
  }
  if (result.kind === "hang") {
    const h = result.hang;
    const pending = h.pending.filter((p) => p !== "scenario.run");
    const why = h.reason === "quiescent" ? "world went quiet" : h.reason === "deadline:client" ? "a client was killed at its own deadline" : `budget exhausted (${h.reason})`;
    const message = `${why} at step ${h.atStep}, +${h.atMs}ms while still awaiting: ${pending.join(", ") || "scenario.run"}`;
    const completes: InvariantResult = {
      id: RUN_COMPLETES,
      kind: "liveness",
      description: "every awaited outcome settles; the world never goes quiet with work outstanding",
      status: "fail",
      firstViolation: { step: h.atStep, tMs: h.atMs, message },
      evidence: { pending: [...h.pending], idleTimers: [...h.idleTimers] } as Json,
    };
    return { verdict: "hang", reason: `${RUN_COMPLETES}: ${message}`, invariants: [completes, ...skipped()], probes, hang: h };
  }
  const invariants = runChecks(scenario, result.value, trace);
  const failed = invariants.find((i) => i.status === "fail");
  if (failed !== undefined) return { verdict: "fail", reason: `${failed.id}: ${failed.firstViolation?.message ?? "violated"}`, invariants, probes };
  const missing = probes.filter((p) => p.required && p.hits === 0);
  if (missing.length > 0) {
    return { verdict: "unknown", reason: `required probe never fired: ${missing.map((p) => p.id).join(", ")} (the fault path was not reached)`, invariants, probes };
  }
  return { verdict: "pass", reason: "every invariant held and every required probe fired", invariants, probes };
}
