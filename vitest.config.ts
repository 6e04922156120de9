import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Test files at once. Vitest's own default is one less than the core count (a single worker on a
 * 2-core machine), but most of this suite's time is spent waiting on child processes and real-time
 * bounds, not computing. `vitest run --maxWorkers N` (or `pnpm test --maxWorkers N`) overrides it.
 */
const workers = Math.max(2, availableParallelism());

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "fakes/**/*.test.ts", "harness/**/*.test.ts", "scenarios/**/*.test.ts"],
    pool: "threads",
    maxWorkers: workers,
    // Private TMPDIR and a process marker for the whole run; fails it if anything is left behind.
    // First a fresh build (tests spawn the built fake-codex), then the leak check.
    globalSetup: ["harness/build.global.ts", "harness/reliability/leak-check.global.ts"],
    // process.kill refuses -1, 0, 1, this process and its group, even when a mutant drops src's own check.
    setupFiles: ["harness/reliability/kill-guard.setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
