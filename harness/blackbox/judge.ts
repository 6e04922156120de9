/**
 * Judges one client run outside a scenario (the `blackbox` CLI): `hang` when the client had to be
 * killed at its deadline, `fail` when an expectation does not hold (exit code, output pattern,
 * leftover processes), `pass` otherwise.
 */
import type { Check } from "../scenario/types.ts";
import { exitCodeIs, exitCodeNonZero, noLeftoverProcesses, outputMatches } from "./checks.ts";
import type { BlackBoxClientResult } from "./run-client.ts";

export interface ClientExpectations {
  /** A code, "nonzero", or undefined for any exit code. */
  readonly exitCode?: number | "nonzero";
  /** Patterns that must each match a line of stdout or stderr. */
  readonly output?: readonly RegExp[];
}

export interface ClientJudgement {
  readonly verdict: "pass" | "fail" | "hang";
  readonly checks: ReadonlyArray<{ readonly id: string; readonly ok: boolean; readonly message?: string }>;
}

export function expectationChecks(expect: ClientExpectations): Array<Check<BlackBoxClientResult>> {
  const exit = expect.exitCode === undefined ? [] : [expect.exitCode === "nonzero" ? exitCodeNonZero() : exitCodeIs(expect.exitCode)];
  const output = (expect.output ?? []).map((pattern, i) => outputMatches(`safety:output-matches-${i + 1}`, `a line matches ${String(pattern)}`, pattern, "both"));
  return [...exit, ...output, noLeftoverProcesses()];
}

export function judgeClientRun(result: BlackBoxClientResult, expect: ClientExpectations): ClientJudgement {
  const checks = expectationChecks(expect).map((check) => {
    const r = check.check({ outcome: result, trace: [], events: () => [] });
    return r.ok ? { id: check.id, ok: true } : { id: check.id, ok: false, message: r.message };
  });
  if (result.spawnError !== null) {
    return { verdict: "fail", checks: [{ id: "safety:client-starts", ok: false, message: result.spawnError }, ...checks] };
  }
  if (result.timedOut) {
    return { verdict: "hang", checks: [{ id: "liveness:client-exits-before-deadline", ok: false, message: `still running at its deadline; its process group was killed (${result.signal ?? "?"})` }, ...checks] };
  }
  return { verdict: checks.every((c) => c.ok) ? "pass" : "fail", checks };
}
