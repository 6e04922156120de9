/**
 * The test set `pnpm mutate` runs against each mutant: the deterministic unit tests beside src/ and
 * every deterministic-lane scenario (harness/mutation/deterministic-scenarios.mutation.ts). No
 * process, black-box or live lane: their code runs in child processes (never mutated in-process)
 * and under wall-clock deadlines, which a mutated, instrumented build would miss for the wrong reason.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "harness/mutation/*.mutation.ts"],
    pool: "threads",
    // Keep modules between runs: the protocol-schema validators compile once, not once per mutant.
    isolate: false,
    // process.kill refuses -1, 0, 1, this process and its group, even when a mutant drops src's own check;
    // a static mutant's run reloads modules (isolate: false would keep the unmutated constant).
    setupFiles: ["harness/reliability/kill-guard.setup.ts", "harness/mutation/static-mutants.setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
