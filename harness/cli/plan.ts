/**
 * The ordered work of a run: the regression corpus replays first (scenarios/corpus/ entries whose
 * scenario and target are selected), then every planned seed. Each item keeps its index in the
 * whole plan so sharded outputs merge back into the same order; `--shard i/n` keeps the items
 * whose stable key falls in slice i.
 */
import type { LoadedCorpusEntry } from "../explore/corpus.ts";
import type { ReplayRecipe } from "../explore/recipe.ts";
import { inShard, shardKey, type Shard } from "../explore/shard.ts";
import type { Json } from "../scenario/types.ts";
import type { Target } from "../runner/types.ts";
import type { AnyScenario } from "../scenario/types.ts";
import type { CliArgs } from "./args.ts";
import { planRuns, targetsOf } from "./select.ts";

interface ItemBase {
  readonly scenario: AnyScenario;
  readonly seed: number;
  readonly target: Target;
  readonly planIndex: number;
}

export type PlanItem =
  | (ItemBase & { readonly kind: "seed"; readonly choices?: readonly number[]; readonly params?: Json })
  | (ItemBase & { readonly kind: "corpus"; readonly recipe: ReplayRecipe; readonly file: string });

export interface WorkPlan {
  readonly items: readonly PlanItem[];
  /** Items in the whole plan, before `--shard` sliced it. */
  readonly planRuns: number;
  readonly shard?: Shard;
}

export function itemKey(item: Pick<PlanItem, "kind" | "scenario" | "target" | "seed">): string {
  return shardKey({ scenarioId: item.scenario.id, target: item.target, seed: item.kind === "corpus" ? "corpus" : item.seed });
}

export function buildWorkPlan(
  scenarios: readonly AnyScenario[],
  args: Pick<CliArgs, "seeds" | "target" | "shard" | "choices" | "params">,
  corpus: readonly LoadedCorpusEntry[],
  /** Where corpus entries find their scenario (default: the selected ones; `--changed` replays the whole corpus). */
  corpusScenarios: readonly AnyScenario[] = scenarios,
): WorkPlan {
  const items: PlanItem[] = [];
  for (const { recipe, file } of corpus) {
    const scenario = corpusScenarios.find((s) => s.id === recipe.scenarioId);
    if (scenario === undefined || !targetsOf(scenario, args.target).includes(recipe.target)) continue;
    items.push({ kind: "corpus", scenario, seed: recipe.seed, target: recipe.target, recipe, file, planIndex: items.length });
  }
  for (const run of scenarios.length === 0 ? [] : planRuns(scenarios, args)) {
    items.push({
      kind: "seed",
      ...run,
      planIndex: items.length,
      ...(args.choices === undefined ? {} : { choices: args.choices }),
      ...(args.params === undefined ? {} : { params: args.params }),
    });
  }
  return {
    items: items.filter((item) => inShard(itemKey(item), args.shard)),
    planRuns: items.length,
    ...(args.shard === undefined ? {} : { shard: args.shard }),
  };
}
