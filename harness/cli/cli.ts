/**
 * The CLI as a function: argv and dependencies in, exit code out. main.ts wires the real
 * discovery, runner, streams and signals; tests wire fakes. A subcommand is a case here and a
 * file in commands/.
 */
import { resolve } from "node:path";
import type { AnyScenario } from "../scenario/types.ts";
import { EXIT_CODES } from "../scenario/verdict.ts";
import { redactText } from "../report/redact.ts";
import { parseArgs, type CliArgs } from "./args.ts";
import { helpCommand } from "./commands/help.ts";
import { listCommand } from "./commands/list.ts";
import { runCommand, type RunDeps } from "./commands/run.ts";
import { UsageError } from "./errors.ts";
import { createOutput, type Output, type Streams } from "./output.ts";
import { planRuns, selectScenarios } from "./select.ts";

export interface CliDeps extends RunDeps, Streams {
  discover(): Promise<AnyScenario[]>;
  readonly cwd: string;
}

export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  const wantsJson = argv.includes("--json");
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
    out.error(error instanceof Error ? error.message : String(error));
    return EXIT_CODES.error;
  }
}

async function dispatch(args: CliArgs, argv: readonly string[], out: Output, deps: CliDeps): Promise<number> {
  const scenarios = selectScenarios(await deps.discover(), args);
  if (args.command === "list") return listCommand(out, scenarios, { json: args.json });
  const plan = planRuns(scenarios, args);
  const command = redactText(commandLine(argv), { secrets: deps.secrets });
  const options = { outDir: resolve(deps.cwd, args.outDir), command, quiet: args.quiet, json: args.json };
  return runCommand(out, plan, options, deps);
}

/** The command as a user would retype it (quoted for a POSIX shell). */
export function commandLine(argv: readonly string[]): string {
  return ["pnpm scenarios", ...argv.map(shellQuote)].join(" ");
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
