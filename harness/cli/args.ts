/**
 * The `pnpm scenarios` argument parser, driven by one table of options so later subcommands
 * (`replay`, `merge`) and options (`--explore`, `--shard i/n`, `--check-determinism`) are a row
 * each. Every mistake is a UsageError with a one-line message.
 */
import type { Json } from "../scenario/types.ts";
import { parseShard, ShardSpecError, type Shard } from "../explore/shard.ts";
import { DEADLINE_SCALE_ENV, parseScale } from "../runner/deadline-scale.ts";
import { UsageError } from "./errors.ts";

export type TargetSelector = "all" | "src" | "mutants" | `mutant:${string}`;
export type LaneSelector = "default" | "all" | "deterministic" | "process" | "live" | "black-box" | "upstream";

/** `replay`, `merge` and the hidden `digests` are subcommands: the first positional word. */
export const SUBCOMMANDS = ["replay", "merge", "digests", "new"] as const;
export type Command = "run" | "list" | "help" | "list-kits" | (typeof SUBCOMMANDS)[number];

export interface CliArgs {
  readonly command: Command;
  readonly filters: readonly string[];
  /** `replay <report.json>` and `merge <dir>...`: the files or directories named. */
  readonly paths: readonly string[];
  /** Empty: each scenario's declared seeds. */
  readonly seeds: readonly number[];
  readonly target: TargetSelector;
  readonly lane: LaneSelector;
  readonly outDir: string;
  /** `--out` was given (it then wins over the config file's outDir). */
  readonly outDirGiven: boolean;
  /** `--scenarios-dir`, in order; empty → the config file's scenarioDirs, else ./scenarios. */
  readonly scenariosDirs: readonly string[];
  readonly quiet: boolean;
  /** Also write an offline HTML timeline per run. */
  readonly html: boolean;
  readonly json: boolean;
  readonly explore: boolean;
  /** Exploration: generated cases per scenario × target. */
  readonly runs: number;
  /** Exploration: the whole wall-time budget, split across scenario × target pairs. */
  readonly timeLimitMs: number;
  /** Exploration: fast-check's seed; absent → derived from the scenario id. */
  readonly fcSeed?: number;
  /** Exploration: fast-check's counterexample path, to re-run one found case (with --fc-seed). */
  readonly fcPath?: string;
  readonly saveCorpus: boolean;
  readonly checkDeterminism: boolean;
  readonly shard?: Shard;
  readonly mutantSeeds: "all" | "until-caught";
  readonly allowNoNetns: boolean;
  /** Replay one interleaving: the choice list for every planned run. */
  readonly choices?: readonly number[];
  /** Fault parameters (JSON) for every planned run. */
  readonly params?: Json;
  /** Skip the regression corpus replays. */
  readonly noCorpus: boolean;
  /** Worker threads for independent runs; absent → the core count. */
  readonly jobs?: number;
  /** Process and black-box runs at once beside the pool; absent → 4 × jobs, at most 8. */
  readonly realTimeJobs?: number;
  /** `new <id>`: the story kit to build on. */
  readonly kit?: string;
  /** `--deadline-scale N`: multiplies every real-time budget (wins over the environment and the config). */
  readonly deadlineScale?: number;
  /** `--changed [REF]`: only the scenarios a diff against REF touches (default HEAD: uncommitted changes). */
  readonly changed?: string;
  /** `--watch`: rerun what a saved file touches. */
  readonly watch?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  /** The value's placeholder in --help; absent for flags. */
  readonly value?: string;
  /** The value may be left out (`--changed` or `--changed REF`); the next word is taken unless it is an option. */
  readonly optionalValue?: boolean;
  readonly help: string;
  apply(args: Mutable<CliArgs>, value: string): void;
}

