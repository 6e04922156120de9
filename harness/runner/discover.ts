/**
 * Finds and loads every `*.scenario.{ts,mts,js,mjs}` (default export) under one or more folders
 * (default: this repo's scenarios/), sorted by id. An id defined twice, in any folder, is an error.
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyScenario } from "../scenario/types.ts";
import { REPO_ROOT } from "./run-scenario.ts";

export const SCENARIOS_DIR = resolve(REPO_ROOT, "scenarios");

export class ScenarioLoadError extends Error {
  constructor(file: string, why: string, options?: { cause?: unknown }) {
    super(`${file}: ${why}`, options);
    this.name = "ScenarioLoadError";
  }
}

const SCENARIO_FILE = /\.scenario\.(?:ts|mts|js|mjs)$/;

export interface DiscoverOptions {
  /** Report paths (`sourceFile`, `<repo>`) are relative to this root; default: this repository. */
  readonly projectRoot?: string;
}

export function scenarioFiles(dir: string = SCENARIOS_DIR): string[] {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new ScenarioLoadError(dir, "is not a directory (a scenarios folder was expected)");
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SCENARIO_FILE.test(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function isScenario(value: unknown): value is AnyScenario {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v["id"] === "string" && typeof v["run"] === "function" && Array.isArray(v["checks"]) && Array.isArray(v["seeds"]);
}

export async function discoverScenarios(dirs: string | readonly string[] = SCENARIOS_DIR, options: DiscoverOptions = {}): Promise<AnyScenario[]> {
  const scenarios: AnyScenario[] = [];
  const seen = new Map<string, string>();
  const files = [...new Set((typeof dirs === "string" ? [dirs] : dirs).flatMap((dir) => scenarioFiles(resolve(dir))))];
  for (const file of files) {
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (error) {
      throw new ScenarioLoadError(file, `failed to load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!isScenario(mod.default)) throw new ScenarioLoadError(file, "the default export is not a scenario (use `export default defineScenario({...})`)");
    const previous = seen.get(mod.default.id);
    if (previous !== undefined) throw new ScenarioLoadError(file, `scenario id "${mod.default.id}" is already defined in ${previous}`);
    seen.set(mod.default.id, file);
    scenarios.push({ ...mod.default, sourceFile: file, ...(options.projectRoot === undefined ? {} : { projectRoot: options.projectRoot }) });
  }
  return scenarios.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
