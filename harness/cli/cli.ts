/**
 * The CLI as a function: argv and dependencies in, exit code out. main.ts wires the real
 * discovery, runner, streams, child processes and signals; tests wire fakes. A subcommand is a
 * case here and a file in commands/.
 */
import { resolve } from "node:path";
import { loadConfig, type ResolvedConfig } from "../config/load.ts";
import { SCENARIOS_DIR } from "../runner/discover.ts";
import type { LoadedCorpusEntry } from "../explore/corpus.ts";
import type { Target } from "../runner/types.ts";
import type { AnyScenario } from "../scenario/types.ts";
import { EXIT_CODES } from "../scenario/verdict.ts";
import { describeCalibration, explicitScale, type Calibration } from "../runner/deadline-scale.ts";
import { programName } from "../report/proof-report.ts";
import { redactText } from "../report/redact.ts";
import { parseArgs, type CliArgs } from "./args.ts";
import { determinismCommand, type ChildResult } from "./commands/determinism.ts";
import { digestsCommand } from "./commands/digests.ts";
import { exploreCommand } from "./commands/explore.ts";
import { helpCommand } from "./commands/help.ts";
import { listCommand } from "./commands/list.ts";
import { mergeCommand } from "./commands/merge.ts";
import { listKitsCommand, newCommand } from "./commands/new.ts";
import { selectChanged, type ChangedFiles } from "./commands/changed.ts";
import { watchCommand, type WatchFolders } from "./commands/watch.ts";
import { replayCommand } from "./commands/replay.ts";
import { runCommand, type RunDeps } from "./commands/run.ts";
import { UsageError } from "./errors.ts";
import { createOutput, type Output, type Streams } from "./output.ts";
import { applyConfig, configUsageError, inConfiguredLanes } from "./config-args.ts";
import { buildWorkPlan } from "./plan.ts";
import { selectScenarios, targetsOf } from "./select.ts";

export interface LiveLaneHandle {
  cleanup(): Promise<void>;
}

export interface CliDeps extends RunDeps, Streams {
  /** Loads the scenarios under `dirs` (absent: the default folder); report paths relative to `projectRoot`. */
  discover(dirs?: readonly string[], options?: { readonly projectRoot: string }): Promise<AnyScenario[]>;
  /** The config file of the working directory; default: read `codex-proof.config.*` from `cwd`. */
  loadConfig?(cwd: string): Promise<ResolvedConfig>;
  readonly cwd: string;
  /** The regression corpus (scenarios/corpus/); absent → none. */
  loadCorpus?(): Promise<LoadedCorpusEntry[]>;
  /** `--changed`: the files a diff touches (default: git). */
  readonly changedFiles?: ChangedFiles;
  /** `--watch`: starts watching folders for saved files (default: fs.watch). */
  readonly watchFolders?: WatchFolders;
  /** Where `new` writes; defaults to scenarios/. */
  readonly scenariosDir?: string;
  /** Where `--save-corpus` writes; defaults to scenarios/corpus/. */
  readonly corpusDir?: string;
  /** Live-lane preflight, called once when live scenarios are selected; throws LiveLaneUnavailableError to refuse. */
  liveLane?(options: { readonly allowNoNamespace: boolean; readonly log: (line: string) => void }): Promise<LiveLaneHandle>;
  /**
   * Upstream-lane preflight, called once when upstream scenarios are selected: installs every
   * release they name (in parallel) before any run's deadline starts, and states the disk use.
   */
  upstreamLane?(options: { readonly releases: readonly string[]; readonly log: (line: string) => void }): Promise<void>;
  /** Runs `pnpm scenarios <argv>` in a separate process (--check-determinism). */
  spawnCli?(argv: readonly string[]): Promise<ChildResult>;
  /** `CODEX_PROOF_DEADLINE_SCALE` as set in the environment. */
  readonly deadlineScaleEnv?: string;
  /** Measures this machine before real-time lanes run (deadline-scale.ts); absent → no calibration. */
  calibrate?(explicit: { scale: number; from: Calibration["explicitFrom"] }): Promise<Calibration>;
  /** The default for `--jobs` (the machine's core count); absent → 1. */
  readonly cores?: number;
}

