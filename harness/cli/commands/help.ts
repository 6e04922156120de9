/** `pnpm scenarios --help`: usage generated from the option table, and the exit codes. */
import { EXIT_CODES } from "../../scenario/verdict.ts";
import { OPTIONS } from "../args.ts";
import type { Output } from "../output.ts";

export function helpText(): string {
  const rows = OPTIONS.map((o) => {
    const flag = `${o.short === undefined ? "    " : `-${o.short}, `}--${o.name}${o.value === undefined ? "" : ` ${o.value}`}`;
    return `  ${flag.padEnd(26)}${o.help}`;
  });
  const codes = Object.entries(EXIT_CODES).map(([name, code]) => `${code} ${name}`).join(", ");
  return [
    "Usage: pnpm scenarios [filter...] [options]",
    "       pnpm scenarios replay <report.json>   re-run a proof report or corpus entry exactly; exit 7 if it diverges",
    "       pnpm scenarios merge <dir>...         merge the outputs of a --shard run into one summary",
    "       pnpm scenarios new <area>/<name> [--kit K]   write a complete scenario from a story kit (--list-kits)",
    "",
    "Runs every matching scenario on its declared seeds against src and against each of its mutants,",
    "and writes proof reports (one JSON per run, summary.json, summary.md, ctrf.json, junit.xml).",
    "A filter is an exact scenario id, a glob (codex/*, exec/**) or a substring of the id.",
    "The regression corpus (scenarios/corpus/*.json) is replayed first: a mutant entry must still be",
    "caught, a src entry must pass.",
    "",
    "Options:",
    ...rows,
    "",
    "Exit: 0 when every target run passes and every mutant is caught; otherwise the worst class:",
    `  ${codes}.`,
    "",
    "Examples:",
    "  pnpm scenarios                                   everything (all lanes but live)",
    "  pnpm scenarios exec/ --target src                src runs of the exec scenarios",
    "  pnpm scenarios sessions/symlinked-transcript --seed 7 --target mutant:raw-path-key",
    "  pnpm scenarios --mutant-seeds until-caught       fast local run: stop each mutant at its first catch",
    "  pnpm scenarios exec/ --explore --runs 500        search interleavings and faults; shrink what fails",
    "  pnpm scenarios --check-determinism               every deterministic run twice, in two processes",
    "  pnpm scenarios --shard 2/4 --out out/2 && pnpm scenarios merge out/1 out/2 out/3 out/4 --out out/all",
  ].join("\n");
}

export function helpCommand(out: Output): number {
  out.data(helpText());
  return EXIT_CODES.ok;
}
