import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import { nodeFileSystem } from "../runtime/node-fs.ts";
import { createActiveRunRegistry } from "./active-runs.ts";
import { createCommandLanes } from "./command-lanes.ts";
import { createDiagnosticSessionStore } from "./diagnostic-state.ts";
import type { SessionFileKeyFn } from "./file-key.ts";
import { startDiagnosticHeartbeat } from "./heartbeat.ts";
import { createStuckSessionRecovery, type ActiveRunLookup, type RecoveryOutcome, type RecoveryRequest } from "./stuck-recovery.ts";
import { createManualClock } from "./testing.ts";

const aliasKey: SessionFileKeyFn = (_fs, file) => Promise.resolve(file.replace("/link/", "/real/"));
const FILE = "/sessions/real/s.jsonl";
const never = (): Promise<void> => new Promise<void>(() => {});

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function setup(options: { lookup?: ActiveRunLookup } = {}) {
  const clock = createManualClock();
  const events: LifecycleEvent[] = [];
  const emit = (e: LifecycleEvent): void => void events.push(e);
  const diagnostics = createDiagnosticSessionStore({ clock });
  const activeRuns = createActiveRunRegistry({ fs: nodeFileSystem, emit, resolveKey: aliasKey, diagnostics });
  const lanes = createCommandLanes({ emit });
  const recover = createStuckSessionRecovery({ activeRuns, lanes, diagnostics, emit, ...(options.lookup ? { lookup: options.lookup } : {}) });
  return { clock, events, diagnostics, activeRuns, lanes, recover };
}

describe("active-run registry", () => {
  it("resolves a run by canonical session file, and forgets it after a handle-checked clear", async () => {
    const { activeRuns } = setup();
    const handle = { runId: "r1" };
    await activeRuns.set({ sessionId: "s1", sessionKey: "agent:main:visible", sessionFile: FILE, handle });
    expect(await activeRuns.sessionIdByFile("/sessions/link/s.jsonl")).toBe("s1");
    expect(activeRuns.clear({ sessionId: "s1", handle: { runId: "other" } })).toBe(false);
    expect(activeRuns.sessionIdByKey("agent:main:visible")).toBe("s1");
    expect(activeRuns.clear({ sessionId: "s1", handle })).toBe(true);
    expect(await activeRuns.sessionIdByFile(FILE)).toBeUndefined();
    expect(activeRuns.sessionIdByKey("agent:main:visible")).toBeUndefined();
  });

  it("records the run's session file in diagnostic state, and re-keys it when the file moves", async () => {
    const { activeRuns, diagnostics } = setup();
    await activeRuns.set({ sessionId: "s1", sessionKey: "k", sessionFile: FILE, handle: { runId: "r1" } });
    expect(diagnostics.get("s1")).toMatchObject({ status: "processing", sessionFile: FILE });
    await activeRuns.updateSessionFile("s1", "/sessions/real/t.jsonl");
    expect(diagnostics.get("s1")?.sessionFile).toBe("/sessions/real/t.jsonl");
    expect(await activeRuns.sessionIdByFile(FILE)).toBeUndefined();
    expect(await activeRuns.sessionIdByFile("/sessions/real/t.jsonl")).toBe("s1");
  });
});

