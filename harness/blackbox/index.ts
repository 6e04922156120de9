export { clientExitsBeforeDeadline, exitCodeIs, exitCodeNonZero, noLeftoverProcesses, outputMatches } from "./checks.ts";
export { defaultFakeCodexProgram, FAKE_CODEX_BIN, installFakeCodex, type FakeCodexProgram } from "./fake-codex-bin.ts";
export { findMarkedProcesses, isProcessRunning, RUN_MARKER_VARIABLE, signalProcess, signalProcessGroup, type MarkedProcess } from "./processes.ts";
export { runBlackBoxClient, type BlackBoxClientOptions, type BlackBoxClientResult } from "./run-client.ts";
export {
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_SETTLE_MS,
  hangAfterDeadline,
  runClientInScenario,
  summarizeClientRun,
  wallBudgetMs,
  type ClientCommand,
  type ScenarioClientRun,
} from "./scenario-kit.ts";
export { viewTranscript, type TranscriptView } from "./transcript.ts";
export { DEFAULT_CLIENT_DEADLINE_MS, defineBlackBoxScenario, type BlackBoxImpl, type BlackBoxScenarioSpec, type OutputExpectation } from "./define.ts";
export { expectationChecks, judgeClientRun, type ClientExpectations, type ClientJudgement } from "./judge.ts";
export { main as blackBoxMain } from "./main.ts";
