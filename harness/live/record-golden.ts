/**
 * Records the real binary's golden transcripts: `tsx harness/live/record-golden.ts [caseId…]
 * [--runs N] [--dry]`. With --runs N each case runs N times and every run must normalize to the
 * same transcript (the real binary's order is stable), otherwise nothing is written.
 */
import { createRealClock } from "../../src/runtime/real-clock.ts";
import { compareTranscripts } from "./fidelity.ts";
import { GOLDEN_CASES, goldenCase } from "./golden-cases.ts";
import { goldenFilePath, toGoldenFile, writeGoldenFile } from "./golden-file.ts";
import { normalizeTranscript } from "./normalize.ts";
import { ensureLiveLane } from "./preflight.ts";
import { runGoldenOnReal } from "./run-real.ts";

async function main(argv: readonly string[]): Promise<number> {
  const runsFlag = argv.indexOf("--runs");
  const runs = runsFlag === -1 ? 1 : Number(argv[runsFlag + 1]);
  const dry = argv.includes("--dry");
  const ids = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--runs");
  const cases = ids.length === 0 ? GOLDEN_CASES : ids.map(goldenCase);
  const lane = await ensureLiveLane({ log: (l) => process.stderr.write(`${l}\n`) });
  const clock = createRealClock();
  let unstable = 0;
  try {
    for (const golden of cases) {
      const first = await runGoldenOnReal({ lane, golden, clock, timeoutMs: 30_000 });
      const paths = [first.paths.homeDir, first.paths.workDir];
      const reference = normalizeTranscript(first.transcript, { paths });
      for (let r = 1; r < runs; r++) {
        const again = await runGoldenOnReal({ lane, golden, clock, timeoutMs: 30_000 });
        const diff = compareTranscripts({
          expected: reference,
          actual: normalizeTranscript(again.transcript, { paths: [again.paths.homeDir, again.paths.workDir] }),
          expectedLabel: "run 1",
          actualLabel: `run ${r + 1}`,
        });
        if (diff.differences.length > 0) {
          unstable++;
          process.stdout.write(`${golden.id}: run ${r + 1} differs:\n${diff.differences.map((d) => `  ${d.detail}`).join("\n")}\n`);
        }
      }
      const file = goldenFilePath(golden.id);
      const summary = `${golden.id}: ${reference.received.length} messages received, exit ${JSON.stringify(reference.received.at(-1)?.fields)}`;
      if (!dry && unstable === 0) writeGoldenFile(file, toGoldenFile({ golden, codexVersion: lane.codexVersion, transcript: first.transcript, modelRequests: first.modelRequests, paths }));
      process.stdout.write(`${summary}${dry ? " (dry)" : ` → ${file}`}\n`);
    }
  } finally {
    await lane.cleanup();
  }
  return unstable === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
