import { describe, expect, it } from "vitest";
import { createManualClock } from "../jsonrpc/testing.ts";
import { createDiagnosticSessionStore } from "./diagnostic-state.ts";

describe("the diagnostic session store", () => {
  it("keeps `since` while the status stays, restarts it when the status changes, and bumps the generation every time", () => {
    const clock = createManualClock(100);
    const store = createDiagnosticSessionStore({ clock });
    expect(store.update({ sessionId: "s", sessionKey: "k", sessionFile: "/f.jsonl", status: "processing" })).toEqual({
      sessionId: "s",
      sessionKey: "k",
      sessionFile: "/f.jsonl",
      status: "processing",
      sinceMs: 100,
      generation: 1,
    });
    clock.advance(50);
    expect(store.update({ sessionId: "s", status: "processing" })).toMatchObject({ sessionKey: "k", sessionFile: "/f.jsonl", sinceMs: 100, generation: 2 });
    clock.advance(25);
    expect(store.update({ sessionId: "s", status: "idle" })).toMatchObject({ status: "idle", sinceMs: 175, generation: 3 });
    clock.advance(5);
    expect(store.update({ sessionId: "t", status: "idle" })).toEqual({ sessionId: "t", status: "idle", sinceMs: 180, generation: 4 });
    expect(store.list().map((s) => s.sessionId)).toEqual(["s", "t"]);
    expect(store.get("s")?.generation).toBe(3);
    expect(store.get("nobody")).toBeUndefined();
  });
});
