import { describe, expect, it } from "vitest";
import { JsonRpcClosedError } from "../jsonrpc/errors.ts";
import { keepSharedClientOnTurnFailure } from "./run-attempt.ts";

describe("keepSharedClientOnTurnFailure", () => {
  it("keeps the shared client after a failed turn, naming a closed connection apart from a logical failure", () => {
    const closed = new JsonRpcClosedError("codex app-server exited: code=1 signal=null");
    expect(keepSharedClientOnTurnFailure({ error: closed, spawnedBy: undefined, status: "failed" })).toEqual({ clear: false, reason: "connection-already-closed" });
    expect(keepSharedClientOnTurnFailure({ error: new Error("model refused"), spawnedBy: "parent", status: "failed" })).toEqual({ clear: false, reason: "turn-logical-failure" });
  });
});
