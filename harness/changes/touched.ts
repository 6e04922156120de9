/**
 * Which scenarios a set of changed files touches: those whose dependency closure contains one of
 * them. A change to the engine every run goes through (the kernel, the runner, the scenario
 * contract) or to the dependencies touches every scenario.
 */
import { relative, sep } from "node:path";
import type { AnyScenario } from "../scenario/types.ts";
import { dependencyClosure } from "./import-graph.ts";

/** Repo-relative prefixes whose change re-runs everything. */
export const ENGINE_PATHS = ["harness/sim/", "harness/runner/", "harness/scenario/", "package.json", "pnpm-lock.yaml", "tsconfig.json"];

export interface Touched {
  readonly scenarios: AnyScenario[];
  /** Set when an engine file changed (every scenario runs). */
  readonly engine?: string;
}

export function touchedScenarios(scenarios: readonly AnyScenario[], changed: readonly string[], repoRoot: string): Touched {
  const rel = (p: string): string => relative(repoRoot, p).split(sep).join("/");
  const engine = changed.map(rel).find((p) => ENGINE_PATHS.some((e) => p === e || p.startsWith(e)));
  if (engine !== undefined) return { scenarios: [...scenarios], engine };
  const changedSet = new Set(changed);
  const cache = new Map<string, string[]>();
  const hit = scenarios.filter((s) => {
    if (s.sourceFile === undefined) return false;
    for (const file of dependencyClosure(s.sourceFile, repoRoot, cache)) if (changedSet.has(file)) return true;
    return false;
  });
  return { scenarios: hit };
}
