/**
 * `pnpm scenarios digests [filter] [options]` (hidden; used by --check-determinism): runs the
 * deterministic runs of the plan and prints one JSON line per run — `{key, verdict, digest}` — on
 * stdout, writing no files. `--check-determinism` runs it in two separate processes and compares.
 */
import { buildProofReport } from "../../report/proof-report.ts";
import { isCaught, EXIT_CODES } from "../../scenario/verdict.ts";
import { replayRecipe } from "../../explore/replay.ts";
import type { Output } from "../output.ts";
import { itemKey, type PlanItem, type WorkPlan } from "../plan.ts";
import { errorResult, type RunDeps } from "./run.ts";

export interface DigestLine {
  readonly key: string;
  readonly verdict: string;
  readonly digest: string;
}

export async function digestsCommand(out: Output, plan: WorkPlan, options: { readonly mutantSeeds: "all" | "until-caught" }, deps: RunDeps): Promise<number> {
  const caught = new Set<string>();
  for (const item of plan.items) {
    if (deps.interrupted()) return EXIT_CODES.interrupted;
    const mutantKey = `${item.scenario.id}|${item.target}`;
    if (options.mutantSeeds === "until-caught" && item.kind === "seed" && item.target !== "src" && caught.has(mutantKey)) continue;
    const line = await digestOf(item, deps);
    const expects = item.scenario.mutants.find((m) => `mutant:${m.id}` === item.target)?.expects;
    if (item.target !== "src" && isCaught(line.verdict as never, expects)) caught.add(mutantKey);
    out.data(JSON.stringify(line));
  }
  return EXIT_CODES.ok;
}

async function digestOf(item: PlanItem, deps: RunDeps): Promise<DigestLine> {
  const build = { environment: deps.environment, secrets: deps.secrets };
  const key = itemKey(item);
  try {
    if (item.kind === "corpus") {
      const outcome = await replayRecipe(item.recipe, item.scenario, {
        run: (request) => deps.runScenario(request),
        buildReport: (result, o) => buildProofReport(result, { ...build, ...o }),
      });
      return { key, verdict: outcome.result.verdict, digest: outcome.report.digest.value };
    }
    const { scenario, seed, target } = item;
    const result = await deps.runScenario({ scenario, seed, target });
    return { key, verdict: result.verdict, digest: buildProofReport(result, build).digest.value };
  } catch (error) {
    const result = errorResult(item, error, deps, 0);
    return { key, verdict: "error", digest: buildProofReport(result, build).digest.value };
  }
}

/** Parses a child's stdout; lines that are not digest lines are ignored. */
export function parseDigestLines(stdout: string): Map<string, DigestLine> {
  const out = new Map<string, DigestLine>();
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const parsed = JSON.parse(line) as Partial<DigestLine>;
      if (typeof parsed.key === "string" && typeof parsed.digest === "string") out.set(parsed.key, { key: parsed.key, verdict: String(parsed.verdict), digest: parsed.digest });
    } catch {
      // not one of ours
    }
  }
  return out;
}
