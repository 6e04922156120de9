export { captureTurn, completeOnExit, TurnStartError } from "./capture-turn.ts";
export { exitErrorOf, turnClientFrom, type ClosingNotifier } from "./client-adapter.ts";
export {
  DISCONNECTED_MESSAGE,
  INFERRED_COMPLETION_DELAY_MS,
  type CaptureTurnOptions,
  type CaptureTurnResult,
  type TurnClient,
  type TurnCompletionPath,
  type TurnErrorInfo,
  type TurnExitDecision,
  type TurnExitPolicy,
  type TurnExitView,
  type TurnStartResponse,
} from "./types.ts";
