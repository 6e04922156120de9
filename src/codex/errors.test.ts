import { describe, expect, it } from "vitest";
import { JsonRpcResponseError } from "../jsonrpc/errors.ts";
import {
  CLIENT_CLOSED_MESSAGE,
  CodexAppServerRpcError,
  CodexAppServerStartupError,
  CodexThreadStartRequestError,
  EXITED_MESSAGE_PREFIX,
  errorMessage,
  isConnectionClosedError,
} from "./errors.ts";

const rpc = (data: unknown, message = "unauthorized"): CodexAppServerRpcError => new CodexAppServerRpcError("thread/start", { code: -32001, message, data });

describe("CodexAppServerRpcError", () => {
  it("keeps method, code, data and the upstream message; is a JsonRpcResponseError", () => {
    const error = rpc({ x: 1 });
    expect(error).toBeInstanceOf(JsonRpcResponseError);
    expect(error.name).toBe("CodexAppServerRpcError");
    expect(error.message).toBe("unauthorized");
    expect(error.method).toBe("thread/start");
    expect(error.code).toBe(-32001);
    expect(error.data).toEqual({ x: 1 });
  });

  it.each([undefined, null, "relogin", 7, true])("tolerates non-object data %j", (data) => {
    expect(rpc(data).message).toBe("unauthorized");
  });

  it("appends a relogin hint's detail", () => {
    expect(rpc({ action: "relogin", detail: "run codex login" }).message).toBe("unauthorized run codex login");
  });

  it("appends the detail of a cloudRequirements/Auth hint without an action", () => {
    expect(rpc({ reason: "cloudRequirements", errorCode: "Auth", detail: "sign in again" }).message).toBe("unauthorized sign in again");
  });

  it.each([
    ["cloudRequirements with another errorCode", { reason: "cloudRequirements", errorCode: "Quota", detail: "d" }],
    ["cloudRequirements without errorCode", { reason: "cloudRequirements", detail: "d" }],
    ["Auth errorCode with another reason", { reason: "other", errorCode: "Auth", detail: "d" }],
    ["Auth errorCode without reason", { errorCode: "Auth", detail: "d" }],
    ["another action", { action: "retry", detail: "d" }],
    ["an empty-string reason with Auth", { reason: "", errorCode: "Auth", detail: "d" }],
    ["cloudRequirements with an empty errorCode", { reason: "cloudRequirements", errorCode: "", detail: "d" }],
    ["no hint at all", { detail: "d" }],
  ])("ignores the detail for %s", (_label, data) => {
    expect(rpc(data).message).toBe("unauthorized");
  });

  it.each([
    ["an empty detail", { action: "relogin", detail: "" }],
    ["a non-string detail", { action: "relogin", detail: 5 }],
    ["a missing detail", { action: "relogin" }],
    ["an empty cloudRequirements detail", { reason: "cloudRequirements", errorCode: "Auth", detail: "" }],
  ])("appends nothing for %s", (_label, data) => {
    expect(rpc(data).message).toBe("unauthorized");
  });
});

describe("CodexThreadStartRequestError", () => {
  it("wraps the rpc error: exact name and message, code, data and cause", () => {
    const cause = rpc({ action: "relogin", detail: "login" });
    const error = new CodexThreadStartRequestError(cause);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("CodexThreadStartRequestError");
    expect(error.message).toBe("codex app-server thread/start failed: unauthorized login");
    expect(error.code).toBe(-32001);
    expect(error.data).toEqual({ action: "relogin", detail: "login" });
    expect(error.cause).toBe(cause);
  });
});

describe("CodexAppServerStartupError", () => {
  it("aborted: exact name, message, reason and cause", () => {
    const cause = new Error("signal");
    const error = new CodexAppServerStartupError("aborted", { cause });
    expect(error.name).toBe("CodexAppServerStartupError");
    expect(error.message).toBe("codex app-server startup aborted");
    expect(error.reason).toBe("aborted");
    expect(error.cause).toBe(cause);
  });

  it("timed_out: exact message; no cause by default", () => {
    const error = new CodexAppServerStartupError("timed_out");
    expect(error.name).toBe("CodexAppServerStartupError");
    expect(error.message).toBe("codex app-server startup timed out");
    expect(error.reason).toBe("timed_out");
    expect(error.cause).toBeUndefined();
  });
});

describe("errorMessage / isConnectionClosedError", () => {
  it("uses an Error's message and stringifies anything else", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
    expect(errorMessage(42)).toBe("42");
  });

  it("is true only for the closed message or the exited prefix", () => {
    expect(CLIENT_CLOSED_MESSAGE).toBe("codex app-server client is closed");
    expect(EXITED_MESSAGE_PREFIX).toBe("codex app-server exited:");
    expect(isConnectionClosedError(new Error("codex app-server client is closed"))).toBe(true);
    expect(isConnectionClosedError(new Error("codex app-server exited: code 1"))).toBe(true);
    expect(isConnectionClosedError(new Error("codex app-server client is closed!"))).toBe(false);
    expect(isConnectionClosedError(new Error("error: codex app-server exited:"))).toBe(false);
    expect(isConnectionClosedError("codex app-server client is closed")).toBe(false);
  });
});
