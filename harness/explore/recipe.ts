/**
 * A replay recipe: exactly what re-runs one recorded run — scenario, target, kernel seed, the
 * choice list, the schedule it produced (task id per decision), the fault parameters — plus the
 * digest the re-run must reproduce. Read from a proof report or from a regression-corpus entry.
 */
import type { ExplorationInfo, Target } from "../runner/types.ts";
import type { Json } from "../scenario/types.ts";
import { VERDICTS, type Verdict } from "../scenario/verdict.ts";
import { programName } from "../report/proof-report.ts";

export const CORPUS_SCHEMA_VERSION = "corpus-entry/v1";

export interface ReplayRecipe {
  readonly scenarioId: string;
  readonly target: Target;
  readonly seed: number;
  readonly choices: readonly number[];
  readonly schedule: readonly number[];
  /** Set when the recorded run kept only its first decisions (a seeded budget overrun): replay by seed. */
  readonly decisionsDropped?: number;
  readonly params: Json;
  readonly verdict: Verdict;
  /** sha256 of the recorded report's core. */
  readonly digest: string;
  /** The replay command recorded in the core (part of the digested bytes). */
  readonly replayCommand: string;
  readonly exploration?: ExplorationInfo;
  /** The recorded core, when the recipe came from a full report (to name what differs). */
  readonly core?: { readonly [key: string]: Json };
}

/** A compact recipe committed under scenarios/corpus/. */
export interface CorpusEntry extends Omit<ReplayRecipe, "core"> {
  readonly schemaVersion: typeof CORPUS_SCHEMA_VERSION;
  /** Why it is kept, e.g. "found by exploration". */
  readonly note: string;
}

export class RecipeError extends Error {
  override readonly name = "RecipeError";
  constructor(what: string, problem: string) {
    super(`${what}: ${problem} (expected a proof report written by \`pnpm scenarios\` or a corpus entry from --save-corpus)`);
  }
}

/** Accepts a proof report (`schemaVersion: proof-report/v1`) or a corpus entry. */
export function recipeFromJson(json: unknown, what: string): ReplayRecipe {
  const doc = asObject(json, what, "the document");
  if (doc["schemaVersion"] === CORPUS_SCHEMA_VERSION) return fromFields(doc, what);
  if (doc["schemaVersion"] !== "proof-report/v1") throw new RecipeError(what, `unknown schemaVersion ${JSON.stringify(doc["schemaVersion"])}`);
  const core = asObject(doc["core"], what, "core");
  const scenario = asObject(core["scenario"], what, "core.scenario");
  const digest = asObject(doc["digest"], what, "digest");
  const replay = asObject(core["replay"], what, "core.replay");
  return fromFields(
    {
      scenarioId: scenario["id"],
      target: core["target"],
      seed: core["seed"],
      choices: core["choices"],
      schedule: core["schedule"],
      ...(core["decisionsDropped"] === undefined ? {} : { decisionsDropped: core["decisionsDropped"] }),
      params: core["faultSchedule"] ?? null,
      verdict: core["verdict"],
      digest: digest["value"],
      replayCommand: replay["command"],
      ...(core["exploration"] === undefined ? {} : { exploration: core["exploration"] }),
    },
    what,
    core as { readonly [key: string]: Json },
  );
}

function fromFields(f: Record<string, unknown>, what: string, core?: { readonly [key: string]: Json }): ReplayRecipe {
  const scenarioId = need(f, "scenarioId", what, (v) => typeof v === "string" && v.includes("/"));
  const target = need(f, "target", what, (v) => typeof v === "string" && /^(src|mutant:[a-z0-9][a-z0-9-]*)$/.test(v)) as Target;
  const seed = need(f, "seed", what, (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffff_ffff);
  const choices = need(f, "choices", what, isNatArray);
  const schedule = need(f, "schedule", what, isNatArray);
  const verdict = need(f, "verdict", what, (v) => VERDICTS.includes(v as Verdict));
  const digest = need(f, "digest", what, (v) => typeof v === "string" && /^[0-9a-f]{64}$/.test(v));
  const replayCommand = need(f, "replayCommand", what, (v) => typeof v === "string" && (v.startsWith("pnpm scenarios ") || v.startsWith(`${programName()} `)));
  return {
    scenarioId: scenarioId as string,
    target,
    seed: seed as number,
    choices: choices as number[],
    schedule: schedule as number[],
    ...(Number.isInteger(f["decisionsDropped"]) ? { decisionsDropped: f["decisionsDropped"] as number } : {}),
    params: (f["params"] ?? null) as Json,
    verdict: verdict as Verdict,
    digest: digest as string,
    replayCommand: replayCommand as string,
    ...(f["exploration"] === undefined ? {} : { exploration: f["exploration"] as ExplorationInfo }),
    ...(core === undefined ? {} : { core }),
  };
}

export function corpusEntry(recipe: ReplayRecipe, note: string): CorpusEntry {
  const { core: _core, ...rest } = recipe;
  return { schemaVersion: CORPUS_SCHEMA_VERSION, note, ...rest };
}

function isNatArray(v: unknown): boolean {
  return Array.isArray(v) && v.every((n) => Number.isInteger(n) && (n as number) >= 0);
}

function need(f: Record<string, unknown>, key: string, what: string, ok: (v: unknown) => boolean): unknown {
  const value = f[key];
  if (!ok(value)) throw new RecipeError(what, `field "${key}" is missing or malformed (${JSON.stringify(value)?.slice(0, 60) ?? "undefined"})`);
  return value;
}

function asObject(v: unknown, what: string, name: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new RecipeError(what, `${name} is not an object`);
  return v as Record<string, unknown>;
}
