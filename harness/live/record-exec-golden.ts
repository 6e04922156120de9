/**
 * Records the real binary's exec golden transcripts: `tsx harness/live/record-exec-golden.ts
 * [caseId…] [--runs N] [--dry]`. Every run of a case must normalize to the same transcript, otherwise
 * nothing is written for it. Also prints the fake's differences, for a first look.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRealClock } from "../../src/runtime/real-clock.ts";
import { EXEC_GOLDEN_CASES, execGoldenCase } from "./exec-golden-cases.ts";
import { EXEC_GOLDEN_DIR, EXEC_GOLDEN_SCHEMA, type ExecGoldenFile } from "./exec-golden-scenario.ts";
import { diffJson, normalizeExecTranscript, runExecGoldenOnFake, runExecGoldenOnReal } from "./exec-golden.ts";
import { ensureLiveLane } from "./preflight.ts";

async function main(argv: readonly string[]): Promise<number> {
  const runsFlag = argv.indexOf("--runs");
  const runs = runsFlag === -1 ? 1 : Number(argv[runsFlag + 1]);
  const dry = argv.includes("--dry");
  const ids = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--runs");
  const cases = ids.length === 0 ? EXEC_GOLDEN_CASES : ids.map(execGoldenCase);
  const lane = await ensureLiveLane({ log: (l) => process.stderr.write(`${l}\n`) });
  const clock = createRealClock();
  let unstable = 0;
  mkdirSync(EXEC_GOLDEN_DIR, { recursive: true });
  try {
    for (const golden of cases) {
      const normalized = [];
      for (let r = 0; r < runs; r++) {
        const real = await runExecGoldenOnReal({ lane, golden, clock, timeoutMs: 30_000 });
        normalized.push(normalizeExecTranscript(real.transcript, real.paths));
      }
      const reference = normalized[0] ?? null;
      const differing = normalized.flatMap((n, r) => diffJson(reference, n).map((d) => `run ${r + 1}: ${d}`));
      if (differing.length > 0) unstable++;
      const fakeDiff = diffJson(reference, normalizeExecTranscript(await runExecGoldenOnFake({ golden, seed: 1 })));
      process.stdout.write(`${golden.id}: ${differing.length === 0 ? "stable" : `UNSTABLE\n  ${differing.join("\n  ")}`}; fake differences: ${fakeDiff.length}\n`);
      for (const d of fakeDiff) process.stdout.write(`  fake: ${d}\n`);
      if (!dry && differing.length === 0) {
        const file = join(EXEC_GOLDEN_DIR, `${golden.id}.json`);
        const content: ExecGoldenFile = { schema: EXEC_GOLDEN_SCHEMA, codexVersion: lane.codexVersion, caseId: golden.id, normalized: reference };
        writeFileSync(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
        renameSync(`${file}.tmp`, file);
      }
    }
  } finally {
    await lane.cleanup();
  }
  return unstable === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
