/**
 * The shared shape of an SDK story: start the harness with a fault script, let the user's code run
 * one turn (or two, for a resume) through the real SDK against fake-codex, bounded in wall time,
 * and collect what the user reported and what the fake saw. Shared checks: the turn settles within
 * its bound, and no fake-codex process outlives it.
 */
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { Check, Json, MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
import { eventTypesOf, exitsOf, firedRulesOf, sdkHarness, settleWithin, type SdkHarness } from "./sdk-kit.ts";
import * as users from "./sdk-users.ts";
import type { SdkUser, TurnReport, TurnRequest } from "./sdk-users.ts";

/** The careful user's own bound on one turn (a healthy turn against fake-codex takes ~0.1 s). */
export const TURN_TIMEOUT_MS = 5_000;
/** Beyond the user's own turn bound: fake-codex start-up, the abort, the process's exit. */
export const SETTLE_SLACK_MS = 4_000;

/**
 * How long one SDK turn may take before the story calls it unsettled: the user's turn bound plus
 * the slack (× the run's deadline scale). A user that honours its bound settles inside it; one that
 * never settles (the mutants) costs this long, so it follows the scenario's bound, not a fixed 15 s.
 */
export function settleBoundMs(turnTimeoutMs: number = TURN_TIMEOUT_MS): number {
  return turnTimeoutMs + SETTLE_SLACK_MS;
}

export interface SdkOutcome {
  /** What the user's code reported, or null when it had not settled within the bound. */
  readonly report: TurnReport | null;
  readonly elapsedMs: number;
  readonly eventTypes: readonly string[];
  readonly exits: ReadonlyArray<{ readonly code: number | null; readonly signal: string | null }>;
  readonly firedRules: readonly string[];
  readonly argv: ReadonlyArray<readonly string[]>;
  readonly leftovers: number;
  /** When no process said how it ended: the transcript's last entries, as evidence of what it did say. */
  readonly transcriptTail?: ReadonlyArray<Record<string, unknown>>;
}

export type TurnSpec = Omit<TurnRequest, "codex" | "clock" | "turnTimeoutMs" | "mode"> & { readonly mode?: TurnRequest["mode"]; readonly turnTimeoutMs?: number };

export async function runSdkTurn(ctx: ScenarioContext<unknown>, user: SdkUser, script: FakeCodexScript, spec: TurnSpec, harness?: SdkHarness): Promise<SdkOutcome> {
  const h = harness ?? (await sdkHarness(ctx, script));
  // Every bound is real time: a loaded machine widens them all by the run's deadline scale, in step.
  const request: TurnRequest = { mode: "run", ...spec, turnTimeoutMs: ctx.scaleMs(spec.turnTimeoutMs ?? TURN_TIMEOUT_MS), codex: h.codex, clock: ctx.clock };
  const result = await settleWithin(ctx.clock, ctx.scaleMs(settleBoundMs(spec.turnTimeoutMs)), user.runTurn(request));
  return outcomeOf(ctx, h, result.settled ? result.value : null, result.elapsedMs);
}

/** How long a codex process may take to exit after the user's turn settled. */
export const EXIT_GRACE_MS = 3_000;

export async function outcomeOf(ctx: ScenarioContext<unknown>, h: SdkHarness, report: TurnReport | null, elapsedMs: number): Promise<SdkOutcome> {
  const leftovers = report === null ? [] : await h.leftovers(ctx.clock, ctx.scaleMs(EXIT_GRACE_MS));
  // One read of the transcript serves every field, so they all describe the same moment.
  const transcript = h.transcript();
  const exits = exitsOf(transcript);
  return {
    report,
    elapsedMs,
    eventTypes: eventTypesOf(transcript),
    exits,
    firedRules: firedRulesOf(transcript),
    argv: transcript.flatMap((e) => (e.dir === "start" && e.argv !== undefined ? [e.argv] : [])),
    leftovers: leftovers.length,
    ...(exits.length > 0 ? {} : { transcriptTail: transcript.slice(-6).map(({ line, argv, ...rest }) => ({ ...rest, ...(line === undefined ? {} : { line: line.slice(0, 60) }), ...(argv === undefined ? {} : { argv: argv.length }) })) }),
  };
}

export function summarizeSdk(outcome: SdkOutcome): Json {
  return {
    report: outcome.report === null ? null : { ...outcome.report, itemTypes: [...outcome.report.itemTypes] },
    eventTypes: [...outcome.eventTypes],
    exits: outcome.exits.map((e) => ({ ...e })),
    firedRules: [...outcome.firedRules],
    leftovers: outcome.leftovers,
    ...(outcome.transcriptTail === undefined ? {} : { transcriptTail: outcome.transcriptTail.map((e) => ({ ...e }) as Json) }),
  };
}

export const settlesCheck: Check<SdkOutcome> = {
  id: "liveness:turn-settles",
  kind: "liveness",
  description: `the user's turn settles (resolves or rejects) within its turn bound (${TURN_TIMEOUT_MS} ms unless the scenario sets one) + ${SETTLE_SLACK_MS} ms, × the run's deadline scale`,
  check: ({ outcome }) => (outcome.report !== null ? { ok: true } : { ok: false, message: `still pending after ${outcome.elapsedMs} ms` }),
};

/** The turn settled as failed and the error names what went wrong. */
export function failsWith(id: string, pattern: RegExp): Check<SdkOutcome> {
  return {
    id,
    kind: "safety",
    description: `the turn is reported failed with an error matching ${String(pattern)}`,
    check: ({ outcome: { report } }) => {
      if (report === null) return { ok: false, message: "the turn never settled" };
      if (report.status !== "failed") return { ok: false, message: `reported ${report.status} (final response ${JSON.stringify(report.finalResponse)})` };
      return report.error !== null && pattern.test(report.error) ? { ok: true, evidence: report.error } : { ok: false, message: `error ${JSON.stringify(report.error)}` };
    },
  };
}

export const nothingLeftBehind: Check<SdkOutcome> = {
  id: "safety:no-codex-left-running",
  kind: "safety",
  description: `no fake-codex process outlives the settled turn by more than ${EXIT_GRACE_MS} ms × the run's deadline scale`,
  check: ({ outcome }) => (outcome.report === null || outcome.leftovers === 0 ? { ok: true } : { ok: false, message: `${outcome.leftovers} codex process(es) still running` }),
};

export function mutant(id: string, title: string, recreates: string, user: SdkUser): MutantDef<SdkUser> {
  return { id, title, recreates, impl: () => user };
}

export const sdkUsers = users;
export const SDK_NOT_TESTED = [
  "the real codex binary behind the SDK (the live lane's exec golden cases compare the fake with it)",
  "reasoning, file_change, todo_list, mcp_tool_call and web_search items (the fake's model script cannot produce them yet)",
];
