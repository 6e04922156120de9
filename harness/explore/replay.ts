/**
 * Replays a recipe: re-runs its scenario with the recorded choice list, fault parameters, seed and
 * target while the kernel checks every decision against the recorded schedule, rebuilds the proof
 * report and compares digests. Three outcomes: reproduced; diverged (the first decision where the
 * run left the schedule: `replay of "x" diverged at step 17: expected task 4, ready [2, 5]`); or
 * the same schedule with a different digest (the scenario or src changed what the run observed).
 */
import { canonicalDigest } from "../report/canonical-json.ts";
import type { ProofReport } from "../report/proof-report.ts";
import type { RunRequest } from "../runner/run-scenario.ts";
import type { RunResult } from "../runner/types.ts";
import type { AnyScenario, Json } from "../scenario/types.ts";
import type { ReplayRecipe } from "./recipe.ts";

export type ReplayStatus = "reproduced" | "diverged" | "digest-mismatch";

export interface ReplayOutcome {
  readonly status: ReplayStatus;
  /** One line for the terminal. */
  readonly message: string;
  readonly result: RunResult;
  readonly report: ProofReport;
}

export interface ReplayDeps {
  run(request: RunRequest): Promise<RunResult>;
  /** Builds the proof report exactly as the recording did (same redaction, the given replay command). */
  buildReport(result: RunResult, options: { readonly replayCommand: string }): ProofReport;
}

export async function replayRecipe(recipe: ReplayRecipe, scenario: AnyScenario, deps: ReplayDeps): Promise<ReplayOutcome> {
  const ran = await deps.run({
    scenario,
    seed: recipe.seed,
    target: recipe.target,
    // A run that kept only its first decisions is replayed by its seed; its schedule still checks them.
    ...(recipe.decisionsDropped === undefined ? { choices: recipe.choices } : {}),
    params: recipe.params,
    ...(recipe.schedule.length === 0 ? {} : { expectedSchedule: recipe.schedule }),
  });
  // A recorded list may be trimmed of trailing zeros (they change nothing); when the run consumed
  // exactly that list, report it as recorded. The exploration record is part of the recorded core
  // too: carry it over so the bytes can match.
  const choices = consumedExactly(ran.choices, recipe.choices) ? recipe.choices : ran.choices;
  const result: RunResult = { ...ran, choices, ...(recipe.exploration === undefined ? {} : { exploration: recipe.exploration }) };
  const report = deps.buildReport(result, { replayCommand: recipe.replayCommand });
  const name = `replay of "${recipe.scenarioId}" (${recipe.target}, seed ${recipe.seed})`;
  const d = result.divergence;
  if (d !== undefined) {
    return {
      status: "diverged",
      message: `${name} diverged at step ${d.step}: expected task ${d.expectedTask}, ready [${d.ready.join(", ")}] (decision ${d.decision}, picked task ${d.picked})`,
      result,
      report,
    };
  }
  const actual = report.digest.value;
  if (recipe.core !== undefined && canonicalDigest(recipe.core) !== recipe.digest) {
    return {
      status: "digest-mismatch",
      message:
        `${name}: the report was edited — its core no longer matches its own digest ${recipe.digest.slice(0, 16)}… ` +
        `(core fields that differ from the replay: ${differingKeys(recipe.core, report.core).join(", ") || "none"})`,
      result,
      report,
    };
  }
  if (actual === recipe.digest) {
    return { status: "reproduced", message: `${name} reproduced digest ${actual} (verdict ${result.verdict})`, result, report };
  }
  const differs = recipe.core === undefined ? "" : `; core fields that differ: ${differingKeys(recipe.core, report.core).join(", ") || "none (key order?)"}`;
  const shorter = recipe.schedule.length > result.schedule.length ? `; the run made ${result.schedule.length} of ${recipe.schedule.length} recorded decisions` : "";
  return {
    status: "digest-mismatch",
    message:
      `${name} followed the recorded schedule but its digest differs: expected ${recipe.digest.slice(0, 16)}…, got ${actual.slice(0, 16)}… ` +
      `(verdict ${recipe.verdict} → ${result.verdict}${shorter}${differs}). The report was tampered with, or the scenario or src changed since it was written`,
    result,
    report,
  };
}

/** `ran` is `recorded` followed only by zeros (the list policy's pick once a list is exhausted). */
export function consumedExactly(ran: readonly number[], recorded: readonly number[]): boolean {
  if (ran.length < recorded.length) return false;
  return ran.every((c, i) => (i < recorded.length ? c === recorded[i] : c === 0));
}

function differingKeys(a: { readonly [key: string]: Json }, b: { readonly [key: string]: Json }): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
