import { describe, expect, it } from "vitest";
import { JsonRpcClosedError, JsonRpcHandlerError, JsonRpcRequestError, JsonRpcResponseError } from "./errors.ts";

describe("JSON-RPC error classes", () => {
  it("JsonRpcResponseError names itself and keeps method, code and data", () => {
    const error = new JsonRpcResponseError("ping", { code: -32600, message: "Not initialized", data: { x: 1 } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("JsonRpcResponseError");
    expect(error.message).toBe("Not initialized");
    expect(error).toMatchObject({ method: "ping", code: -32600, data: { x: 1 } });
    expect(new JsonRpcResponseError("ping", { code: 1, message: "m" }, "override").message).toBe("override");
  });

  it("JsonRpcRequestError names itself, says '<method> timed out' or '<method> aborted' and keeps the cause", () => {
    const cause = new Error("user gave up");
    const aborted = new JsonRpcRequestError({ method: "ping", reason: "aborted", cause });
    expect(aborted.name).toBe("JsonRpcRequestError");
    expect(aborted.message).toBe("ping aborted");
    expect(aborted.cause).toBe(cause);
    expect(aborted.timeoutMs).toBeUndefined();
    const timeout = new JsonRpcRequestError({ method: "slow", reason: "timeout", timeoutMs: 100 });
    expect(timeout.message).toBe("slow timed out");
    expect(timeout).toMatchObject({ method: "slow", reason: "timeout", timeoutMs: 100 });
  });

  it("JsonRpcClosedError names itself and keeps close, code and cause", () => {
    const cause = new Error("EPIPE");
    const error = new JsonRpcClosedError("write EPIPE", { close: { kind: "error", message: "write EPIPE" }, code: "EPIPE", cause });
    expect(error.name).toBe("JsonRpcClosedError");
    expect(error.message).toBe("write EPIPE");
    expect(error.cause).toBe(cause);
    expect(error.close).toEqual({ kind: "error", message: "write EPIPE" });
    expect(error.code).toBe("EPIPE");
    const bare = new JsonRpcClosedError("gone");
    expect(bare.close).toBeUndefined();
    expect(bare.code).toBeUndefined();
  });

  it("JsonRpcHandlerError names itself and keeps code and data", () => {
    const error = new JsonRpcHandlerError(-32602, "bad what", { field: "what" });
    expect(error.name).toBe("JsonRpcHandlerError");
    expect(error.message).toBe("bad what");
    expect(error).toMatchObject({ code: -32602, data: { field: "what" } });
  });
});
