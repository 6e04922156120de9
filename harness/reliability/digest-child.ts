/**
 * Prints, as one JSON line, the proof digest of every deterministic scenario's first declared seed
 * against src and against each of its mutants, run in this process. The determinism test starts it twice and compares.
 * Usage: node --import tsx harness/reliability/digest-child.ts
 */
import { discoverScenarios } from "../runner/discover.ts";
import { runScenario } from "../runner/run-scenario.ts";
import type { Target } from "../runner/types.ts";
import { buildProofReport } from "../report/proof-report.ts";

const digests: Record<string, string> = {};
for (const scenario of (await discoverScenarios()).filter((s) => s.lane === "deterministic")) {
  const seed = scenario.seeds[0] ?? 1;
  const targets: Target[] = ["src", ...scenario.mutants.map((m) => `mutant:${m.id}` as const)];
  for (const target of targets) {
    const result = await runScenario({ scenario, seed, target });
    digests[`${scenario.id} ${target} seed=${seed} ${result.verdict}`] = buildProofReport(result, { secrets: [] }).digest.value;
  }
}
process.stdout.write(`${JSON.stringify(digests)}\n`);
