export { createFakeAppServer, type FakeAppServer, type FakeAppServerOptions } from "./server.ts";
export { type AppServerHost, type SentMessageTap } from "./connection.ts";
export { fakeCodexProgram, FAKE_CODEX_VERSION, type FakeCodexProgramOptions } from "./program.ts";
export {
  compileResponse,
  createScriptedModel,
  playCompiled,
  responseForCall,
  scriptedTurn,
  type ModelEvent,
  type ModelItem,
  type ModelPort,
  type ModelRequest,
  type ScriptedModel,
} from "./model.ts";
export {
  DEFAULT_MODEL_TURN,
  SCRIPT_DEFAULTS,
  type AuthMode,
  type FakeCodexScript,
  type FaultAction,
  type FaultMatch,
  type FaultRule,
  type MessagePhase,
  type ModelOutputScript,
  type ModelResponseScript,
  type ModelScript,
  type ModelTurnScript,
} from "./script.ts";
export { serveFakeAppServer, type ServedAppServer } from "./transport.ts";
export { createProcessWorld, type ProcessWorld } from "./process-world.ts";
export { FakeCodexScriptError, parseFakeCodexScript, validateFakeCodexScript } from "./validate-script.ts";
