/**
 * The broker kit: the broker between downstream `CodexAppServerClient`s (in-memory connections)
 * and one fake app-server upstream (with its fault script), on virtual time, with the broker's
 * exits and signals recorded. `startBrokerWorld(ctx, impl, script)` builds it; `world.connect(name)`
 * opens a client. It exposes upstream crashes that leave clients hanging, graceful shutdowns that
 * exit 1, and two clients sharing one notification stream. `pnpm scenarios new <id> --kit broker`.
 */
export { defineScenario } from "../../harness/scenario/define.ts";
export type { Check, MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
export type { FakeCodexScript } from "../../fakes/app-server/script.ts";
export { captureTurn } from "../../src/turn/capture-turn.ts";
export { turnClientFrom } from "../../src/turn/client-adapter.ts";
export { DISCONNECTED_MESSAGE, type CaptureTurnResult } from "../../src/turn/types.ts";
export { contendForStream, interruptAllowed, secondStreamRefused, STALLED_TURN_SCRIPT, type BusyOutcome } from "./busy-story.ts";
export { brokerImpl, noShuttingDownGuard, noUpstreamWatchdog, startBrokerWorld, type BrokerImpl, type BrokerWorld } from "./drive-broker.ts";