describe("stuck-session recovery", () => {
  it("does not reset a sibling-key lane while the same file has an active embedded run", async () => {
    const { activeRuns, lanes, recover } = setup();
    await activeRuns.set({ sessionId: "visible", sessionKey: "agent:main:visible", sessionFile: FILE, handle: { runId: "r1" } });
    let queuedStarted = false;
    lanes.enqueue("agent:main:fallback", { label: "blocked", run: never });
    lanes.enqueue("agent:main:fallback", { label: "queued", run: () => ((queuedStarted = true), Promise.resolve()) });
    const outcome = await recover({ sessionId: "fallback", sessionKey: "agent:main:fallback", sessionFile: "/sessions/link/s.jsonl", ageMs: 180_000, queueDepth: 1 });
    expect(outcome).toEqual({
      status: "skipped",
      action: "observe_only",
      reason: "active_embedded_run",
      sessionId: "fallback",
      sessionKey: "agent:main:fallback",
      activeSessionId: "visible",
      activeWorkKind: "embedded_run",
    });
    await flush();
    expect(queuedStarted).toBe(false);
    expect(lanes.size("agent:main:fallback")).toBe(2);
  });

  it("releases the lane when a lookup ignores the session file (the pre-fix behavior)", async () => {
    const byKeyOnly: ActiveRunLookup = (runs, r) => Promise.resolve(r.sessionKey === undefined ? undefined : runs.sessionIdByKey(r.sessionKey));
    const { activeRuns, lanes, recover } = setup({ lookup: byKeyOnly });
    await activeRuns.set({ sessionId: "visible", sessionKey: "agent:main:visible", sessionFile: FILE, handle: { runId: "r1" } });
    lanes.enqueue("agent:main:fallback", { label: "blocked", run: never });
    lanes.enqueue("agent:main:fallback", { label: "queued", run: () => Promise.resolve() });
    const outcome = await recover({ sessionId: "fallback", sessionKey: "agent:main:fallback", sessionFile: FILE, ageMs: 180_000 });
    expect(outcome).toEqual({ status: "released", action: "release_lane", abandoned: 1 });
    expect(lanes.started("agent:main:fallback")).toEqual(["blocked", "queued"]);
  });

  it("keeps a lane with only an active task, and is a noop with no work", async () => {
    const { lanes, recover } = setup();
    lanes.enqueue("k", { label: "busy", run: never });
    expect(await recover({ sessionKey: "k", ageMs: 1 })).toMatchObject({ action: "keep_lane", reason: "active_lane_task" });
    expect(await recover({ sessionKey: "idle", ageMs: 1 })).toMatchObject({ status: "noop", reason: "no_active_work" });
  });

  it("skips without a session ref, with a stale state generation, and while already in flight", async () => {
    const { recover, diagnostics, activeRuns } = setup();
    expect(await recover({ ageMs: 1 })).toMatchObject({ reason: "missing_session_ref" });
    const state = diagnostics.update({ sessionId: "s", sessionKey: "k", status: "processing" });
    diagnostics.update({ sessionId: "s", status: "idle" });
    expect(await recover({ sessionId: "s", sessionKey: "k", ageMs: 1, stateGeneration: state.generation })).toMatchObject({ reason: "stale_session_state" });
    await activeRuns.set({ sessionId: "s2", sessionKey: "k2", handle: { runId: "r" } });
    const [a, b] = await Promise.all([recover({ sessionKey: "k2", ageMs: 1 }), recover({ sessionKey: "k2", ageMs: 1 })]);
    expect(a).toMatchObject({ reason: "active_embedded_run" });
    expect(b).toMatchObject({ reason: "already_in_flight" });
  });

  it("only observes an active run it was not allowed to abort, naming the session and the run", async () => {
    const { activeRuns, recover, events } = setup();
    const aborted: string[] = [];
    await activeRuns.set({ sessionId: "s", sessionKey: "k", handle: { runId: "r", abort: (reason) => (aborted.push(reason), Promise.resolve()) } });
    const observed = { status: "skipped", action: "observe_only", reason: "active_embedded_run", activeSessionId: "s", activeWorkKind: "embedded_run" };
    expect(await recover({ sessionKey: "k", ageMs: 1 })).toEqual({ ...observed, sessionKey: "k" });
    expect(await recover({ sessionId: "s", sessionKey: "k", ageMs: 1, allowActiveAbort: false })).toEqual({ ...observed, sessionId: "s", sessionKey: "k" });
    expect(aborted).toEqual([]);
    expect(events.filter((e) => e.kind === "recovery.outcome")[0]).toEqual({ kind: "recovery.outcome", sessionId: null, sessionKey: "k", ...observed });
  });

  it("finds an active run by session id when neither its key nor its file is known", async () => {
    const { activeRuns, recover } = setup();
    await activeRuns.set({ sessionId: "s", sessionKey: "k", handle: { runId: "r" } });
    expect(await recover({ sessionId: "s", ageMs: 1 })).toMatchObject({ reason: "active_embedded_run", activeSessionId: "s" });
    expect(await recover({ sessionId: "s", sessionFile: "/sessions/real/other.jsonl", ageMs: 1 })).toMatchObject({ reason: "active_embedded_run", activeSessionId: "s" });
    expect(await recover({ sessionId: "gone", ageMs: 1 })).toMatchObject({ status: "noop", reason: "no_active_work" });
  });

  it("skips when the session is no longer in the state the request expected", async () => {
    const { recover, diagnostics } = setup();
    diagnostics.update({ sessionId: "s", sessionKey: "k", status: "idle" });
    expect(await recover({ sessionId: "s", sessionKey: "k", ageMs: 1, expectedState: "processing" })).toMatchObject({ reason: "stale_session_state" });
    expect(await recover({ sessionId: "s", sessionKey: "k", ageMs: 1, expectedState: "idle" })).toMatchObject({ status: "noop" });
  });

  it("leaves an unknown session key out of the observe-only outcome, and emits every outcome with its session refs", async () => {
    const { activeRuns, recover, events } = setup();
    await activeRuns.set({ sessionId: "s", sessionKey: "k", handle: { runId: "r" } });
    expect(await recover({ sessionId: "s", ageMs: 1 })).toStrictEqual({
      status: "skipped",
      action: "observe_only",
      reason: "active_embedded_run",
      sessionId: "s",
      activeSessionId: "s",
      activeWorkKind: "embedded_run",
    });
    expect(await recover({ sessionKey: "idle", ageMs: 1 })).toStrictEqual({ status: "noop", action: "none", reason: "no_active_work" });
    expect(events.filter((e) => e.kind === "recovery.outcome")).toStrictEqual([
      { kind: "recovery.outcome", sessionId: "s", sessionKey: null, status: "skipped", action: "observe_only", reason: "active_embedded_run", activeSessionId: "s", activeWorkKind: "embedded_run" },
      { kind: "recovery.outcome", sessionId: null, sessionKey: "idle", status: "noop", action: "none", reason: "no_active_work" },
    ]);
  });

  it("aborts the active run when allowed", async () => {
    const { activeRuns, recover } = setup();
    const aborted: string[] = [];
    await activeRuns.set({ sessionId: "s", sessionKey: "k", handle: { runId: "r", abort: (reason) => (aborted.push(reason), Promise.resolve()) } });
    expect(await recover({ sessionKey: "k", ageMs: 1, allowActiveAbort: true })).toEqual({ status: "aborted", action: "abort_embedded_run", activeSessionId: "s" });
    expect(aborted).toEqual(["stuck_recovery"]);
  });
});

