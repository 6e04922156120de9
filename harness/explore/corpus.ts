/**
 * The regression corpus: failing schedules kept as compact replay recipes under scenarios/corpus/
 * (`<scenario id with / → __>.<target with : → _>.json`), replayed first on every run.
 *
 * How a corpus run is judged: like any run of its target. An entry recorded against a mutant must
 * still be caught (fail or hang); an entry recorded against src — a real bug exploration found —
 * must pass once the bug is fixed (that is the regression it guards). Reproducing the recorded
 * digest is reported but not required: a fix or a scenario edit legitimately changes what the run
 * observes; re-record the entry with `--explore --save-corpus`.
 */
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../report/atomic-write.ts";
import { REPO_ROOT } from "../runner/run-scenario.ts";
import { recipeFromJson, type CorpusEntry, type ReplayRecipe } from "./recipe.ts";

export const CORPUS_DIR = join(REPO_ROOT, "scenarios", "corpus");

export interface LoadedCorpusEntry {
  /** Relative to the repository root when under it. */
  readonly file: string;
  readonly recipe: ReplayRecipe;
}

export function corpusFileName(run: { readonly scenarioId: string; readonly target: string }): string {
  return `${run.scenarioId.replaceAll("/", "__")}.${run.target.replace(":", "_")}.json`;
}

/** Every `*.json` in the corpus directory, by file name; a missing directory is an empty corpus. */
export async function loadCorpus(dir: string = CORPUS_DIR): Promise<LoadedCorpusEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return [];
  }
  const out: LoadedCorpusEntry[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const file = path.startsWith(`${REPO_ROOT}/`) ? path.slice(REPO_ROOT.length + 1) : path;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, "utf8")) as unknown;
    } catch (error) {
      throw new Error(`${file}: not a readable JSON corpus entry`, { cause: error });
    }
    out.push({ file, recipe: recipeFromJson(json, file) });
  }
  return out;
}

/** Writes (or replaces) the entry for its scenario and target; returns the path written. */
export async function saveCorpusEntry(entry: CorpusEntry, dir: string = CORPUS_DIR): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, corpusFileName(entry));
  await writeFileAtomic(path, `${JSON.stringify(entry, null, 2)}\n`);
  return path;
}
