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

/** The verdicts that can catch a mutant. */
export type CatchVerdict = "fail" | "hang";

/** What catches a mutant that declares nothing: a check that returned a violation (`fail`). */
export const DEFAULT_EXPECTS: readonly CatchVerdict[] = ["fail"];

/**
 * A mutant run is caught when its verdict is one the mutant is declared to produce: `fail` (a
 * named check returned a violation) by default, `hang` only when declared (a no-watchdog
 * mutant). `error` (a check threw, run() crashed), `unknown` and `pass` never catch.
 */
export function isCaught(verdict: Verdict, expects: readonly CatchVerdict[] = DEFAULT_EXPECTS): boolean {
  return (verdict === "fail" || verdict === "hang") && expects.includes(verdict);
}
