import { describe, expect, it } from "vitest";
import { toErrorInfo, toTerminalTurn, TurnState } from "./turn-state.ts";

describe("toTerminalTurn", () => {
  it("reads id, status and error, taking a turn without a status as completed and without an id as the fallback", () => {
    expect(toTerminalTurn({ id: "t-1", status: "failed", error: { message: "boom", codexErrorInfo: "usageLimitExceeded" } }, "fb")).toEqual({
      id: "t-1",
      status: "failed",
      error: { message: "boom", codexErrorInfo: "usageLimitExceeded" },
    });
    expect(toTerminalTurn({}, "fb")).toEqual({ id: "fb", status: "completed", error: null });
    expect(toTerminalTurn(undefined, "fb")).toEqual({ id: "fb", status: "completed", error: null });
  });

  it("drops an error without a message and a null codexErrorInfo", () => {
    expect(toErrorInfo({ codexErrorInfo: "x" })).toBeNull();
    expect(toErrorInfo({ message: "m", codexErrorInfo: null })).toEqual({ message: "m" });
  });
});

describe("TurnState", () => {
  it("names a root turn/completed before any root turn id the unknown turn", () => {
    const state = new TurnState("thr");
    expect(state.apply("turn/completed", { threadId: "thr", turn: { status: "failed" } })).toEqual({
      kind: "root-completed",
      turn: { id: "unknown-turn", status: "failed", error: null },
    });
  });

  it("adds only string receivers to the turn's threads", () => {
    const state = new TurnState("thr");
    state.apply("item/started", { threadId: "thr", item: { type: "collabAgentToolCall", id: "c1", receiverThreadIds: ["thr-sub", 7, null] } });
    expect(state.belongs({ threadId: "thr-sub" })).toBe(true);
    expect(state.belongs({ threadId: "7" })).toBe(false);
    expect(state.pendingWork()).toEqual({ collaborations: ["c1"], subagentThreads: [] });
  });
});
