/** Verdicts, their severity order and the CLI exit code of each class. */
export const VERDICTS = ["pass", "fail", "hang", "unknown", "error", "nondeterministic"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Exit codes per verdict class (a run summary exits with the worst class present). */
export const EXIT_CODES = {
  ok: 0,
  fail: 1,
  usage: 2,
  hang: 3,
  error: 4,
  unknown: 5,
  nondeterministic: 6,
  replayDiverged: 7,
  interrupted: 130,
} as const;

/** A mutant is caught when the scenario judges it `fail` or `hang`: an invariant was violated. */
export function isCaught(verdict: Verdict): boolean {
  return verdict === "fail" || verdict === "hang";
}
