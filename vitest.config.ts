import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "fakes/**/*.test.ts", "harness/**/*.test.ts", "scenarios/**/*.test.ts"],
    pool: "threads",
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
