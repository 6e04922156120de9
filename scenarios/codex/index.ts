/**
 * The shared-client kit: `runCodexAttempt` on the shared leased app-server registry, with one fake
 * `codex` program (and its fault script) behind it, on virtual time. `createSharedClientWorld`
 * builds it; `world.attempt({ label, text, spawnedBy? })` gives one run's options. It exposes
 * startup, retry and cleanup bugs: a helper's failure tearing down its parent's app-server, an
 * exit during startup that is not retried, a dead client that is never cleared. Mutants replace
 * one field of `SharedClientImpl`. `pnpm scenarios new <id> --kit shared-client`.
 */
export { defineScenario } from "../../harness/scenario/define.ts";
export type { Check, MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
export type { FakeCodexScript } from "../../fakes/app-server/script.ts";
export { runCodexAttempt } from "../../src/codex/index.ts";
export { defaultImpl as sharedClientImpl } from "./helper-401.story.ts";
export { AGENT_START_OPTIONS, createSharedClientWorld, HELPER_SPAWNED_BY, type SharedClientImpl, type SharedClientWorld } from "./world.ts";
