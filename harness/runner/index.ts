export { runScenario, sourceInfo, REPO_ROOT, REPORT_TRACE_LIMIT, UnknownTargetError, type RunRequest } from "./run-scenario.ts";
export { discoverScenarios, scenarioFiles, ScenarioLoadError, SCENARIOS_DIR } from "./discover.ts";
export { judge, RUN_COMPLETES, type Judgement } from "./evaluate.ts";
export type { HangInfo, InvariantResult, ProbeResult, RunResult, Target } from "./types.ts";
