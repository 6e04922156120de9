export { RUN_TURN_CLIENT_INFO, RUN_TURN_USAGE, runOneTurn, runTurnCommand, type RunOneTurnOptions } from "./run-one-turn.ts";
