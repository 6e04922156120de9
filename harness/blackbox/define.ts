/**
 * The black-box scenario kind: a client command against fake-codex on PATH with one fault script,
 * judged on exit code, deadline, output patterns and leftover processes. A client that is still
 * running at its deadline has its tree killed and the run is judged `hang`. Mutants swap the
 * client command (e.g. a known-bad client).
 */
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { defineScenario } from "../scenario/define.ts";
import type { Check, MutantDef, ScenarioDef } from "../scenario/types.ts";
import { clientExitsBeforeDeadline, exitCodeIs, exitCodeNonZero, noLeftoverProcesses, outputMatches } from "./checks.ts";
import { scriptRuleNames } from "./judge.ts";
import type { BlackBoxClientResult } from "./run-client.ts";
import { hangAfterDeadline, runClientInScenario, summarizeClientRun, wallBudgetMs, type ClientCommand } from "./scenario-kit.ts";
import { viewTranscript, type TranscriptView } from "./transcript.ts";

export interface BlackBoxImpl {
  readonly client: ClientCommand;
}

export interface OutputExpectation {
  /** Check id, e.g. `safety:stdout-has-final-answer`. */
  readonly id: string;
  readonly description: string;
  readonly pattern: RegExp;
  readonly stream: "stdout" | "stderr" | "both";
}

export interface BlackBoxScenarioSpec {
  readonly id: string;
  readonly title: string;
  readonly behavior: string;
  readonly client: ClientCommand;
  readonly prompt: string;
  readonly fakeCodexScript: FakeCodexScript;
  /** Wall ms before the client's tree is killed and the run judged `hang`; default 5 000. */
  readonly deadlineMs?: number;
  readonly seeds?: readonly number[];
  /** `0`, another code, or "nonzero" (a failure reported by exit code, not by a signal). */
  readonly exitCode: number | "nonzero";
  readonly output?: readonly OutputExpectation[];
  /** Proves the fault path was reached, from the fake's transcript. */
  readonly probe: { readonly id: string; readonly reached: (transcript: TranscriptView) => boolean };
  readonly mutants?: readonly MutantDef<BlackBoxImpl>[];
  readonly notTested?: readonly string[];
}

export const DEFAULT_CLIENT_DEADLINE_MS = 5_000;

/** Evidence probe: at least one fake-codex process of the run started (its transcript has a start entry). */
export const FAKE_STARTED = "fake-codex started";

export function defineBlackBoxScenario(spec: BlackBoxScenarioSpec): ScenarioDef<BlackBoxImpl, BlackBoxClientResult> {
  const deadlineMs = spec.deadlineMs ?? DEFAULT_CLIENT_DEADLINE_MS;
  const checks: Array<Check<BlackBoxClientResult>> = [
    clientExitsBeforeDeadline(),
    spec.exitCode === "nonzero" ? exitCodeNonZero() : exitCodeIs(spec.exitCode),
    ...(spec.output ?? []).map((o) => outputMatches(o.id, o.description, o.pattern, o.stream)),
    noLeftoverProcesses(),
  ];
  return defineScenario<BlackBoxImpl, BlackBoxClientResult>({
    id: spec.id,
    title: spec.title,
    behavior: spec.behavior,
    lane: "black-box",
    seeds: spec.seeds ?? [1],
    budgets: { wallMs: wallBudgetMs(deadlineMs) },
    impl: () => ({ client: spec.client }),
    async run(ctx, impl) {
      const result = await runClientInScenario(ctx, { client: impl.client, prompt: spec.prompt, fakeCodexScript: spec.fakeCodexScript, deadlineMs });
      // A client that could not be started proves nothing and catches nothing: an error, not a fail.
      if (result.spawnError !== null) throw new Error(`the client ${impl.client.name} could not be started: ${result.spawnError}`);
      const transcript = viewTranscript(result.transcript);
      if (transcript.starts() > 0) ctx.probe(FAKE_STARTED);
      for (const fault of transcript.events("appserver.fault")) ctx.emit({ kind: "appserver.fault", source: "fake-codex transcript", rule: String(fault["rule"]), action: String(fault["action"] ?? "") });
      if (spec.probe.reached(transcript)) ctx.probe(spec.probe.id);
      if (result.timedOut) return hangAfterDeadline(ctx, result, `client ${impl.client.name} exits by itself within ${deadlineMs} ms`);
      return result;
    },
    summarize: summarizeClientRun,
    checks,
    probes: [spec.probe.id],
    evidence: [FAKE_STARTED],
    expectedFaults: scriptRuleNames(spec.fakeCodexScript),
    mutants: spec.mutants ?? [],
    notTested: [
      `Real processes on the real clock: a hang is seen only at the client's ${deadlineMs} ms deadline, so a client slower than that is judged hang too; timings vary, verdicts are stable.`,
      ...(spec.notTested ?? []),
    ],
  });
}
