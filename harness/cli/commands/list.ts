/** `pnpm scenarios --list`: the matching scenarios, their lane, seeds and mutants. */
import type { AnyScenario } from "../../scenario/types.ts";
import { EXIT_CODES } from "../../scenario/verdict.ts";
import { seedRanges } from "../../report/summary-md.ts";
import type { Output } from "../output.ts";

export function listCommand(out: Output, scenarios: readonly AnyScenario[], options: { readonly json: boolean }): number {
  if (options.json) {
    const rows = scenarios.map((s) => ({ id: s.id, title: s.title, lane: s.lane, seeds: [...s.seeds], mutants: s.mutants.map((m) => m.id) }));
    out.data(JSON.stringify(rows, null, 2));
    return EXIT_CODES.ok;
  }
  const width = Math.max(...scenarios.map((s) => s.id.length));
  for (const s of scenarios) {
    const mutants = s.mutants.length === 0 ? "no mutants" : `mutants: ${s.mutants.map((m) => m.id).join(", ")}`;
    out.data(`${s.id.padEnd(width)}  ${s.lane.padEnd(13)}  seeds ${seedRanges(s.seeds).replaceAll(" ", "")}  ${mutants}`);
  }
  out.info(`${scenarios.length} scenario${scenarios.length === 1 ? "" : "s"}`);
  return EXIT_CODES.ok;
}