export const OPTIONS: readonly OptionSpec[] = [
  {
    name: "seed",
    value: "N",
    help: "run this seed (uint32) instead of the declared seeds; repeat for several",
    apply: (a, v) => void a.seeds.push(parseSeed(v)),
  },
  {
    name: "target",
    value: "T",
    help: "src | mutant:<id> | mutants | all (default all)",
    apply: (a, v) => (a.target = parseTarget(v)),
  },
  {
    name: "lane",
    value: "L",
    help: "deterministic | process | live | black-box | upstream | all (default: every lane but live and upstream)",
    apply: (a, v) => (a.lane = parseLane(v)),
  },
  { name: "list", help: "list the matching scenarios and exit", apply: (a) => (a.command = "list") },
  {
    name: "out",
    value: "DIR",
    help: "write reports here (default: the config's outDir, else reports/out)",
    apply: (a, v) => {
      a.outDir = nonEmpty("--out", v);
      a.outDirGiven = true;
    },
  },
  {
    name: "scenarios-dir",
    value: "DIR",
    help: "discover *.scenario.{ts,js} under DIR (repeatable; default: the config's scenarioDirs, else ./scenarios)",
    apply: (a, v) => void a.scenariosDirs.push(nonEmpty("--scenarios-dir", v)),
  },
  { name: "html", help: "also write a self-contained HTML timeline per run (runs/<run>.html)", apply: (a) => (a.html = true) },
  { name: "quiet", short: "q", help: "print only the final summary line", apply: (a) => (a.quiet = true) },
  { name: "json", help: "print summary.json (or the --list) on stdout; progress goes to stderr", apply: (a) => (a.json = true) },
  { name: "help", short: "h", help: "show this help", apply: (a) => (a.command = "help") },
  { name: "explore", help: "explore interleavings and fault parameters with fast-check, shrink any failure", apply: (a) => (a.explore = true) },
  { name: "runs", value: "N", help: "--explore: cases per scenario × target (default 200)", apply: (a, v) => (a.runs = parseCount("--runs", v)) },
  {
    name: "time-limit-ms",
    value: "MS",
    help: "--explore: total wall-time budget, split across scenario × target (default 60000)",
    apply: (a, v) => (a.timeLimitMs = parseCount("--time-limit-ms", v)),
  },
  { name: "fc-seed", value: "N", help: "--explore: fast-check seed (default: derived from the scenario id)", apply: (a, v) => (a.fcSeed = parseSeed(v, "--fc-seed")) },
  {
    name: "fc-path",
    value: "P",
    help: "--explore: with --fc-seed, re-run the case at this fast-check path (printed with each failure)",
    apply: (a, v) => (a.fcPath = parseFcPath(v)),
  },
  { name: "save-corpus", help: "--explore: keep each failure found as scenarios/corpus/<id>.<target>.json", apply: (a) => (a.saveCorpus = true) },
  { name: "no-corpus", help: "do not replay the regression corpus first", apply: (a) => (a.noCorpus = true) },
  {
    name: "check-determinism",
    help: "run every deterministic run in two separate processes and compare digests (exit 6 on a mismatch)",
    apply: (a) => (a.checkDeterminism = true),
  },
  { name: "shard", value: "I/N", help: "run only slice I of N (stable per scenario|target|seed); merge with `merge`", apply: (a, v) => (a.shard = shard(v)) },
  {
    name: "mutant-seeds",
    value: "M",
    help: "all (default: every declared seed) | until-caught (stop a mutant at its first catching seed; fast local runs)",
    apply: (a, v) => (a.mutantSeeds = parseMutantSeeds(v)),
  },
  {
    name: "deadline-scale",
    value: "N",
    help: `multiply every real-time budget by N (1-100; also ${DEADLINE_SCALE_ENV}); a slow machine is calibrated too`,
    apply: (a, v) => {
      try {
        a.deadlineScale = parseScale(v, "--deadline-scale");
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    },
  },
  { name: "allow-no-netns", help: "live lane: run the real codex without a loopback-only network namespace", apply: (a) => (a.allowNoNetns = true) },
  { name: "choices", value: "LIST", help: "replay this choice list (comma-separated) on every planned run", apply: (a, v) => (a.choices = parseChoices(v)) },
  { name: "params", value: "JSON", help: "fault parameters (JSON) for every planned run", apply: (a, v) => (a.params = parseParams(v)) },
  {
    name: "jobs",
    short: "j",
    value: "N",
    help: "run independent runs on N worker threads (default: the core count); output, reports and digests do not depend on N",
    apply: (a, v) => (a.jobs = parseCount("--jobs", v)),
  },
  {
    name: "real-time-jobs",
    value: "N",
    help: "with a pool, run up to N process and black-box runs at once (default: 4 × --jobs, at most 8); 1 runs them one at a time",
    apply: (a, v) => (a.realTimeJobs = parseCount("--real-time-jobs", v)),
  },
  { name: "kit", value: "K", help: "new: the story kit to build on (default turn; see --list-kits)", apply: (a, v) => (a.kit = nonEmpty("--kit", v)) },
  {
    name: "changed",
    value: "[REF]",
    optionalValue: true,
    help: "only scenarios whose files, kits or src/ modules the diff against REF touches (default: uncommitted changes), plus the corpus",
    apply: (a, v) => (a.changed = v === "" ? "HEAD" : v),
  },
  { name: "watch", help: "rerun the scenarios a saved file touches, until Ctrl-C", apply: (a) => (a.watch = true) },
  { name: "list-kits", help: "describe each story kit `new` can build on, in one line, and exit", apply: (a) => (a.command = "list-kits") },
];

export const DEFAULT_OUT_DIR = "reports/out";

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: Mutable<CliArgs> = {
    command: "run",
    filters: [],
    seeds: [],
    target: "all",
    lane: "default",
    outDir: DEFAULT_OUT_DIR,
    outDirGiven: false,
    scenariosDirs: [],
    quiet: false,
    html: false,
    json: false,
    paths: [],
    explore: false,
    runs: 200,
    timeLimitMs: 60_000,
    saveCorpus: false,
    checkDeterminism: false,
    mutantSeeds: "all",
    allowNoNetns: false,
    noCorpus: false,
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    if (token === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith("-") || token === "-") {
      positional.push(token);
      continue;
    }
    const { spec, inline } = lookup(token);
    if (spec.value === undefined) {
      if (inline !== undefined) throw new UsageError(`--${spec.name} takes no value`);
      spec.apply(args, "");
      continue;
    }
    if (spec.optionalValue === true && inline === undefined && (argv[i + 1] === undefined || (argv[i + 1] ?? "").startsWith("-"))) {
      spec.apply(args, "");
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${spec.name} needs a value (${spec.value})`);
    spec.apply(args, value);
  }
  splitPositional(args, positional);
  if (args.filters.some((f) => f.trim() === "")) throw new UsageError("an empty filter matches nothing");
  if (args.kit !== undefined && args.command !== "new") throw new UsageError("--kit goes with `new`: pnpm scenarios new <area>/<name> --kit K");
  return args;
}

function splitPositional(args: Mutable<CliArgs>, positional: readonly string[]): void {
  const sub = SUBCOMMANDS.find((c) => c === positional[0]);
  if (sub === undefined || args.command === "help") {
    args.filters.push(...positional);
    return;
  }
  if (args.command === "list") throw new UsageError(`--list does not go with \`${sub}\``);
  args.command = sub;
  const rest = positional.slice(1);
  if (sub === "digests") args.filters.push(...rest);
  else if (sub === "replay" && rest.length !== 1) throw new UsageError("replay needs exactly one report: pnpm scenarios replay <report.json>");
  else if (sub === "new" && rest.length !== 1) throw new UsageError("new needs exactly one scenario id: pnpm scenarios new <area>/<name> [--kit K]");
  else if (sub === "merge" && rest.length === 0) throw new UsageError("merge needs the shard output directories: pnpm scenarios merge <dir>...");
  else args.paths.push(...rest);
}

function lookup(token: string): { spec: OptionSpec; inline?: string } {
  if (token.startsWith("--")) {
    const eq = token.indexOf("=");
    const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
    const spec = OPTIONS.find((o) => o.name === name);
    if (spec === undefined) throw new UsageError(`unknown option "--${name}"`);
    return eq === -1 ? { spec } : { spec, inline: token.slice(eq + 1) };
  }
  const spec = OPTIONS.find((o) => o.short !== undefined && `-${o.short}` === token);
  if (spec === undefined) throw new UsageError(`unknown option "${token}"`);
  return { spec };
}

export function parseSeed(text: string, option = "--seed"): number {
  const n = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n > 0xffff_ffff) throw new UsageError(`${option} "${text}" is not a uint32 (0..4294967295)`);
  return n;
}

