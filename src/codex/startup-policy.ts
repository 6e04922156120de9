/**
 * The post-fix startup cleanup policy (#87375 + #87399): after a failed startup, should the shared
 * client be cleared (entry deleted, process closed now)? Clear when the run was aborted, when the
 * startup was abandoned (startup timeout/abort, any "… timed out"), on a broken pipe, when the
 * transport is poisoned, or when the run is top-level. Keep it for a spawned run's logical failure
 * (e.g. a `thread/start` 401): the parent still uses that process.
 * The policy is a plain function so a scenario can swap in a known-bad one.
 *
 * Which upstream release this models: OpenClaw 2026.5.28 (#87375 + #87399). 2026.5.27 (the #87428
 * backport) differs on a top-level run's logical failure: it keeps the shared client where this
 * clears it. The upstream lane (`scenarios/upstream/`) drives both published releases on the same
 * faults and asserts this model and 2026.5.28 reach the same verdict.
 */
import { errorMessage, isConnectionClosedError, STARTUP_ABORTED_MESSAGE, STARTUP_TIMED_OUT_MESSAGE } from "./errors.ts";

export interface StartupFailure {
  readonly error: unknown;
  /** Set (non-blank) when this run was spawned by another run. */
  readonly spawnedBy: string | undefined;
  /** The run's own abort signal had fired. */
  readonly runAborted: boolean;
}

export type StartupCleanupReason =
  | "run-aborted"
  | "startup-abandoned"
  | "broken-pipe"
  | "connection-closed"
  | "top-level-run"
  | "spawned-logical-failure"
  | (string & {});

export interface StartupCleanupDecision {
  readonly clear: boolean;
  readonly reason: StartupCleanupReason;
}

export type StartupCleanupPolicy = (failure: StartupFailure) => StartupCleanupDecision;

export function isSpawnedRun(spawnedBy: string | undefined): boolean {
  return typeof spawnedBy === "string" && spawnedBy.trim() !== "";
}

/** Startup work was abandoned: the startup timer or abort, or a per-RPC "… timed out". */
export function shouldClearSharedClientAfterStartupRace(error: unknown): boolean {
  const message = errorMessage(error);
  return message === STARTUP_TIMED_OUT_MESSAGE || message === STARTUP_ABORTED_MESSAGE || message.endsWith(" timed out");
}

/** A poisoned pipe always clears; otherwise only a top-level run clears (also for non-Error throwables). */
export function shouldClearSharedClientAfterStartupFailure(failure: { readonly error: unknown; readonly spawnedBy: string | undefined }): boolean {
  if (errorMessage(failure.error).includes("write EPIPE")) return true;
  return !isSpawnedRun(failure.spawnedBy);
}

export const postFixStartupCleanupPolicy: StartupCleanupPolicy = ({ error, spawnedBy, runAborted }) => {
  if (runAborted) return { clear: true, reason: "run-aborted" };
  if (shouldClearSharedClientAfterStartupRace(error)) return { clear: true, reason: "startup-abandoned" };
  if (errorMessage(error).includes("write EPIPE")) return { clear: true, reason: "broken-pipe" };
  if (isConnectionClosedError(error)) return { clear: true, reason: "connection-closed" };
  if (shouldClearSharedClientAfterStartupFailure({ error, spawnedBy })) return { clear: true, reason: "top-level-run" };
  return { clear: false, reason: "spawned-logical-failure" };
};
