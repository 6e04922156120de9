/**
 * `pnpm scenarios new <area>/<name> [--kit K]` writes a complete scenario from a story kit (it
 * passes on src and catches its mutant as generated) and says how to run it; `--list-kits`
 * describes each kit in one line.
 */
import { relative } from "node:path";
import { KITS, ScaffoldError, scaffoldScenario } from "../../scaffold/index.ts";
import { EXIT_CODES } from "../../scenario/verdict.ts";
import { UsageError } from "../errors.ts";
import type { Output } from "../output.ts";

export interface NewOptions {
  readonly id: string;
  readonly kit?: string;
  readonly scenariosDir: string;
  readonly kitsDir: string;
  readonly cwd: string;
}

export function newCommand(out: Output, options: NewOptions): number {
  let written;
  try {
    written = scaffoldScenario(options);
  } catch (error) {
    if (error instanceof ScaffoldError) throw new UsageError(error.message, { hint: "see --list-kits" });
    throw error;
  }
  const file = relative(options.cwd, written.file) || written.file;
  out.info(`wrote ${file} (kit ${written.kit.name}, lane ${written.kit.lane}): a fault, two checks, one mutant, a probe`);
  out.info(`run it:   pnpm scenarios ${options.id}`);
  out.info(`then make it your story (the guide: scenarios/README.md); it must still pass on src and catch its mutant`);
  return EXIT_CODES.ok;
}

export function listKitsCommand(out: Output): number {
  const width = Math.max(...KITS.map((k) => k.name.length));
  for (const kit of KITS) out.data(`${kit.name.padEnd(width)}  ${kit.summary}  [scenarios/${kit.index}]`);
  return EXIT_CODES.ok;
}
