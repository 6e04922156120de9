export { main, commandLine, type CliDeps } from "./cli.ts";
export { parseArgs, parseSeed, OPTIONS, DEFAULT_OUT_DIR, type CliArgs, type TargetSelector, type LaneSelector } from "./args.ts";
export { selectScenarios, planRuns, matchesFilter, globToRegExp, type PlannedRun } from "./select.ts";
export { createOutput, progressLine, statusLabel, formatMs, type Output, type Streams } from "./output.ts";
export { UsageError } from "./errors.ts";
export { runCommand, finalLine, type RunDeps, type RunOptions } from "./commands/run.ts";
export { listCommand } from "./commands/list.ts";
export { helpCommand, helpText } from "./commands/help.ts";
