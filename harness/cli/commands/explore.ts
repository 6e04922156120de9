/**
 * `pnpm scenarios --explore`: for each selected deterministic scenario × target, fast-check
 * generates choice lists and fault parameters, and shrinks any failure to its minimum. A failure on
 * src is a real bug (exit 1); a failure found on a mutant is the expected result ("found": the race
 * is findable from a cold start). Each minimal failure is written as a proof report with its
 * exploration record under <out>/explore/, with the command that replays it; `--save-corpus` also
 * keeps it as a regression-corpus entry.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, unlink } from "node:fs/promises";
import { join, relative } from "node:path";
import { explore } from "../../explore/explore.ts";
import { saveCorpusEntry } from "../../explore/corpus.ts";
import { corpusEntry, recipeFromJson } from "../../explore/recipe.ts";
import { writeFileAtomic } from "../../report/atomic-write.ts";
import { buildProofReport, explicitReplayCommand, type ProofReport } from "../../report/proof-report.ts";
import { assertValid } from "../../report/schema.ts";
import type { RunResult, Target } from "../../runner/types.ts";
import type { AnyScenario } from "../../scenario/types.ts";
import { EXIT_CODES } from "../../scenario/verdict.ts";
import { formatMs, type Output } from "../output.ts";
import type { RunDeps } from "./run.ts";

export const EXPLORE_DIR = "explore";

export interface ExploreCommandOptions {
  readonly outDir: string;
  readonly cwd: string;
  readonly runs: number;
  readonly timeLimitMs: number;
  readonly fcSeed?: number;
  readonly fcPath?: string;
  /** Kernel seeds given with --seed (the first is used); else each scenario's first declared seed. */
  readonly seeds: readonly number[];
  readonly saveCorpus: boolean;
  readonly corpusDir?: string;
  readonly json: boolean;
}

export interface ExploreRecord {
  readonly scenarioId: string;
  readonly target: Target;
  readonly seed: number;
  readonly fcSeed: number;
  readonly runs: number;
  readonly wallMs: number;
  readonly status: "found" | "not-found" | "bug";
  readonly interrupted: boolean;
  readonly reportFile?: string;
  readonly replay?: string;
  readonly exploration?: RunResult["exploration"];
}

/** fast-check's seed for a scenario: stable across machines and commits, printed. */
export function defaultFcSeed(scenarioId: string, target: Target): number {
  return createHash("sha256").update(`${scenarioId}|${target}`).digest().readUInt32BE(0);
}

export async function exploreCommand(
  out: Output,
  pairs: ReadonlyArray<{ readonly scenario: AnyScenario; readonly target: Target }>,
  options: ExploreCommandOptions,
  deps: RunDeps,
): Promise<number> {
  const dir = join(options.outDir, EXPLORE_DIR);
  await mkdir(dir, { recursive: true });
  await clearExploreDir(dir);
  out.info(`exploring ${pairs.length} scenario × target pairs: up to ${options.runs} cases each, ${formatMs(options.timeLimitMs)} budget in all`);
  const started = deps.wallMs();
  const records: ExploreRecord[] = [];
  for (const [i, { scenario, target }] of pairs.entries()) {
    if (deps.interrupted()) {
      out.error(`interrupted after ${records.length}/${pairs.length} explorations`);
      return EXIT_CODES.interrupted;
    }
    // What a fast pair leaves unspent goes to the pairs after it.
    const leftMs = options.timeLimitMs - (deps.wallMs() - started);
    const perPairMs = Math.max(1, Math.floor(leftMs / (pairs.length - i)));
    const record = await exploreOne(out, scenario, target, { ...options, perPairMs, dir }, deps);
    records.push(record);
  }
  await writeFileAtomic(join(dir, "explore.json"), `${JSON.stringify({ schemaVersion: "explore-summary/v1", records }, null, 2)}\n`);
  const bugs = records.filter((r) => r.status === "bug").length;
  const found = records.filter((r) => r.status === "found").length;
  const mutants = records.filter((r) => r.target !== "src").length;
  out.info(
    `explored ${records.length} pairs: ${bugs === 0 ? "no failure on src" : `${bugs} FAILING on src`}; ` +
      `races found on ${found}/${mutants} mutants. Records: ${join(dir, "explore.json")}`,
  );
  if (options.json) out.data(JSON.stringify(records, null, 2));
  return bugs > 0 ? EXIT_CODES.fail : EXIT_CODES.ok;
}

