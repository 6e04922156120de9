/**
 * Our model vs the real code: an upstream scenario with a twin in `scenarios/codex/` (the same
 * fault told against `src/`) runs that twin on `src` and asserts both reach the same verdict. Only
 * the target release is compared — the historical releases are meant to differ.
 */
import { runScenario } from "../runner/run-scenario.ts";
import type { AnyScenario, Check, CheckInput, Json } from "../scenario/types.ts";
import type { Verdict } from "../scenario/verdict.ts";

export interface TwinVerdict {
  readonly twin: string;
  readonly seed: number;
  readonly verdict: Verdict;
  readonly reason: string;
}

/** Runs the twin's first seed on `src` (deterministic lane: milliseconds, no processes). */
export async function runTwin(twin: AnyScenario): Promise<TwinVerdict> {
  const seed = twin.seeds[0] ?? 1;
  const result = await runScenario({ scenario: twin, seed, target: "src" });
  return { twin: twin.id, seed, verdict: result.verdict, reason: result.reason };
}

/**
 * `differential:src-agrees-with-release`: the verdict the release's own checks give (pass when all
 * hold, else fail) equals the twin's verdict on src. A run without a twin verdict (a historical
 * release) passes with that said in its evidence.
 */
export function differentialCheck<O extends { readonly differential: TwinVerdict | null }>(releaseChecks: ReadonlyArray<Check<O>>): Check<O> {
  return {
    id: "differential:src-agrees-with-release",
    kind: "safety",
    description: "src/ (the scenarios/codex twin) and the pinned post-fix release reach the same verdict on the same fault",
    check: (input: CheckInput<O>) => {
      const d = input.outcome.differential;
      if (d === null) return { ok: true, evidence: { compared: false, why: "not the release src/ models (openclaw@2026.5.28): only that one is compared" } };
      const failed = releaseChecks.filter((c) => !c.check(input).ok).map((c) => c.id);
      const releaseVerdict: Verdict = failed.length === 0 ? "pass" : "fail";
      const evidence: Json = { twin: d.twin, twinSeed: d.seed, twinVerdict: d.verdict, releaseVerdict, releaseFailed: failed };
      return d.verdict === releaseVerdict
        ? { ok: true, evidence }
        : { ok: false, message: `src (${d.twin} seed ${d.seed}) says ${d.verdict} (${d.reason}); the release says ${releaseVerdict}`, evidence };
    },
  };
}
