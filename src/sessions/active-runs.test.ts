import { describe, expect, it } from "vitest";
import { createManualClock } from "../jsonrpc/testing.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import type { FileSystem } from "../runtime/fs.ts";
import { createActiveRunRegistry } from "./active-runs.ts";
import { createDiagnosticSessionStore } from "./diagnostic-state.ts";

function setup() {
  const events: LifecycleEvent[] = [];
  const runs = createActiveRunRegistry({
    fs: {} as FileSystem,
    emit: (e) => events.push(e),
    // Aliases link.jsonl onto a.jsonl, as a symlink would.
    resolveKey: (_fs, file) => Promise.resolve(file.replace("link.jsonl", "a.jsonl")),
    diagnostics: createDiagnosticSessionStore({ clock: createManualClock() }),
  });
  return { runs, events };
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
});
