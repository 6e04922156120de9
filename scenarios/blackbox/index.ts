/**
 * The black-box kit: any client command (any language) run with `fake-codex` first on PATH, on
 * the real clock, judged on its exit code, its deadline (a client still running is killed and the
 * run is `hang`), output patterns and leftover processes. `defineBlackBoxScenario({ client, prompt,
 * fakeCodexScript, exitCode, output, probe, mutants })` is the whole scenario; mutants swap the
 * client. Real processes: Linux only (/proc). `pnpm scenarios new <id> --kit blackbox`.
 */
export { defineBlackBoxScenario, type BlackBoxImpl, type OutputExpectation } from "../../harness/blackbox/define.ts";
export type { ClientCommand } from "../../harness/blackbox/scenario-kit.ts";
export type { TranscriptView } from "../../harness/blackbox/transcript.ts";
export type { MutantDef } from "../../harness/scenario/types.ts";
export type { FakeCodexScript } from "../../fakes/app-server/script.ts";
export {
  ANSWER_PATTERN,
  EXIT_MID_TURN_RULE,
  exitMidTurnScript,
  leakyBrokerClient,
  leakyBrokerMutant,
  naiveClient,
  naiveClientMutant,
  normalTurnScript,
  PROMPT,
  runTurnClient,
} from "./clients.ts";