export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  const wantsJson = argv.includes("--json") || argv[0] === "digests";
  const out = createOutput(deps, { json: wantsJson, secrets: deps.secrets });
  try {
    const args = parseArgs(argv);
    if (args.command === "help") return helpCommand(out);
    return await dispatch(args, argv, out, deps);
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`${error.message} (${error.hint})`);
      return EXIT_CODES.usage;
    }
    if (error instanceof Error && error.name === "LiveLaneUnavailableError") {
      out.error(error.message);
      return EXIT_CODES.usage;
    }
    out.error(error instanceof Error ? error.message : String(error));
    return EXIT_CODES.error;
  }
}

async function dispatch(given: CliArgs, argv: readonly string[], out: Output, baseDeps: CliDeps): Promise<number> {
  const config = await (baseDeps.loadConfig ?? loadConfig)(baseDeps.cwd).catch(configUsageError);
  const settings = applyConfig(given, config, baseDeps.cwd);
  const args = settings.args;
  let explicit: { scale: number; from: Calibration["explicitFrom"] };
  try {
    explicit = explicitScale({ ...(args.deadlineScale === undefined ? {} : { flag: args.deadlineScale }), ...(baseDeps.deadlineScaleEnv === undefined ? {} : { env: baseDeps.deadlineScaleEnv }), config: settings.deadlineScale });
  } catch (error) {
    throw new UsageError((error as Error).message, { hint: "a number from 1 to 100" });
  }
  let deps: CliDeps = withDeadlineScale(baseDeps, explicit.scale, undefined);
  const command = redactText(commandLine(argv), { secrets: deps.secrets });
  const outDir = resolve(deps.cwd, args.outDir);
  if (args.command === "replay") return replayCommand(out, args.paths[0] ?? "", { cwd: deps.cwd, json: args.json }, deps);
  if (args.command === "list-kits") return listKitsCommand(out);
  if (args.command === "new") {
    // The first --scenarios-dir (or config scenarioDirs) is where a new scenario goes; the kits are this package's.
    const where = { scenariosDir: settings.scenarioDirs?.[0] ?? deps.scenariosDir ?? SCENARIOS_DIR, kitsDir: SCENARIOS_DIR, cwd: deps.cwd };
    return newCommand(out, { id: args.paths[0] ?? "", ...(args.kit === undefined ? {} : { kit: args.kit }), ...where });
  }
  if (args.command === "merge") return mergeCommand(out, args.paths, { outDir, cwd: deps.cwd, command, json: args.json }, deps);
  const discovered = await deps.discover(settings.scenarioDirs, { projectRoot: settings.projectRoot });
  const inLanes = inConfiguredLanes(discovered, settings);
  const filtered = selectScenarios(inLanes, args);
  if (args.watch === true) return watchCommand(out, argv, { scenarios: filtered, dirs: settings.scenarioDirs ?? [] }, deps);
  const selected =
    args.changed === undefined
      ? filtered
      : selectChanged(out, filtered, { ref: args.changed, cwd: deps.cwd, ...(deps.changedFiles === undefined ? {} : { changedFiles: deps.changedFiles }) });
  if (args.command === "list") return listCommand(out, selected, { json: args.json });
  const deterministicOnly = args.explore || args.checkDeterminism || args.command === "digests";
  const scenarios = deterministicOnly ? onlyDeterministic(selected, out, args) : selected;
  if (scenarios.some((s) => s.lane !== "deterministic") && deps.calibrate !== undefined) {
    // Real-time lanes: measure this machine first, so a loaded runner widens its budgets instead of reporting false hangs.
    const calibration = await deps.calibrate(explicit);
    if (!args.quiet) out.info(describeCalibration(calibration));
    deps = withDeadlineScale(baseDeps, calibration.effectiveScale, calibration);
  }
  const lane = scenarios.some((s) => s.lane === "live") ? await deps.liveLane?.({ allowNoNamespace: args.allowNoNetns, log: (l) => out.info(l) }) : undefined;
  const releases = scenarios.flatMap((s) => (s.lane === "upstream" && s.releases !== undefined ? [s.releases.target, ...s.releases.mutants] : []));
  try {
    if (releases.length > 0) await deps.upstreamLane?.({ releases, log: (l) => out.info(l) });
    if (args.explore) return await explore(out, scenarios, args, outDir, deps);
    const corpus = args.noCorpus ? [] : ((await deps.loadCorpus?.()) ?? []);
    const plan = buildWorkPlan(scenarios, args, corpus, args.changed === undefined ? scenarios : inLanes);
    if (plan.items.length === 0) {
      out.info("nothing to run");
      return EXIT_CODES.ok;
    }
    if (args.command === "digests") return await digestsCommand(out, plan, { mutantSeeds: args.mutantSeeds }, deps);
    if (args.checkDeterminism) {
      if (deps.spawnCli === undefined) throw new Error("--check-determinism needs a way to start child processes");
      return await determinismCommand(out, argv, { expectedRuns: plan.items.length }, { ...deps, spawnCli: deps.spawnCli });
    }
    const jobs = args.jobs ?? deps.cores ?? 1;
    return await runCommand(
      out,
      plan,
      { outDir, command, quiet: args.quiet, json: args.json, mutantSeeds: args.mutantSeeds, jobs, jobsExplicit: args.jobs !== undefined, html: args.html, ...(args.realTimeJobs === undefined ? {} : { realTimeJobs: args.realTimeJobs }) },
      deps,
    );
  } finally {
    await lane?.cleanup();
  }
}

