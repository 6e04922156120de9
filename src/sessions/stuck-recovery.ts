/**
 * Stuck-session recovery: decides whether a session that looks stuck may have its command lane
 * released. It never resets a lane while an embedded run is active on the same session key or the
 * same transcript file (a sibling key writing one file): that case only observes.
 */
import type { EventSink } from "../runtime/events.ts";
import type { ActiveRunRegistry } from "./active-runs.ts";
import type { CommandLanes } from "./command-lanes.ts";
import type { DiagnosticSessionStatus, DiagnosticSessionStore } from "./diagnostic-state.ts";

export interface RecoveryRequest {
  readonly sessionId?: string;
  readonly sessionKey?: string;
  readonly sessionFile?: string;
  readonly ageMs: number;
  readonly queueDepth?: number;
  readonly allowActiveAbort?: boolean;
  readonly expectedState?: DiagnosticSessionStatus;
  readonly stateGeneration?: number;
}

export type RecoveryOutcome =
  | { readonly status: "skipped"; readonly action: "observe_only"; readonly reason: "missing_session_ref" | "already_in_flight" | "stale_session_state" }
  | {
      readonly status: "skipped";
      readonly action: "observe_only";
      readonly reason: "active_embedded_run";
      readonly sessionId?: string;
      readonly sessionKey?: string;
      readonly activeSessionId: string;
      readonly activeWorkKind: "embedded_run";
    }
  | { readonly status: "aborted"; readonly action: "abort_embedded_run"; readonly activeSessionId: string }
  | { readonly status: "skipped"; readonly action: "keep_lane"; readonly reason: "active_lane_task" }
  | { readonly status: "released"; readonly action: "release_lane"; readonly abandoned: number }
  | { readonly status: "noop"; readonly action: "none"; readonly reason: "no_active_work" }
  | { readonly status: "failed"; readonly action: "none"; readonly reason: "exception"; readonly error: string };

/** Finds the active embedded run that blocks recovery: by key, then by file, then by id. */
export type ActiveRunLookup = (runs: ActiveRunRegistry, request: RecoveryRequest) => Promise<string | undefined>;

export const lookupActiveRun: ActiveRunLookup = async (runs, request) => {
  if (request.sessionKey !== undefined) {
    const byKey = runs.sessionIdByKey(request.sessionKey);
    if (byKey !== undefined) return byKey;
  }
  if (request.sessionFile !== undefined) {
    const byFile = await runs.sessionIdByFile(request.sessionFile);
    if (byFile !== undefined) return byFile;
  }
  if (request.sessionId !== undefined && runs.handle(request.sessionId) !== undefined) return request.sessionId;
  return undefined;
};

export interface StuckRecoveryDeps {
  readonly activeRuns: ActiveRunRegistry;
  readonly lanes: CommandLanes;
  readonly diagnostics: DiagnosticSessionStore;
  readonly emit: EventSink;
  readonly lookup?: ActiveRunLookup;
}

export type RecoverStuckSession = (request: RecoveryRequest) => Promise<RecoveryOutcome>;

export function createStuckSessionRecovery(deps: StuckRecoveryDeps): RecoverStuckSession {
  const inFlight = new Set<string>();
  const lookup = deps.lookup ?? lookupActiveRun;

  function stateMoved(request: RecoveryRequest): boolean {
    if (request.sessionId === undefined) return false;
    const state = deps.diagnostics.get(request.sessionId);
    if (request.stateGeneration !== undefined && state?.generation !== request.stateGeneration) return true;
    return request.expectedState !== undefined && state?.status !== request.expectedState;
  }

  async function decide(request: RecoveryRequest, laneKey: string): Promise<RecoveryOutcome> {
    if (stateMoved(request)) return { status: "skipped", action: "observe_only", reason: "stale_session_state" };
    const activeSessionId = await lookup(deps.activeRuns, request);
    if (activeSessionId !== undefined) {
      const handle = deps.activeRuns.handle(activeSessionId);
      if (request.allowActiveAbort === true && handle?.abort !== undefined) {
        await handle.abort("stuck_recovery");
        return { status: "aborted", action: "abort_embedded_run", activeSessionId };
      }
      return {
        status: "skipped",
        action: "observe_only",
        reason: "active_embedded_run",
        ...(request.sessionId === undefined ? {} : { sessionId: request.sessionId }),
        ...(request.sessionKey === undefined ? {} : { sessionKey: request.sessionKey }),
        activeSessionId,
        activeWorkKind: "embedded_run",
      };
    }
    if (deps.lanes.queuedCount(laneKey) > 0) {
      return { status: "released", action: "release_lane", abandoned: deps.lanes.reset(laneKey) };
    }
    if (deps.lanes.activeCount(laneKey) > 0) return { status: "skipped", action: "keep_lane", reason: "active_lane_task" };
    return { status: "noop", action: "none", reason: "no_active_work" };
  }

  return async (request) => {
    const refKey = request.sessionKey ?? request.sessionId;
    let outcome: RecoveryOutcome;
    if (refKey === undefined) {
      outcome = { status: "skipped", action: "observe_only", reason: "missing_session_ref" };
    } else if (inFlight.has(refKey)) {
      outcome = { status: "skipped", action: "observe_only", reason: "already_in_flight" };
    } else {
      inFlight.add(refKey);
      try {
        outcome = await decide(request, refKey);
      } catch (error) {
        outcome = { status: "failed", action: "none", reason: "exception", error: error instanceof Error ? error.message : String(error) };
      } finally {
        inFlight.delete(refKey);
      }
    }
    deps.emit({ kind: "recovery.outcome", sessionId: request.sessionId ?? null, sessionKey: request.sessionKey ?? null, ...outcome });
    return outcome;
  };
}
