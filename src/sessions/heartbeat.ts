/**
 * Diagnostic heartbeat: every 30 s (an unref'd timer, so it never keeps a process alive) it looks
 * for sessions processing longer than the stuck threshold and requests recovery for each,
 * forwarding the session's transcript file so recovery can see same-file runs under sibling keys.
 * A request is made once per session state generation.
 */
import { basename } from "node:path";
import type { Clock, TimerId } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import type { CommandLanes } from "./command-lanes.ts";
import type { DiagnosticSessionStore } from "./diagnostic-state.ts";
import type { RecoverStuckSession, RecoveryOutcome, RecoveryRequest } from "./stuck-recovery.ts";

export const DIAGNOSTIC_HEARTBEAT_INTERVAL_MS = 30_000;
export const DEFAULT_STUCK_SESSION_WARN_MS = 120_000;

export interface HeartbeatOptions {
  readonly clock: Clock;
  readonly diagnostics: DiagnosticSessionStore;
  readonly lanes: CommandLanes;
  readonly recover: RecoverStuckSession;
  readonly emit: EventSink;
  readonly intervalMs?: number;
  readonly stuckSessionWarnMs?: number;
  /** Called when a requested recovery settles. */
  readonly onOutcome?: (request: RecoveryRequest, outcome: RecoveryOutcome) => void;
}

export interface DiagnosticHeartbeat {
  readonly state: "running" | "stopped";
  /** Ticks so far. */
  readonly ticks: number;
  /** Idempotent. */
  stop(): void;
}

export function startDiagnosticHeartbeat(options: HeartbeatOptions): DiagnosticHeartbeat {
  const { clock, diagnostics, emit } = options;
  const intervalMs = options.intervalMs ?? DIAGNOSTIC_HEARTBEAT_INTERVAL_MS;
  const warnMs = options.stuckSessionWarnMs ?? DEFAULT_STUCK_SESSION_WARN_MS;
  const requested = new Set<string>();
  let state: "running" | "stopped" = "running";
  let ticks = 0;
  let timer: TimerId | undefined;

  function requestFor(sessionId: string): RecoveryRequest | undefined {
    const s = diagnostics.get(sessionId);
    if (s === undefined || s.status !== "processing") return undefined;
    const ageMs = clock.nowMs() - s.sinceMs;
    if (ageMs < warnMs) return undefined;
    const laneKey = s.sessionKey ?? s.sessionId;
    return {
      sessionId: s.sessionId,
      ...(s.sessionKey === undefined ? {} : { sessionKey: s.sessionKey }),
      ...(s.sessionFile === undefined ? {} : { sessionFile: s.sessionFile }),
      ageMs,
      queueDepth: options.lanes.queuedCount(laneKey),
      expectedState: "processing",
      stateGeneration: s.generation,
    };
  }

  function tick(): void {
    if (state === "stopped") return;
    ticks++;
    const sessions = diagnostics.list();
    emit({ kind: "heartbeat.tick", tick: ticks, processing: sessions.filter((s) => s.status === "processing").length });
    for (const s of sessions) {
      const request = requestFor(s.sessionId);
      const dedupeKey = `${s.sessionKey ?? s.sessionId}@${s.generation}`;
      if (request === undefined || requested.has(dedupeKey)) continue;
      requested.add(dedupeKey);
      emit({
        kind: "heartbeat.recovery-request",
        sessionId: request.sessionId ?? null,
        sessionKey: request.sessionKey ?? null,
        sessionFile: request.sessionFile === undefined ? null : basename(request.sessionFile),
        ageMs: request.ageMs,
        queueDepth: request.queueDepth ?? 0,
      });
      void options.recover(request).then((outcome) => options.onOutcome?.(request, outcome));
    }
    if (state === "running") arm(); // a stop() from inside this tick (an event sink) must not be undone
  }

  function arm(): void {
    timer = clock.setTimer(intervalMs, tick, { unref: true, label: "diagnostic heartbeat" });
  }

  arm();
  return {
    get state() {
      return state;
    },
    get ticks() {
      return ticks;
    },
    stop() {
      if (state === "stopped") return;
      state = "stopped";
      if (timer !== undefined) clock.clearTimer(timer);
    },
  };
}