/** Every run gets the deadline scale; the environment carries the calibration as evidence. */
function withDeadlineScale(deps: CliDeps, scale: number, calibration: Calibration | undefined): CliDeps {
  const environment = calibration === undefined ? deps.environment : { ...deps.environment, calibration };
  if (scale === 1 && calibration === undefined) return deps;
  return { ...deps, environment, runScenario: (request) => deps.runScenario({ ...request, deadlineScale: scale }) };
}

function onlyDeterministic(selected: readonly AnyScenario[], out: Output, args: CliArgs): AnyScenario[] {
  const kept = selected.filter((s) => s.lane === "deterministic");
  const skipped = selected.length - kept.length;
  const what = args.explore ? "exploration" : "the determinism check";
  if (kept.length === 0) throw new UsageError(`${what} needs deterministic-lane scenarios; none is selected`);
  if (skipped > 0 && args.command !== "digests") out.info(`${what}: skipping ${skipped} scenarios outside the deterministic lane`);
  return kept;
}

async function explore(out: Output, scenarios: readonly AnyScenario[], args: CliArgs, outDir: string, deps: CliDeps): Promise<number> {
  const pairs: Array<{ scenario: AnyScenario; target: Target }> = [];
  for (const scenario of scenarios) for (const target of targetsOf(scenario, args.target)) pairs.push({ scenario, target });
  if (pairs.length === 0) throw new UsageError(`no selected scenario has target ${args.target}`, { hint: "see --list" });
  if (args.fcPath !== undefined && (args.fcSeed === undefined || pairs.length !== 1)) {
    throw new UsageError("--fc-path re-runs one found case: give it with --fc-seed and a filter and --target that select one scenario × target");
  }
  return exploreCommand(
    out,
    pairs,
    {
      outDir,
      cwd: deps.cwd,
      runs: args.runs,
      timeLimitMs: args.timeLimitMs,
      seeds: args.seeds,
      saveCorpus: args.saveCorpus,
      json: args.json,
      ...(deps.corpusDir === undefined ? {} : { corpusDir: deps.corpusDir }),
      ...(args.fcSeed === undefined ? {} : { fcSeed: args.fcSeed }),
      ...(args.fcPath === undefined ? {} : { fcPath: args.fcPath }),
    },
    deps,
  );
}

/** The command as a user would retype it (quoted for a POSIX shell). */
export function commandLine(argv: readonly string[]): string {
  return [programName(), ...argv.map(shellQuote)].join(" ");
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
