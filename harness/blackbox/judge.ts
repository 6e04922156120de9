/**
 * Judges one client run outside a scenario (the `blackbox` CLI). In order: `error` when the client
 * could not be started; `hang` when it had to be killed at its deadline; `unknown` when the fake
 * codex never started or a rule of the fault script never fired (the run proves nothing about the
 * fault, whatever the client did); `fail` when an expectation does not hold (exit code, output
 * pattern, leftover processes); `pass` otherwise.
 */
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { Check } from "../scenario/types.ts";
import { exitCodeIs, exitCodeNonZero, noLeftoverProcesses, outputMatches } from "./checks.ts";
import type { BlackBoxClientResult } from "./run-client.ts";
import { viewTranscript } from "./transcript.ts";

export interface ClientExpectations {
  /** A code, "nonzero", or undefined for any exit code. */
  readonly exitCode?: number | "nonzero";
  /** Patterns that must each match a line of stdout or stderr. */
  readonly output?: readonly RegExp[];
}

export interface ClientJudgement {
  readonly verdict: "pass" | "fail" | "hang" | "unknown" | "error";
  readonly checks: ReadonlyArray<{ readonly id: string; readonly ok: boolean; readonly message?: string }>;
}

export function expectationChecks(expect: ClientExpectations): Array<Check<BlackBoxClientResult>> {
  const exit = expect.exitCode === undefined ? [] : [expect.exitCode === "nonzero" ? exitCodeNonZero() : exitCodeIs(expect.exitCode)];
  const output = (expect.output ?? []).map((pattern, i) => outputMatches(`safety:output-matches-${i + 1}`, `a line matches ${String(pattern)}`, pattern, "both"));
  return [...exit, ...output, noLeftoverProcesses()];
}

/** The names the fake gives the script's rules in its `appserver.fault` events (`id`, else `rule#<index>`). */
export function scriptRuleNames(script: FakeCodexScript | undefined): string[] {
  return (script?.rules ?? []).map((rule, index) => rule.id ?? `rule#${index}`);
}

/** How often each rule fired, from the fake's transcript. */
export function firedRules(result: BlackBoxClientResult): Map<string, number> {
  const fired = new Map<string, number>();
  for (const e of viewTranscript(result.transcript).events("appserver.fault")) fired.set(String(e["rule"]), (fired.get(String(e["rule"])) ?? 0) + 1);
  return fired;
}

/** What the run must show before any expectation means something: the fake ran, every rule fired. */
export function evidenceChecks(result: BlackBoxClientResult, script: FakeCodexScript | undefined): Array<{ id: string; ok: boolean; message?: string }> {
  const started = viewTranscript(result.transcript).starts() > 0;
  const fired = firedRules(result);
  const missing = scriptRuleNames(script).filter((name) => (fired.get(name) ?? 0) === 0);
  return [
    started
      ? { id: "evidence:fake-codex-started", ok: true }
      : { id: "evidence:fake-codex-started", ok: false, message: "the fake codex never started: the client did not run `codex app-server` from PATH, so nothing about codex was tested" },
    ...(started && missing.length > 0
      ? [{ id: "evidence:fault-rules-fired", ok: false, message: `fault rule never fired: ${missing.join(", ")} (the fault was not injected; check its \`when\`)` }]
      : scriptRuleNames(script).length > 0 && started
        ? [{ id: "evidence:fault-rules-fired", ok: true }]
        : []),
  ];
}

export function judgeClientRun(result: BlackBoxClientResult, expect: ClientExpectations, script?: FakeCodexScript): ClientJudgement {
  const checks = expectationChecks(expect).map((check) => {
    const r = check.check({ outcome: result, trace: [], events: () => [] });
    return r.ok ? { id: check.id, ok: true } : { id: check.id, ok: false, message: r.message };
  });
  if (result.spawnError !== null) {
    return { verdict: "error", checks: [{ id: "safety:client-starts", ok: false, message: result.spawnError }, ...checks] };
  }
  if (result.timedOut) {
    return { verdict: "hang", checks: [{ id: "liveness:client-exits-before-deadline", ok: false, message: `still running at its deadline; its process group was killed (${result.signal ?? "?"})` }, ...checks] };
  }
  const evidence = evidenceChecks(result, script);
  if (evidence.some((c) => !c.ok)) return { verdict: "unknown", checks: [...evidence, ...checks] };
  return { verdict: checks.every((c) => c.ok) ? "pass" : "fail", checks: [...evidence, ...checks] };
}
