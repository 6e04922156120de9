/**
 * The `pnpm scenarios` argument parser, driven by one table of options so later subcommands
 * (`replay`, `merge`) and options (`--explore`, `--shard i/n`, `--check-determinism`) are a row
 * each. Every mistake is a UsageError with a one-line message.
 */
import { UsageError } from "./errors.ts";

export type TargetSelector = "all" | "src" | "mutants" | `mutant:${string}`;
export type LaneSelector = "default" | "all" | "deterministic" | "process" | "live" | "black-box";

export interface CliArgs {
  readonly command: "run" | "list" | "help";
  readonly filters: readonly string[];
  /** Empty: each scenario's declared seeds. */
  readonly seeds: readonly number[];
  readonly target: TargetSelector;
  readonly lane: LaneSelector;
  readonly outDir: string;
  readonly quiet: boolean;
  readonly json: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  /** The value's placeholder in --help; absent for flags. */
  readonly value?: string;
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
    help: "deterministic | process | live | black-box | all (default: every lane but live)",
    apply: (a, v) => (a.lane = parseLane(v)),
  },
  { name: "list", help: "list the matching scenarios and exit", apply: (a) => (a.command = "list") },
  { name: "out", value: "DIR", help: "write reports here (default reports/out)", apply: (a, v) => (a.outDir = nonEmpty("--out", v)) },
  { name: "quiet", short: "q", help: "print only the final summary line", apply: (a) => (a.quiet = true) },
  { name: "json", help: "print summary.json (or the --list) on stdout; progress goes to stderr", apply: (a) => (a.json = true) },
  { name: "help", short: "h", help: "show this help", apply: (a) => (a.command = "help") },
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
    quiet: false,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    if (token === "--") {
      args.filters.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith("-") || token === "-") {
      args.filters.push(token);
      continue;
    }
    const { spec, inline } = lookup(token);
    if (spec.value === undefined) {
      if (inline !== undefined) throw new UsageError(`--${spec.name} takes no value`);
      spec.apply(args, "");
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${spec.name} needs a value (${spec.value})`);
    spec.apply(args, value);
  }
  if (args.filters.some((f) => f.trim() === "")) throw new UsageError("an empty filter matches nothing");
  return args;
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

export function parseSeed(text: string): number {
  const n = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n > 0xffff_ffff) throw new UsageError(`--seed "${text}" is not a uint32 (0..4294967295)`);
  return n;
}

function parseTarget(text: string): TargetSelector {
  if (text === "all" || text === "src" || text === "mutants") return text;
  if (/^mutant:[a-z0-9][a-z0-9-]*$/.test(text)) return text as `mutant:${string}`;
  throw new UsageError(`--target "${text}" is not src, mutant:<id>, mutants or all`);
}

function parseLane(text: string): LaneSelector {
  const lanes: readonly LaneSelector[] = ["all", "deterministic", "process", "live", "black-box"];
  const lane = lanes.find((l) => l === text);
  if (lane === undefined) throw new UsageError(`--lane "${text}" is not one of ${lanes.join(", ")}`);
  return lane;
}

function nonEmpty(option: string, text: string): string {
  if (text.trim() === "") throw new UsageError(`${option} needs a non-empty value`);
  return text;
}
