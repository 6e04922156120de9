/**
 * Diagnostic session state: what the heartbeat looks at. Each session is `idle` or `processing`
 * since some virtual time, with its key and transcript file; every change bumps a generation so a
 * recovery requested on old state can tell that the state moved on.
 */
import type { Clock } from "../runtime/clock.ts";

export type DiagnosticSessionStatus = "idle" | "processing";

export interface DiagnosticSessionState {
  readonly sessionId: string;
  readonly sessionKey?: string;
  readonly sessionFile?: string;
  readonly status: DiagnosticSessionStatus;
  readonly sinceMs: number;
  readonly generation: number;
}

export interface DiagnosticSessionUpdate {
  readonly sessionId: string;
  readonly sessionKey?: string;
  readonly sessionFile?: string;
  readonly status: DiagnosticSessionStatus;
}

export interface DiagnosticSessionStore {
  update(update: DiagnosticSessionUpdate): DiagnosticSessionState;
  get(sessionId: string): DiagnosticSessionState | undefined;
  /** Sessions in insertion order. */
  list(): readonly DiagnosticSessionState[];
}

export function createDiagnosticSessionStore(options: { readonly clock: Clock }): DiagnosticSessionStore {
  const states = new Map<string, DiagnosticSessionState>();
  let generation = 0;
  return {
    update(update) {
      const previous = states.get(update.sessionId);
      const sessionKey = update.sessionKey ?? previous?.sessionKey;
      const sessionFile = update.sessionFile ?? previous?.sessionFile;
      const sinceMs =
        previous !== undefined && previous.status === update.status ? previous.sinceMs : options.clock.nowMs();
      const next: DiagnosticSessionState = {
        sessionId: update.sessionId,
        ...(sessionKey === undefined ? {} : { sessionKey }),
        ...(sessionFile === undefined ? {} : { sessionFile }),
        status: update.status,
        sinceMs,
        generation: ++generation,
      };
      states.set(update.sessionId, next);
      return next;
    },
    get: (sessionId) => states.get(sessionId),
    list: () => [...states.values()],
  };
}
