/**
 * The codex command line split as clap does for the real binary: global options before the
 * subcommand (`-c`/`--config`, `--enable`, `--disable`, `-p`/`--profile`, `-m`/`--model`), the
 * subcommand path (`app-server`, `app-server generate-json-schema`, `exec`, `login status`, …)
 * and its own options, where `-c`, `--enable` and `--disable` are accepted again. Every `-c` in
 * order (global first) is returned; later ones win, as with the real CLI.
 */
import { featureOverride, parseOverride, type ConfigOverride } from "./overrides.ts";

export interface CodexArgv {
  /** Options before the subcommand that take effect for every subcommand. */
  readonly overrides: readonly ConfigOverride[];
  readonly profile?: string;
  /** `-m/--model` before the subcommand (the interactive CLI's; exec takes it after). */
  readonly model?: string;
  /** The subcommand and everything after it, with its `-c`/`--enable`/`--disable` taken out into `overrides`. */
  readonly command: readonly string[];
  /** `--version`/`-V` or `--help`/`-h` before any subcommand. */
  readonly topLevel?: "version" | "help";
}

export class CodexArgvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CodexArgvError";
  }
}

/** `-c v`, `-cv`, `--config v`, `--config=v` → the value, and how many argv entries it took. */
function optionValue(args: readonly string[], i: number, short: string | undefined, long: string): { value: string; used: number } | undefined {
  const arg = args[i] ?? "";
  if (arg === long || (short !== undefined && arg === short)) {
    const value = args[i + 1];
    if (value === undefined) throw new CodexArgvError(`error: a value is required for '${long} <${long === "--config" ? "key=value" : "VALUE"}>' but none was supplied`);
    return { value, used: 2 };
  }
  if (arg.startsWith(`${long}=`)) return { value: arg.slice(long.length + 1), used: 1 };
  if (short !== undefined && arg.startsWith(short) && !arg.startsWith("--") && arg.length > short.length) return { value: arg.slice(short.length).replace(/^=/, ""), used: 1 };
  return undefined;
}

/** Takes `-c`, `--enable`, `--disable` out of `args` (anywhere); returns the rest in order. */
function takeConfigOptions(args: readonly string[], overrides: ConfigOverride[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < args.length; ) {
    if (args[i] === "--") {
      rest.push(...args.slice(i));
      break;
    }
    const config = optionValue(args, i, "-c", "--config");
    if (config !== undefined) {
      overrides.push(parseOverride(config.value));
      i += config.used;
      continue;
    }
    const enable = optionValue(args, i, undefined, "--enable") ?? undefined;
    const disable = enable === undefined ? optionValue(args, i, undefined, "--disable") : undefined;
    const feature = enable ?? disable;
    if (feature !== undefined) {
      overrides.push(featureOverride(feature.value, enable !== undefined));
      i += feature.used;
      continue;
    }
    rest.push(args[i] ?? "");
    i++;
  }
  return rest;
}

export function parseCodexArgv(argv: readonly string[]): CodexArgv {
  const overrides: ConfigOverride[] = [];
  let profile: string | undefined;
  let model: string | undefined;
  let i = 0;
  for (; i < argv.length; ) {
    const arg = argv[i] ?? "";
    if (arg === "--version" || arg === "-V") return { overrides, command: [], topLevel: "version" };
    if (arg === "--help" || arg === "-h") return { overrides, command: [], topLevel: "help" };
    const config = optionValue(argv, i, "-c", "--config");
    if (config !== undefined) {
      overrides.push(parseOverride(config.value));
      i += config.used;
      continue;
    }
    const enable = optionValue(argv, i, undefined, "--enable");
    const disable = enable === undefined ? optionValue(argv, i, undefined, "--disable") : undefined;
    if (enable !== undefined || disable !== undefined) {
      const feature = (enable ?? disable) as { value: string; used: number };
      overrides.push(featureOverride(feature.value, enable !== undefined));
      i += feature.used;
      continue;
    }
    const p = optionValue(argv, i, "-p", "--profile");
    if (p !== undefined) {
      profile = p.value;
      i += p.used;
      continue;
    }
    const m = optionValue(argv, i, "-m", "--model");
    if (m !== undefined) {
      model = m.value;
      i += m.used;
      continue;
    }
    break;
  }
  const command = takeConfigOptions(argv.slice(i), overrides);
  return { overrides, command, ...(profile === undefined ? {} : { profile }), ...(model === undefined ? {} : { model }) };
}
