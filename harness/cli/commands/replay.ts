/**
 * `pnpm scenarios replay <report.json>`: re-runs exactly what a proof report (or a corpus entry)
 * describes and checks that the digest matches. Reproduced → exit 0; a run that leaves the
 * recorded schedule, or a digest that differs, → exit 7 with the first divergent step.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { recipeFromJson, RecipeError } from "../../explore/recipe.ts";
import { replayRecipe } from "../../explore/replay.ts";
import { buildProofReport } from "../../report/proof-report.ts";
import type { AnyScenario } from "../../scenario/types.ts";
import { EXIT_CODES } from "../../scenario/verdict.ts";
import { UsageError } from "../errors.ts";
import type { Output } from "../output.ts";
import type { RunDeps } from "./run.ts";

export async function replayCommand(
  out: Output,
  file: string,
  options: { readonly cwd: string; readonly json: boolean },
  deps: RunDeps & { discover(): Promise<AnyScenario[]> },
): Promise<number> {
  const recipe = toRecipe(await readJson(resolve(options.cwd, file), file), file);
  const scenario = (await deps.discover()).find((s) => s.id === recipe.scenarioId);
  if (scenario === undefined) throw new UsageError(`${file} records scenario "${recipe.scenarioId}", which no longer exists`, { hint: "see --list" });
  const outcome = await replayRecipe(recipe, scenario, {
    run: (request) => deps.runScenario(request),
    buildReport: (result, o) => buildProofReport(result, { environment: deps.environment, secrets: deps.secrets, ...o }),
  });
  if (outcome.status === "reproduced") out.info(outcome.message);
  else out.error(outcome.message);
  if (options.json) {
    const { status, message } = outcome;
    out.data(JSON.stringify({ status, message, expectedDigest: recipe.digest, digest: outcome.report.digest.value, divergence: outcome.result.divergence ?? null }, null, 2));
  }
  return outcome.status === "reproduced" ? EXIT_CODES.ok : EXIT_CODES.replayDiverged;
}

function toRecipe(json: unknown, file: string): ReturnType<typeof recipeFromJson> {
  try {
    return recipeFromJson(json, file);
  } catch (error) {
    if (error instanceof RecipeError) throw new UsageError(error.message, { hint: "replay takes a runs/*.json or explore/*.json report, or a scenarios/corpus/ entry" });
    throw error;
  }
}

async function readJson(path: string, shown: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`cannot read ${shown}`, { hint: "give the path of a proof report, e.g. reports/out/explore/<id>.<target>.json" });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${shown} is not JSON`);
  }
}
