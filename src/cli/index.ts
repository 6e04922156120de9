export { RUN_TURN_CLIENT_INFO, runOneTurn, type RunOneTurnOptions } from "./run-one-turn.ts";
