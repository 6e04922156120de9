import { describe, expect, it } from "vitest";
import { createManualClock } from "../jsonrpc/testing.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import type { FileSystem } from "../runtime/fs.ts";
import { createActiveRunRegistry } from "./active-runs.ts";
import { createDiagnosticSessionStore } from "./diagnostic-state.ts";

function setup() {
  const events: LifecycleEvent[] = [];
  const diagnostics = createDiagnosticSessionStore({ clock: createManualClock() });
  const runs = createActiveRunRegistry({
    fs: {} as FileSystem,
    emit: (e) => events.push(e),
    // Aliases link.jsonl onto a.jsonl, as a symlink would.
    resolveKey: (_fs, file) => Promise.resolve(file.replace("link.jsonl", "a.jsonl")),
    diagnostics,
  });
  return { runs, events, diagnostics };
}

describe("the active-run registry", () => {
  it("finds a run by id, key and canonical file; clearing one session leaves the others' entries", async () => {
    const { runs, events } = setup();
    const a = { runId: "run-a" };
    const b = { runId: "run-b" };
    await runs.set({ sessionId: "A", handle: a, sessionKey: "key-a", sessionFile: "/s/link.jsonl" });
    await runs.set({ sessionId: "B", handle: b, sessionKey: "key-b", sessionFile: "/s/b.jsonl" });
    expect(await runs.sessionIdByFile("/s/a.jsonl")).toBe("A");
    expect(runs.sessionIdByKey("key-b")).toBe("B");

    expect(runs.clear({ sessionId: "A", handle: b })).toBe(false); // a stale or foreign handle changes nothing
    expect(runs.handle("A")).toBe(a);
    expect(runs.clear({ sessionId: "A", handle: a })).toBe(true);
    expect(runs.handle("A")).toBeUndefined();
    expect(runs.sessionIdByKey("key-a")).toBeUndefined();
    expect(await runs.sessionIdByFile("/s/a.jsonl")).toBeUndefined();
    expect(await runs.sessionIdByFile("/s/b.jsonl")).toBe("B");
    expect(runs.sessionIdByKey("key-b")).toBe("B");
    expect(runs.size()).toBe(1);
    expect(events.filter((e) => e.kind === "run.state").map((e) => (e as { reason?: string }).reason)).toEqual(["run_started", "run_started", "handle_mismatch", "run_completed"]);
  });

  it("moves a run to its new file, and calls a second set on one session a replacement", async () => {
    const { runs, events } = setup();
    const first = { runId: "r1" };
    await runs.set({ sessionId: "A", handle: first, sessionFile: "/s/a.jsonl" });
    await runs.updateSessionFile("A", "/s/c.jsonl");
    expect(await runs.sessionIdByFile("/s/a.jsonl")).toBeUndefined();
    expect(await runs.sessionIdByFile("/s/c.jsonl")).toBe("A");
    await runs.updateSessionFile("nobody", "/s/d.jsonl");
    expect(await runs.sessionIdByFile("/s/d.jsonl")).toBeUndefined();
    await runs.set({ sessionId: "A", handle: { runId: "r2" } });
    expect(events.filter((e) => e.kind === "run.state").map((e) => (e as { reason?: string }).reason)).toEqual(["run_started", "run_replaced"]);
  });

  it("emits exact run.state events for start, a mismatched clear and completion", async () => {
    const { runs, events } = setup();
    const handle = { runId: "r1" };
    await runs.set({ sessionId: "A", handle });
    runs.clear({ sessionId: "A", handle: { runId: "stale" } });
    runs.clear({ sessionId: "A", handle });
    expect(events).toEqual([
      { kind: "run.state", sessionId: "A", runId: "r1", state: "processing", reason: "run_started" },
      { kind: "run.state", sessionId: "A", runId: "stale", state: "unchanged", reason: "handle_mismatch" },
      { kind: "run.state", sessionId: "A", runId: "r1", state: "idle", reason: "run_completed" },
    ]);
  });

  it("records the run's session key in diagnostic state", async () => {
    const { runs, diagnostics } = setup();
    await runs.set({ sessionId: "A", handle: { runId: "r1" }, sessionKey: "key-a", sessionFile: "/s/a.jsonl" });
    expect(diagnostics.get("A")).toMatchObject({ status: "processing", sessionKey: "key-a", sessionFile: "/s/a.jsonl" });
    await runs.set({ sessionId: "B", handle: { runId: "r2" } });
    expect(diagnostics.get("B")).not.toHaveProperty("sessionKey");
  });

  it("keeps a session key that moved to a newer session when the older one clears", async () => {
    const { runs } = setup();
    const a = { runId: "run-a" };
    await runs.set({ sessionId: "A", handle: a, sessionKey: "shared" });
    await runs.set({ sessionId: "B", handle: { runId: "run-b" }, sessionKey: "shared" });
    expect(runs.clear({ sessionId: "A", handle: a })).toBe(true);
    expect(runs.sessionIdByKey("shared")).toBe("B");
  });
});
