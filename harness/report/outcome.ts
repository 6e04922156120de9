/**
 * How runs count toward a verdict and an exit code. A target run is ok when it passes; a mutant is
 * ok when at least one of its seeds catches it (fail or hang), as the integration suite judges it.
 * Classes order by severity: ok < fail < hang < unknown < error < nondeterministic.
 */
import type { Json } from "../scenario/types.ts";
import { DEFAULT_EXPECTS, EXIT_CODES, VERDICTS, isCaught, type CatchVerdict, type Verdict } from "../scenario/verdict.ts";

export type OutcomeClass = "ok" | Exclude<Verdict, "pass">;

/**
 * How one run counts on its own (a mutant run: ok when caught, fail when it survived — including
 * a `fail`/`hang` the mutant does not declare: that is not the bug it re-creates).
 */
export function runClass(verdict: Verdict, target: string, expects: readonly CatchVerdict[] = DEFAULT_EXPECTS): OutcomeClass {
  if (target === "src") return verdict === "pass" ? "ok" : verdict;
  if (isCaught(verdict, expects)) return "ok";
  return verdict === "pass" || verdict === "fail" ? "fail" : verdict;
}

/** A report core's declared mutant verdicts (`core.mutant.expects`), or the default. */
export function expectsOf(core: { readonly [key: string]: Json }): readonly CatchVerdict[] {
  const mutant = core["mutant"];
  const expects = mutant !== null && typeof mutant === "object" && !Array.isArray(mutant) ? (mutant as { readonly [key: string]: Json })["expects"] : undefined;
  return Array.isArray(expects) ? expects.filter((v): v is CatchVerdict => v === "fail" || v === "hang") : DEFAULT_EXPECTS;
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
export function mutantClass(verdicts: readonly Verdict[], expects: readonly CatchVerdict[] = DEFAULT_EXPECTS): OutcomeClass {
  if (verdicts.some((v) => isCaught(v, expects))) return "ok";
  return worstClass(verdicts.map((v) => runClass(v, "mutant:", expects)));
}

function severity(c: OutcomeClass): number {
  return c === "ok" ? 0 : VERDICTS.indexOf(c);
}
