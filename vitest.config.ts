import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "fakes/**/*.test.ts", "harness/**/*.test.ts", "scenarios/**/*.test.ts"],
    pool: "threads",
    // Private TMPDIR and a process marker for the whole run; fails it if anything is left behind.
    // First a fresh build (tests spawn the built fake-codex), then the leak check.
    globalSetup: ["harness/build.global.ts", "harness/reliability/leak-check.global.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
