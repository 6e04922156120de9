/**
 * The consumer's `codex-proof.config.{ts,js,json}`: which folders hold scenarios, where reports go,
 * which lanes run by default, how far real-time deadlines stretch on a slow runner, and which seeds
 * replace the declared ones. Validation names the file, the field and what was expected; an unknown
 * field is an error (a typo must not silently fall back to a default).
 */
import type { Lane } from "../scenario/types.ts";

export interface ProofConfig {
  /** Folders searched for `*.scenario.{ts,mts,js,mjs}`, relative to the config file. */
  readonly scenarioDirs?: readonly string[];
  /** Where reports go, relative to the config file (default `reports/out`). */
  readonly outDir?: string;
  /** Lanes run when the command line gives no `--lane` (default: every lane but live). */
  readonly lanes?: readonly Lane[];
  /** Multiplies real-time lanes' wall budgets (process, black-box); 1 = as declared. */
  readonly deadlineScale?: number;
  /** Seeds run instead of each scenario's declared seeds, unless `--seed` is given. */
  readonly seeds?: readonly number[];
}

export const CONFIG_FIELDS = ["scenarioDirs", "outDir", "lanes", "deadlineScale", "seeds"] as const;
export const CONFIG_LANES: readonly Lane[] = ["deterministic", "process", "live", "black-box", "upstream"];

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly expected: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${field === "" ? "" : `field "${field}": `}${expected}`, options);
    this.name = "ConfigError";
  }
}

/** Returns the config when `value` is one; throws ConfigError naming the first bad field. */
export function validateConfig(value: unknown, file: string): ProofConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(file, "", `expected an object with any of ${CONFIG_FIELDS.join(", ")} (got ${describe(value)})`);
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!(CONFIG_FIELDS as readonly string[]).includes(key)) throw new ConfigError(file, key, `unknown field; expected one of ${CONFIG_FIELDS.join(", ")}`);
  }
  const out: { -readonly [K in keyof ProofConfig]: ProofConfig[K] } = {};
  if (v["scenarioDirs"] !== undefined) out.scenarioDirs = stringList(v["scenarioDirs"], file, "scenarioDirs");
  if (v["outDir"] !== undefined) {
    if (typeof v["outDir"] !== "string" || v["outDir"].trim() === "") throw new ConfigError(file, "outDir", `expected a non-empty path (got ${describe(v["outDir"])})`);
    out.outDir = v["outDir"];
  }
  if (v["lanes"] !== undefined) {
    const lanes = stringList(v["lanes"], file, "lanes");
    const bad = lanes.find((l) => !(CONFIG_LANES as readonly string[]).includes(l));
    if (bad !== undefined) throw new ConfigError(file, "lanes", `"${bad}" is not a lane; expected ${CONFIG_LANES.join(", ")}`);
    out.lanes = lanes as Lane[];
  }
  if (v["deadlineScale"] !== undefined) {
    const s = v["deadlineScale"];
    if (typeof s !== "number" || !Number.isFinite(s) || s < 1 || s > 100) throw new ConfigError(file, "deadlineScale", `expected a number from 1 to 100 (got ${describe(s)})`);
    out.deadlineScale = s;
  }
  if (v["seeds"] !== undefined) {
    const seeds = v["seeds"];
    if (!Array.isArray(seeds) || seeds.length === 0) throw new ConfigError(file, "seeds", `expected a non-empty array of uint32 seeds (got ${describe(seeds)})`);
    for (const [i, seed] of seeds.entries()) {
      if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
        throw new ConfigError(file, `seeds[${i}]`, `expected a uint32 (0..4294967295) (got ${describe(seed)})`);
      }
    }
    out.seeds = seeds as number[];
  }
  return out;
}

function stringList(value: unknown, file: string, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(file, field, `expected a non-empty array of strings (got ${describe(value)})`);
  for (const [i, item] of value.entries()) {
    if (typeof item !== "string" || item.trim() === "") throw new ConfigError(file, `${field}[${i}]`, `expected a non-empty string (got ${describe(item)})`);
  }
  return value as string[];
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}
