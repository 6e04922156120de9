/**
 * Which scenarios and runs a command line means. A filter is an exact id, a glob on the id
 * (`*` within one segment, `**` across segments, `?` one character) or else a substring. The plan
 * is every (scenario × seed × target) in a fixed order: scenarios by id, seeds as declared, src
 * before the mutants in declaration order.
 */
import type { Target } from "../runner/types.ts";
import type { AnyScenario } from "../scenario/types.ts";
import type { CliArgs } from "./args.ts";
import { UsageError } from "./errors.ts";

export interface PlannedRun {
  readonly scenario: AnyScenario;
  readonly seed: number;
  readonly target: Target;
}

export function matchesFilter(id: string, filter: string): boolean {
  if (/[*?]/.test(filter)) return globToRegExp(filter).test(id);
  return id === filter || id.includes(filter);
}

export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*" && glob[i + 1] === "*") {
      source += ".*";
      i += 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

export function selectScenarios(all: readonly AnyScenario[], args: Pick<CliArgs, "filters" | "lane">): AnyScenario[] {
  const byFilter = args.filters.length === 0 ? [...all] : all.filter((s) => args.filters.some((f) => matchesFilter(s.id, f)));
  for (const f of args.filters) {
    if (!all.some((s) => matchesFilter(s.id, f))) throw new UsageError(`no scenario matches "${f}"`, { hint: "see --list" });
  }
  const selected = byFilter.filter((s) => laneSelected(s.lane, args.lane));
  if (selected.length === 0 && byFilter.length > 0) {
    const lanes = [...new Set(byFilter.map((s) => s.lane))].join(", ");
    throw new UsageError(`the matching scenarios are all in lane ${lanes}; add --lane ${byFilter[0]?.lane ?? "all"}`);
  }
  if (selected.length === 0) throw new UsageError("no scenarios found under scenarios/");
  return selected;
}

export function planRuns(scenarios: readonly AnyScenario[], args: Pick<CliArgs, "seeds" | "target">): PlannedRun[] {
  const plan: PlannedRun[] = [];
  for (const scenario of scenarios) {
    const seeds = args.seeds.length > 0 ? args.seeds : scenario.seeds;
    const targets = targetsOf(scenario, args.target);
    for (const target of targets) for (const seed of seeds) plan.push({ scenario, seed, target });
  }
  if (plan.length === 0) {
    const what = args.target.startsWith("mutant:") ? `has mutant "${args.target.slice("mutant:".length)}"` : "has mutants";
    throw new UsageError(`no selected scenario ${what}`, { hint: "see --list" });
  }
  return plan;
}

export function targetsOf(scenario: AnyScenario, selector: CliArgs["target"]): Target[] {
  const mutants: Target[] = scenario.mutants.map((m) => `mutant:${m.id}` as const);
  switch (selector) {
    case "src":
      return ["src"];
    case "mutants":
      return mutants;
    case "all":
      return ["src", ...mutants];
    default:
      return mutants.filter((t) => t === selector);
  }
}

function laneSelected(lane: string, selector: CliArgs["lane"]): boolean {
  if (selector === "all") return true;
  // live and upstream install large pinned binaries/packages on first use: only on request.
  if (selector === "default") return lane !== "live" && lane !== "upstream";
  return lane === selector;
}
