/**
 * `codex-lifecycle-proof/vitest`: the consumer's scenarios inside their own vitest suite.
 *
 *   // proof.test.ts
 *   import { registerScenarios } from "codex-lifecycle-proof/vitest";
 *   await registerScenarios();
 *
 * Reads `codex-proof.config.{ts,js,json}` from the working directory (scenarioDirs, lanes, seeds,
 * deadlineScale) unless options say otherwise.
 */
import { resolve } from "node:path";
import { describe, test } from "vitest";
import { loadConfig } from "../config/load.ts";
import { discoverScenarios } from "../runner/discover.ts";
import { runScenario } from "../runner/run-scenario.ts";
import type { Lane } from "../scenario/types.ts";
import { registerScenarioTests, type TestApi } from "./register.ts";

export { registerScenarioTests, ScenarioTestFailure, type ScenarioTestOptions, type TestApi } from "./register.ts";

export interface RegisterOptions {
  /** The project root: where the config is read and relative folders resolve (default: cwd). */
  readonly root?: string;
  /** Folders with `*.scenario.{ts,js}`; default: the config's scenarioDirs, else ./scenarios. */
  readonly scenarioDirs?: readonly string[];
  /** Lanes to register; default: the config's lanes, else every lane but live. */
  readonly lanes?: readonly Lane[];
  /** Seeds run instead of the declared ones; default: the config's seeds. */
  readonly seeds?: readonly number[];
}

/** Discovers the scenarios and registers them as vitest tests; returns how many scenarios. */
export async function registerScenarios(options: RegisterOptions = {}): Promise<number> {
  const root = resolve(options.root ?? process.cwd());
  const config = await loadConfig(root);
  await ensureTypeScriptLoader();
  const dirs = options.scenarioDirs?.map((d) => resolve(root, d)) ?? config.scenarioDirs ?? [resolve(root, "scenarios")];
  const lanes = options.lanes ?? config.lanes;
  const all = await discoverScenarios(dirs, { projectRoot: config.root });
  const scenarios = all.filter((s) => (lanes === undefined ? s.lane !== "live" : lanes.includes(s.lane)));
  const seeds = options.seeds ?? config.seeds;
  const api: TestApi = { describe: (name, body) => describe(name, body), test: (name, body, timeoutMs) => test(name, body, timeoutMs) };
  registerScenarioTests(scenarios, { runScenario, deadlineScale: config.deadlineScale, ...(seeds === undefined ? {} : { seeds }) }, api);
  return scenarios.length;
}

/**
 * Installed, this module runs outside vite's transform, so a consumer's `.scenario.ts` needs a
 * loader: tsx's, registered once (a dependency of this package). Inside this repository the
 * sources already run under vite, and nothing is registered.
 */
async function ensureTypeScriptLoader(): Promise<void> {
  if (import.meta.url.endsWith(".ts") || loaderRegistered) return;
  const { register } = await import("tsx/esm/api");
  register();
  loaderRegistered = true;
}
let loaderRegistered = false;
