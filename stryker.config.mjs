// StrykerJS settings for `pnpm mutate` (scripts/mutate.mjs); see harness/mutation/README.md.
import { fileURLToPath } from "node:url";

/** pnpm keeps each package beside its own dependencies only, so Stryker cannot find its plugins by name. */
const plugin = (name) => fileURLToPath(import.meta.resolve(name));

/** scripts/mutate.mjs gives a run over some paths its own folder (and incremental file). */
const out = process.env["MUTATE_REPORT_DIR"] ?? "reports/out/mutation";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "pnpm",
  plugins: [plugin("@stryker-mutator/vitest-runner"), plugin("@stryker-mutator/typescript-checker")],
  testRunner: "vitest",
  vitest: {
    configFile: "vitest.mutation.config.ts",
    // Scenarios are found by dynamic import, so vitest's "related tests" would silently skip them all.
    related: false,
  },
  // Each mutant runs only the tests (a unit test, a scenario's seeds) that executed its code.
  coverageAnalysis: "perTest",
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.mutation.json",
  mutate: ["src/**/*.ts", "!src/**/*.test.ts", "!src/**/testing.ts", "!src/**/*.testkit.ts"],
  // Stryker's sandbox copy drops the executable bit of the fake `codex`.
  buildCommand: "chmod +x fakes/bin/fake-codex.mjs",
  // dist/ stays: the fakes load the protocol validators `pnpm build` compiles into it.
  ignorePatterns: ["/.cache", "/reports/out", "/.stryker-tmp"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  concurrency: 1,
  // The whole deterministic test set runs in about 5 s of test time, so a mutant that hangs the
  // simulator (a loop that never yields) is cut off 3 s after its tests' own time (x1.5).
  timeoutMS: 3000,
  timeoutFactor: 1.5,
  incremental: true,
  incrementalFile: `${out}/incremental.json`,
  reporters: ["html", "json", "clear-text", "progress"],
  htmlReporter: { fileName: `${out}/index.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  thresholds: { high: 85, low: 70, break: null },
};
