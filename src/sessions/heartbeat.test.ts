import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import { createCommandLanes } from "./command-lanes.ts";
import { createDiagnosticSessionStore } from "./diagnostic-state.ts";
import { startDiagnosticHeartbeat, type HeartbeatOptions } from "./heartbeat.ts";
import type { RecoveryOutcome, RecoveryRequest } from "./stuck-recovery.ts";
import { createManualClock } from "./testing.ts";

const never = (): Promise<void> => new Promise<void>(() => {});
const noop: RecoveryOutcome = { status: "noop", action: "none", reason: "no_active_work" };

function setup(startMs = 0) {
  const clock = createManualClock(startMs);
  const { timerOptions } = clock;
  const events: LifecycleEvent[] = [];
  const diagnostics = createDiagnosticSessionStore({ clock });
  const lanes = createCommandLanes({ emit: () => {} });
  const requests: RecoveryRequest[] = [];
  const recover = (r: RecoveryRequest): Promise<RecoveryOutcome> => (requests.push(r), Promise.resolve(noop));
  const start = (extra: Partial<HeartbeatOptions> = {}) =>
    startDiagnosticHeartbeat({ clock, diagnostics, lanes, recover, emit: (e) => events.push(e), stuckSessionWarnMs: 60_000, ...extra });
  return { clock, timerOptions, events, diagnostics, lanes, requests, start };
}

describe("diagnostic heartbeat", () => {
  it("arms an unref'd, labelled timer", () => {
    const { start, timerOptions, clock } = setup();
    const heartbeat = start();
    expect(timerOptions).toEqual([{ unref: true, label: "diagnostic heartbeat" }]);
    clock.advance(30_000);
    expect(timerOptions).toEqual([
      { unref: true, label: "diagnostic heartbeat" },
      { unref: true, label: "diagnostic heartbeat" },
    ]);
    heartbeat.stop();
  });

  it("emits one tick event per tick, counting only processing sessions", () => {
    const { start, events, diagnostics, clock } = setup();
    diagnostics.update({ sessionId: "a", status: "processing" });
    diagnostics.update({ sessionId: "b", status: "idle" });
    diagnostics.update({ sessionId: "c", status: "processing" });
    const heartbeat = start({ stuckSessionWarnMs: 1_000_000 });
    clock.advance(30_000);
    expect(events).toEqual([{ kind: "heartbeat.tick", tick: 1, processing: 2 }]);
    heartbeat.stop();
  });

  it("never requests recovery for an idle session, however old", () => {
    const { start, requests, diagnostics, clock, events } = setup();
    diagnostics.update({ sessionId: "idle", sessionKey: "k", status: "idle" });
    const heartbeat = start();
    clock.advance(300_000);
    expect(requests).toEqual([]);
    expect(events.filter((e) => e.kind !== "heartbeat.tick")).toEqual([]);
    heartbeat.stop();
  });

  it("measures age from when the session started processing", () => {
    const { start, requests, diagnostics, clock } = setup(1_000_000);
    const heartbeat = start();
    clock.advance(20_000);
    diagnostics.update({ sessionId: "s", sessionKey: "k", status: "processing" });
    clock.advance(40_000); // tick at +30 s (age 10 s) and +60 s (age 40 s): both under the threshold
    expect(requests).toEqual([]);
    clock.advance(30_000); // tick at +90 s: age 70 s
    expect(requests.map((r) => r.ageMs)).toEqual([70_000]);
    heartbeat.stop();
  });

  it("requests each stuck session once per state generation, and emits the request with queue depth", () => {
    const { start, requests, diagnostics, clock, events, lanes } = setup();
    diagnostics.update({ sessionId: "s1", sessionKey: "agent:main:one", sessionFile: "/sessions/real/one.jsonl", status: "processing" });
    diagnostics.update({ sessionId: "s2", status: "processing" });
    lanes.enqueue("agent:main:one", { label: "busy", run: never });
    lanes.enqueue("agent:main:one", { label: "queued", run: never });
    lanes.enqueue("s2", { label: "busy", run: never });
    const heartbeat = start();
    clock.advance(60_000);
    expect(requests).toStrictEqual([
      { sessionId: "s1", sessionKey: "agent:main:one", sessionFile: "/sessions/real/one.jsonl", ageMs: 60_000, queueDepth: 1, expectedState: "processing", stateGeneration: 1 },
      { sessionId: "s2", ageMs: 60_000, queueDepth: 0, expectedState: "processing", stateGeneration: 2 },
    ]);
    expect(events.filter((e) => e.kind === "heartbeat.recovery-request")).toStrictEqual([
      { kind: "heartbeat.recovery-request", sessionId: "s1", sessionKey: "agent:main:one", sessionFile: "one.jsonl", ageMs: 60_000, queueDepth: 1 },
      { kind: "heartbeat.recovery-request", sessionId: "s2", sessionKey: null, sessionFile: null, ageMs: 60_000, queueDepth: 0 },
    ]);
    clock.advance(30_000);
    expect(requests).toHaveLength(2);
    diagnostics.update({ sessionId: "s2", sessionFile: "/sessions/real/two.jsonl", status: "processing" }); // new generation, same processing start
    clock.advance(30_000);
    expect(requests.map((r) => [r.sessionId, r.stateGeneration])).toEqual([
      ["s1", 1],
      ["s2", 2],
      ["s2", 3],
    ]);
    heartbeat.stop();
  });

  it("reports each settled recovery to onOutcome", async () => {
    const { start, diagnostics, clock } = setup();
    diagnostics.update({ sessionId: "s", sessionKey: "k", status: "processing" });
    const outcomes: [string | undefined, RecoveryOutcome][] = [];
    const heartbeat = start({ onOutcome: (r, o) => outcomes.push([r.sessionId, o]) });
    clock.advance(60_000);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(outcomes).toEqual([["s", noop]]);
    heartbeat.stop();
  });

  it("stops for good when stopped from inside a tick, leaving no timer armed", () => {
    const { clock, diagnostics, lanes } = setup();
    const heartbeat = startDiagnosticHeartbeat({
      clock,
      diagnostics,
      lanes,
      recover: () => Promise.resolve(noop),
      emit: (e) => {
        if (e.kind === "heartbeat.tick") heartbeat.stop();
      },
    });
    clock.advance(30_000);
    expect(heartbeat.state).toBe("stopped");
    expect(heartbeat.ticks).toBe(1);
    expect(clock.pendingLabels()).toEqual([]);
    clock.advance(120_000);
    expect(heartbeat.ticks).toBe(1);
  });
});
