/**
 * Releases as mutants: an upstream scenario names its target release (what `src` runs) and the
 * historical releases that carried the bug. Each historical release becomes a mutant told the same
 * story and judged by the same checks, and must declare how it is caught (a named invariant, or a
 * hang), so a release that merely crashed never counts as caught.
 */
import { defineScenario, releaseMutantId } from "../scenario/define.ts";
import type { MutantDef, ReleaseExpectation, ScenarioDef } from "../scenario/types.ts";

export interface ReleaseImpl {
  /** `<package>@<version>` */
  readonly release: string;
}

export interface HistoricalRelease {
  readonly release: string;
  /** What this release does on the fault, as observed. */
  readonly title: string;
  /** The upstream change it predates. */
  readonly recreates: string;
  readonly expect: ReleaseExpectation;
}

type ReleaseScenarioInput<Outcome> = Omit<ScenarioDef<ReleaseImpl, Outcome>, "impl" | "mutants" | "releases" | "lane"> & {
  readonly target: string;
  readonly historical: readonly HistoricalRelease[];
};

export function defineReleaseScenario<Outcome>(input: ReleaseScenarioInput<Outcome>): ScenarioDef<ReleaseImpl, Outcome> {
  const { target, historical, ...rest } = input;
  const mutants: MutantDef<ReleaseImpl>[] = historical.map((h) => ({
    id: releaseMutantId(h.release),
    title: `${h.release}: ${h.title}`,
    recreates: h.recreates,
    expects: [h.expect.verdict],
    ...(h.expect.verdict === "fail" ? { violates: h.expect.violates } : {}),
    impl: () => ({ release: h.release }),
  }));
  return defineScenario<ReleaseImpl, Outcome>({
    ...rest,
    lane: "upstream",
    impl: () => ({ release: target }),
    mutants,
    releases: { target, mutants: historical.map((h) => h.release) },
  });
}
