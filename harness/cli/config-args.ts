/**
 * The command line over the consumer's config file: a flag wins, then the config
 * (`codex-proof.config.{ts,js,json}` in the working directory), then the built-in default.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError } from "../config/schema.ts";
import type { ResolvedConfig } from "../config/load.ts";
import type { AnyScenario, Lane } from "../scenario/types.ts";
import type { CliArgs } from "./args.ts";
import { UsageError } from "./errors.ts";

export interface Settings {
  readonly args: CliArgs;
  /** Absolute scenario folders; undefined → the discoverer's default (./scenarios). */
  readonly scenarioDirs?: readonly string[];
  /** Lanes kept when no `--lane` was given. */
  readonly lanes?: readonly Lane[];
  readonly deadlineScale: number;
  readonly projectRoot: string;
}

export function applyConfig(args: CliArgs, config: ResolvedConfig, cwd: string): Settings {
  const fromFlags = args.scenariosDirs.map((d) => resolve(cwd, d));
  const scenarioDirs = fromFlags.length > 0 ? fromFlags : config.scenarioDirs;
  for (const dir of scenarioDirs ?? []) {
    if (!isDirectory(dir)) {
      const where = fromFlags.length > 0 ? "--scenarios-dir" : `${config.file ?? "config"}: scenarioDirs`;
      throw new UsageError(`${where}: ${dir} is not a directory`, { hint: "give a folder that holds *.scenario.ts files" });
    }
  }
  const merged: CliArgs = {
    ...args,
    ...(!args.outDirGiven && config.outDir !== undefined ? { outDir: config.outDir } : {}),
    ...(args.seeds.length === 0 && config.seeds !== undefined ? { seeds: config.seeds } : {}),
  };
  const lanes = args.lane === "default" ? config.lanes : undefined;
  return {
    args: lanes === undefined ? merged : { ...merged, lane: "all" },
    ...(scenarioDirs === undefined ? {} : { scenarioDirs }),
    ...(lanes === undefined ? {} : { lanes }),
    deadlineScale: config.deadlineScale,
    projectRoot: config.root,
  };
}

/** The discovered scenarios in the config's lanes (all of them when it names none). */
export function inConfiguredLanes(scenarios: readonly AnyScenario[], settings: Settings): AnyScenario[] {
  const lanes = settings.lanes;
  if (lanes === undefined) return [...scenarios];
  const kept = scenarios.filter((s) => lanes.includes(s.lane));
  if (kept.length === 0 && scenarios.length > 0) throw new UsageError(`no discovered scenario is in the config's lanes (${lanes.join(", ")})`, { hint: "add --lane all or change lanes" });
  return kept;
}

/** A config mistake is a usage error: exit 2 with the file, field and what was expected. */
export function configUsageError(error: unknown): never {
  if (error instanceof ConfigError) throw new UsageError(error.message, { hint: "see codex-proof.config in the README" });
  throw error;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
