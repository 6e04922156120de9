/**
 * The exec kit: the lazy exec-server client (`get()` caches one connected client) over a
 * websocket to the fake exec-server, with mock-socket on virtual time (deterministic lane) or `ws`
 * on loopback (process lane). `stageWebSocketExec(ctx, impl, { script })` builds it; the script
 * closes connections after N frames or refuses attempts. It exposes a dead client cached forever,
 * concurrent `get()`s opening several sessions, and a refused connect that is cached. The
 * known-bad caches are ready-made mutants. `pnpm scenarios new <id> --kit exec`.
 */
export { defineScenario } from "../../harness/scenario/define.ts";
export type { Check, MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
export type { ExecServerFaultScript } from "../../fakes/exec-server/index.ts";
export {
  cachedConnectError,
  describeClient,
  execImpl,
  noConnectGate,
  oneShotCache,
  reconnectStdio,
  settle,
  stageWebSocketExec,
  type ExecImpl,
  type ExecStage,
} from "./exec-world.ts";
