/**
 * How runs count toward a verdict and an exit code. A target run is ok when it passes; a mutant is
 * ok when at least one of its seeds catches it (fail or hang), as the integration suite judges it.
 * Classes order by severity: ok < fail < hang < unknown < error < nondeterministic.
 */
import { EXIT_CODES, VERDICTS, isCaught, type Verdict } from "../scenario/verdict.ts";

export type OutcomeClass = "ok" | Exclude<Verdict, "pass">;

/** How one run counts on its own (a mutant run: ok when caught, fail when it survived). */
export function runClass(verdict: Verdict, target: string): OutcomeClass {
  if (target === "src") return verdict === "pass" ? "ok" : verdict;
  if (isCaught(verdict)) return "ok";
  return verdict === "pass" ? "fail" : verdict;
}

/** The most severe class (order: ok < fail < hang < unknown < error < nondeterministic). */
export function worstClass(classes: Iterable<OutcomeClass>): OutcomeClass {
  let worst: OutcomeClass = "ok";
  for (const c of classes) if (severity(c) > severity(worst)) worst = c;
  return worst;
}

export function exitCodeFor(outcome: OutcomeClass): number {
  return EXIT_CODES[outcome];
}

/** How a mutant counts: ok when any seed caught it, else the worst of its runs. */
export function mutantClass(verdicts: readonly Verdict[]): OutcomeClass {
  if (verdicts.some(isCaught)) return "ok";
  return worstClass(verdicts.map((v) => runClass(v, "mutant:")));
}

function severity(c: OutcomeClass): number {
  return c === "ok" ? 0 : VERDICTS.indexOf(c);
}