async function exploreOne(
  out: Output,
  scenario: AnyScenario,
  target: Target,
  options: ExploreCommandOptions & { readonly perPairMs: number; readonly dir: string },
  deps: RunDeps,
): Promise<ExploreRecord> {
  const seed = options.seeds[0] ?? scenario.seeds[0] ?? 1;
  const fcSeed = options.fcSeed ?? defaultFcSeed(scenario.id, target);
  const label = `${scenario.id} ${target}`;
  out.info(`explore ${label}: seed=${seed} fc-seed=${fcSeed}`);
  const started = deps.wallMs();
  const outcome = await explore({
    scenario,
    target,
    seed,
    runs: options.runs,
    timeLimitMs: options.perPairMs,
    fcSeed,
    ...(options.fcPath === undefined ? {} : { fcPath: options.fcPath }),
    run: (request) => deps.runScenario(request),
    onProgress: (p) => out.info(`  … ${label}: ${p.runs} cases, ${p.failures} failing${p.shrinking ? ", shrinking" : ""}`),
  });
  const wallMs = deps.wallMs() - started;
  const base = { scenarioId: scenario.id, target, seed, fcSeed, runs: outcome.runs, wallMs, interrupted: outcome.interrupted };
  if (outcome.failure === undefined) {
    const budget = outcome.interrupted ? `, its ${formatMs(options.perPairMs)} budget spent` : "";
    out.info(`${target === "src" ? "PASS    " : "missed  "} ${label}: no failure in ${cases(outcome.runs)} (${formatMs(wallMs)}${budget})`);
    return { ...base, status: "not-found" };
  }
  return await recordFailure(out, outcome.failure, base, options, deps);
}

async function recordFailure(
  out: Output,
  failure: RunResult,
  base: Omit<ExploreRecord, "status">,
  options: ExploreCommandOptions & { readonly dir: string },
  deps: RunDeps,
): Promise<ExploreRecord> {
  const replayCommand = explicitReplayCommand(failure);
  const report = buildProofReport(failure, { replayCommand, environment: deps.environment, secrets: deps.secrets });
  const name = `${failure.scenarioId.replaceAll("/", "__")}.${failure.target.replace(":", "_")}.json`;
  const file = join(options.dir, name);
  assertValid("report", report, name);
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  const shown = relative(options.cwd, file) || file;
  const info = failure.exploration;
  const status = failure.target === "src" ? "bug" : "found";
  out.info(
    `${status === "bug" ? "FAIL    " : "found   "} ${failure.scenarioId} ${failure.target}: ${failure.verdict} after ${cases(info?.runs ?? base.runs)} ` +
      `(${formatMs(base.wallMs)}) — ${oneLine(failure.reason)}`,
  );
  if (info !== undefined) {
    out.info(
      `         shrunk ${info.numShrinks} times: choices ${info.before.choices} → ${info.after.choices}, faults ${info.before.faults} → ${info.after.faults}; ` +
        `fc seed ${info.fcSeed} path "${info.fcPath}"`,
    );
  }
  out.info(`         replay: pnpm scenarios replay ${shown}`);
  if (info !== undefined) {
    out.info(
      `         re-explore: pnpm scenarios ${failure.scenarioId} --target ${failure.target} --seed ${failure.seed} --explore --fc-seed ${info.fcSeed} --fc-path ${info.fcPath}`,
    );
  }
  if (options.saveCorpus) await saveToCorpus(out, report, name, options);
  return { ...base, status, reportFile: shown, replay: `pnpm scenarios replay ${shown}`, ...(info === undefined ? {} : { exploration: info }) };
}

async function saveToCorpus(out: Output, report: ProofReport, name: string, options: ExploreCommandOptions): Promise<void> {
  const recipe = recipeFromJson(report, name);
  const path = await saveCorpusEntry(corpusEntry(recipe, "found by pnpm scenarios --explore"), options.corpusDir);
  out.info(`         saved to the regression corpus: ${relative(options.cwd, path) || path}`);
}

/** Removes the outputs of an earlier exploration (only files we name), so none looks current. */
async function clearExploreDir(dir: string): Promise<void> {
  const ours = /^(?:[a-z0-9][a-z0-9-]*(?:__[a-z0-9][a-z0-9-]*)+\.(?:src|mutant_[a-z0-9][a-z0-9-]*)|explore)\.json$/;
  for (const name of await readdir(dir)) if (ours.test(name)) await unlink(join(dir, name));
}

function cases(n: number): string {
  return `${n} case${n === 1 ? "" : "s"}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, " ").trim();
  return flat.length <= 160 ? flat : `${flat.slice(0, 159)}…`;
}