describe("diagnostic heartbeat", () => {
  it("requests recovery every 30 s for sessions processing past the threshold, forwarding sessionFile once per generation", async () => {
    const { clock, diagnostics, lanes, events } = setup();
    const requests: RecoveryRequest[] = [];
    const recover = (r: RecoveryRequest): Promise<RecoveryOutcome> => (requests.push(r), Promise.resolve({ status: "noop", action: "none", reason: "no_active_work" }));
    diagnostics.update({ sessionId: "fallback", sessionKey: "agent:main:fallback", sessionFile: FILE, status: "processing" });
    const heartbeat = startDiagnosticHeartbeat({ clock, diagnostics, lanes, recover, emit: (e) => events.push(e), stuckSessionWarnMs: 60_000 });
    clock.advance(30_000);
    expect(requests).toEqual([]);
    clock.advance(30_000);
    clock.advance(30_000);
    expect(requests).toEqual([
      expect.objectContaining({ sessionId: "fallback", sessionKey: "agent:main:fallback", sessionFile: FILE, ageMs: 60_000, expectedState: "processing" }),
    ]);
    expect(heartbeat.ticks).toBe(3);
    heartbeat.stop();
    heartbeat.stop();
    clock.advance(120_000);
    expect(heartbeat.ticks).toBe(3);
    expect(clock.pendingLabels()).toEqual([]);
  });
});
