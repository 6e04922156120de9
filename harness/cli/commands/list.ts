/** `pnpm scenarios --list`: the matching scenarios, their lane, seeds and mutants. */
import type { AnyScenario } from "../../scenario/types.ts";
import { EXIT_CODES } from "../../scenario/verdict.ts";
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
    out.data(`${s.id.padEnd(width)}  ${s.lane.padEnd(13)}  seeds ${seedRanges(s.seeds)}  ${mutants}`);
  }
  out.info(`${scenarios.length} scenario${scenarios.length === 1 ? "" : "s"}`);
  return EXIT_CODES.ok;
}

/** `1,2,3,4,7` → `1-4,7`. */
export function seedRanges(seeds: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < seeds.length) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === (seeds[j] ?? 0) + 1) j += 1;
    parts.push(j - i >= 2 ? `${seeds[i]}-${seeds[j]}` : seeds.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return parts.join(",");
}
