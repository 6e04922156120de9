/**
 * The turn kit: one `captureTurn` against a fake app-server (or the scripted one) spawned through
 * the sim spawner, on virtual time. Build a story with `runTurnStory(ctx, impl, fakeAppServer(script))`;
 * the fault is the fake's script (exit, crash, stall, JSON-RPC error, malformed line after the Nth
 * notification). It exposes turns that hang or end wrongly when the app-server goes away. Known-bad
 * exit policies (PR #243's history) are ready-made mutants. `pnpm scenarios new <id> --kit turn`.
 */
export { defineScenario } from "../../harness/scenario/define.ts";
export type { Check, MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
export type { FakeCodexScript } from "../../fakes/app-server/script.ts";
export { DISCONNECTED_MESSAGE } from "../../src/turn/types.ts";
export {
  exitAlwaysFails,
  fakeAppServer,
  noExitWatchdog,
  noExitWatchdogHangs,
  runTurnStory,
  scripted,
  summarizeTurn,
  turnChecks,
  turnImpl,
  type TurnImpl,
  type TurnOutcome,
} from "./drive-turn.ts";
