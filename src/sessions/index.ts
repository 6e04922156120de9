/** Sessions: canonical session-file key, owner registry, active runs, write lock and fence controller, stuck recovery, heartbeat, and the embedded attempt composing them. */
export { createActiveRunRegistry, type ActiveRunHandle, type ActiveRunRegistry, type ActiveRunRegistryDeps, type SetActiveRunOptions } from "./active-runs.ts";
export { createCommandLanes, type CommandLanes, type LaneTask } from "./command-lanes.ts";
export {
  createDiagnosticSessionStore,
  type DiagnosticSessionState,
  type DiagnosticSessionStatus,
  type DiagnosticSessionStore,
  type DiagnosticSessionUpdate,
} from "./diagnostic-state.ts";
export {
  runEmbeddedAttempt,
  type AttemptResult,
  type EmbeddedAttemptDeps,
  type EmbeddedAttemptParams,
  type ModelPort,
} from "./embedded-attempt.ts";
export {
  EmbeddedAttemptSessionTakeoverError,
  isSessionWriteLockAcquireError,
  SESSION_WRITE_LOCK_STALE,
  SESSION_WRITE_LOCK_TIMEOUT,
  SessionFileOwnerTimeoutError,
  SessionWriteLockStaleError,
  SessionWriteLockTimeoutError,
} from "./errors.ts";
export { describeFenceMismatch, fingerprintFile, fingerprintsMatch, type FenceCheck, type FileFingerprint } from "./fence.ts";
export { rawSessionFileKey, resolveSessionFileKey, type SessionFileKeyFn } from "./file-key.ts";
export {
  DEFAULT_STUCK_SESSION_WARN_MS,
  DIAGNOSTIC_HEARTBEAT_INTERVAL_MS,
  startDiagnosticHeartbeat,
  type DiagnosticHeartbeat,
  type HeartbeatOptions,
} from "./heartbeat.ts";
export {
  createAttemptLockController,
  type AttemptLockController,
  type CleanupLock,
  type CreateLockController,
  type LockControllerDeps,
  type LockControllerState,
} from "./lock-controller.ts";
export {
  formatIsoUtc,
  inspectLockPayload,
  isRemovableReason,
  parseLockPayload,
  serializeLockPayload,
  type LockPayload,
  type StaleReason,
} from "./lock-payload.ts";
export {
  DEFAULT_SESSION_WRITE_LOCK_ACQUIRE_TIMEOUT_MS,
  DEFAULT_SESSION_WRITE_LOCK_MAX_HOLD_MS,
  DEFAULT_SESSION_WRITE_LOCK_STALE_MS,
  resolveMaxHoldFromTimeout,
  resolveSessionWriteLockPolicy,
  SESSION_WRITE_LOCK_ENV,
  type EnvRecord,
  type SessionWriteLockConfig,
  type SessionWriteLockPolicy,
} from "./lock-policy.ts";
export { nodeProcessInfo } from "./node-process-info.ts";
export {
  createSessionFileOwnerRegistry,
  type AcquireOwnerOptions,
  type OwnerRegistryDeps,
  type SessionFileOwner,
  type SessionFileOwnerRegistry,
} from "./owner-registry.ts";
export { createProcessTable, type ProcessInfo, type ProcessTable, type ProcessTableEntry } from "./process-info.ts";
export {
  createStuckSessionRecovery,
  lookupActiveRun,
  type ActiveRunLookup,
  type RecoverStuckSession,
  type RecoveryOutcome,
  type RecoveryRequest,
  type StuckRecoveryDeps,
} from "./stuck-recovery.ts";
export { createSessionTranscript, formatTranscriptLine, parseTranscriptIds, type SessionTranscript, type TranscriptLine } from "./transcript.ts";
export {
  createSessionWriteLockManager,
  LOCK_RETRY_MAX_MS,
  LOCK_RETRY_MIN_MS,
  type AcquireWriteLockOptions,
  type SessionWriteLock,
  type SessionWriteLockManager,
  type WriteLockDeps,
} from "./write-lock.ts";
