/**
 * Finds and loads the consumer's config in a project root: `codex-proof.config.ts`, `.js` or
 * `.json` (exactly one). A `.ts` config needs a TypeScript loader (the `codex-proof` CLI and
 * vitest have one). Paths in it resolve against the file's folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Lane } from "../scenario/types.ts";
import { ConfigError, validateConfig } from "./schema.ts";

export const CONFIG_FILES = ["codex-proof.config.ts", "codex-proof.config.js", "codex-proof.config.json"] as const;

/** A loaded config with its paths made absolute. */
export interface ResolvedConfig {
  /** The config file, absolute; absent when there is none. */
  readonly file?: string;
  /** The folder paths resolve against: the config's folder, else the project root given. */
  readonly root: string;
  readonly scenarioDirs?: readonly string[];
  readonly outDir?: string;
  readonly lanes?: readonly Lane[];
  readonly deadlineScale: number;
  readonly seeds?: readonly number[];
}

export function findConfigFile(root: string): string | undefined {
  const present = CONFIG_FILES.map((name) => join(root, name)).filter((file) => existsSync(file));
  if (present.length > 1) throw new ConfigError(basename(present[1] ?? ""), "", `more than one config file in ${root} (${present.map((f) => basename(f)).join(", ")}); keep one`);
  return present[0];
}

/** The config of `root` (or of the given `file`); no file → defaults. */
export async function loadConfig(root: string, file: string | undefined = findConfigFile(root)): Promise<ResolvedConfig> {
  if (file === undefined) return { root, deadlineScale: 1 };
  const path = resolve(root, file);
  const config = validateConfig(await readConfigValue(path), path);
  const base = dirname(path);
  return {
    file: path,
    root: base,
    ...(config.scenarioDirs === undefined ? {} : { scenarioDirs: config.scenarioDirs.map((d) => resolve(base, d)) }),
    ...(config.outDir === undefined ? {} : { outDir: resolve(base, config.outDir) }),
    ...(config.lanes === undefined ? {} : { lanes: config.lanes }),
    deadlineScale: config.deadlineScale ?? 1,
    ...(config.seeds === undefined ? {} : { seeds: config.seeds }),
  };
}

async function readConfigValue(path: string): Promise<unknown> {
  if (path.endsWith(".json")) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new ConfigError(path, "", "cannot be read", { cause: error });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError(path, "", `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const hint = path.endsWith(".ts") && /Unknown file extension/.test(why) ? " (a .ts config needs a TypeScript loader: run it through the codex-proof CLI or vitest, or use .js/.json)" : "";
    throw new ConfigError(path, "", `failed to load: ${why}${hint}`, { cause: error });
  }
  if (mod.default === undefined) throw new ConfigError(path, "", "has no default export (use `export default defineConfig({...})`)");
  return mod.default;
}
