/**
 * The sessions kit: one process's session registries (write locks, file owners, active runs,
 * stuck recovery, command lanes) over real temp files through the scheduled file-system port.
 * `buildSessionWorld(ctx, impl)` builds it; `world.attempt({...})` runs an embedded attempt whose
 * model call takes `modelMs` virtual ms; `world.externalAppend` writes as another process would.
 * It exposes lost or overwritten transcript lines, concurrent attempts on one file, and recoveries
 * that reset a busy lane. Mutants replace one factory each. `pnpm scenarios new <id> --kit sessions`.
 */
export { defineScenario } from "../../harness/scenario/define.ts";
export type { Check, MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
export { sleep } from "../../src/runtime/clock.ts";
export type { AttemptResult } from "../../src/sessions/index.ts";
export { attemptsCompletedCheck, attemptsSerializedCheck, noTakeoverCheck } from "./checks.ts";
export {
  lockHeldAcrossModelIo,
  noFence,
  noOwnerRegistry,
  perRoundOwnerTimeout,
  rawPathOwnerKey,
  reclaimsHoldExceeded,
  recoveryIgnoresSessionFile,
} from "./mutants.ts";
export { countLines, transcriptIntegrityCheck, type LineCounts, type TranscriptOutcome } from "./transcript-check.ts";
export { buildSessionWorld, MODEL_CHUNK_MS, sessionsImpl, type AttemptSpec, type SessionsImpl, type SessionWorld } from "./world.ts";