function parseCount(option: string, text: string): number {
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} "${text}" is not a positive integer`);
  return n;
}

function shard(text: string): Shard {
  try {
    return parseShard(text);
  } catch (error) {
    if (error instanceof ShardSpecError) throw new UsageError(error.message);
    throw error;
  }
}

function parseFcPath(text: string): string {
  if (!/^\d+(:\d+)*$/.test(text)) throw new UsageError(`--fc-path "${text.slice(0, 40)}" is not a fast-check path such as 0:2:1`);
  return text;
}

function parseMutantSeeds(text: string): CliArgs["mutantSeeds"] {
  if (text === "all" || text === "until-caught") return text;
  throw new UsageError(`--mutant-seeds "${text}" is not all or until-caught`);
}

function parseChoices(text: string): number[] {
  if (text.trim() === "") return [];
  const parts = text.split(",");
  if (!parts.every((p) => /^\d{1,9}$/.test(p.trim()))) throw new UsageError(`--choices "${text.slice(0, 40)}" is not a comma-separated list of natural numbers`);
  return parts.map((p) => Number(p.trim()));
}

function parseParams(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new UsageError(`--params is not JSON: ${text.slice(0, 40)}`);
  }
}

function parseTarget(text: string): TargetSelector {
  if (text === "all" || text === "src" || text === "mutants") return text;
  if (/^mutant:[a-z0-9][a-z0-9-]*$/.test(text)) return text as `mutant:${string}`;
  throw new UsageError(`--target "${text}" is not src, mutant:<id>, mutants or all`);
}

function parseLane(text: string): LaneSelector {
  const lanes: readonly LaneSelector[] = ["all", "deterministic", "process", "live", "black-box", "upstream"];
  const lane = lanes.find((l) => l === text);
  if (lane === undefined) throw new UsageError(`--lane "${text}" is not one of ${lanes.join(", ")}`);
  return lane;
}

function nonEmpty(option: string, text: string): string {
  if (text.trim() === "") throw new UsageError(`${option} needs a non-empty value`);
  return text;
}
