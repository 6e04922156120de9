/** The black-box lane's checks over a client run: exit, deadline, output patterns, leftovers. */
import type { Check } from "../scenario/types.ts";
import type { BlackBoxClientResult } from "./run-client.ts";

type Run = BlackBoxClientResult;

function exitText(run: Run): string {
  return run.spawnError === null ? `exit code ${run.exitCode ?? "null"} (signal ${run.signal ?? "null"})` : `the client could not be started (${run.spawnError})`;
}

export function clientExitsBeforeDeadline(): Check<Run> {
  return {
    id: "liveness:client-exits-before-deadline",
    kind: "liveness",
    description: "the client exits by itself before its wall-clock deadline",
    check: ({ outcome }) => (outcome.timedOut ? { ok: false, message: `the client was still running at its deadline and was killed (${outcome.signal ?? "?"})` } : { ok: true }),
  };
}

export function noLeftoverProcesses(): Check<Run> {
  return {
    id: "safety:no-leftover-processes",
    kind: "safety",
    description: "no process of the run (client, fake codex, anything they started) outlives the client",
    check: ({ outcome }) =>
      outcome.leftovers.length === 0
        ? { ok: true }
        : { ok: false, message: `${outcome.leftovers.length} process(es) left behind: ${outcome.leftovers.map((p) => `${p.pid} ${p.command}`).join("; ")}`, evidence: outcome.leftovers.map((p) => p.command) },
  };
}

export function exitCodeIs(expected: number): Check<Run> {
  return {
    id: `safety:client-exit-code-${expected}`,
    kind: "safety",
    description: `the client exits with code ${expected}`,
    check: ({ outcome }) =>
      outcome.exitCode === expected ? { ok: true } : { ok: false, message: `${exitText(outcome)}, expected ${expected}` },
  };
}

export function exitCodeNonZero(): Check<Run> {
  return {
    id: "safety:client-exit-code-nonzero",
    kind: "safety",
    description: "the client reports the failure with a non-zero exit code (not a signal)",
    check: ({ outcome }) =>
      outcome.exitCode !== null && outcome.exitCode !== 0 ? { ok: true } : { ok: false, message: `${exitText(outcome)}, expected a non-zero code` },
  };
}

/** `id` like `safety:output-has-answer`; `stream` = stdout, stderr or both. */
export function outputMatches(id: string, description: string, pattern: RegExp, stream: "stdout" | "stderr" | "both"): Check<Run> {
  return {
    id,
    kind: "safety",
    description,
    check: ({ outcome }) => {
      const text = stream === "both" ? `${outcome.stdout}\n${outcome.stderr}` : outcome[stream];
      const line = text.split("\n").find((l) => pattern.test(l));
      return line === undefined ? { ok: false, message: `no ${stream === "both" ? "stdout or stderr" : stream} line matches ${String(pattern)}` } : { ok: true, evidence: line };
    },
  };
}
