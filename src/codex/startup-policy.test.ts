import { describe, expect, it } from "vitest";
import { JsonRpcClosedError, JsonRpcRequestError } from "../jsonrpc/errors.ts";
import { CodexAppServerRpcError, CodexAppServerStartupError, CodexThreadStartRequestError } from "./errors.ts";
import { isSpawnedRun, postFixStartupCleanupPolicy, shouldClearSharedClientAfterStartupFailure } from "./startup-policy.ts";

const logical401 = new CodexThreadStartRequestError(new CodexAppServerRpcError("thread/start", { code: -32603, message: "Invalid bearer token" }));

const matrix: [string, unknown, { top: string; spawned: string }][] = [
  ["thread/start JSON-RPC error (401)", logical401, { top: "clear:top-level-run", spawned: "keep:spawned-logical-failure" }],
  ["startup timeout", new CodexAppServerStartupError("timed_out"), { top: "clear:startup-abandoned", spawned: "clear:startup-abandoned" }],
  ["startup abort", new CodexAppServerStartupError("aborted"), { top: "clear:startup-abandoned", spawned: "clear:startup-abandoned" }],
  ["per-RPC timeout", new JsonRpcRequestError({ method: "thread/start", reason: "timeout" }), { top: "clear:startup-abandoned", spawned: "clear:startup-abandoned" }],
  ["initialize timeout", new Error("codex app-server initialize timed out"), { top: "clear:startup-abandoned", spawned: "clear:startup-abandoned" }],
  ["stdin write EPIPE", new JsonRpcClosedError("write EPIPE", { code: "EPIPE" }), { top: "clear:broken-pipe", spawned: "clear:broken-pipe" }],
  ["client is closed", new Error("codex app-server client is closed"), { top: "clear:connection-closed", spawned: "clear:connection-closed" }],
  ["app-server exited", new Error("codex app-server exited: code=1 signal=null"), { top: "clear:connection-closed", spawned: "clear:connection-closed" }],
  ["a non-Error throwable", "boom", { top: "clear:top-level-run", spawned: "keep:spawned-logical-failure" }],
];

function decide(error: unknown, spawnedBy: string | undefined, runAborted = false): string {
  const d = postFixStartupCleanupPolicy({ error, spawnedBy, runAborted });
  return `${d.clear ? "clear" : "keep"}:${d.reason}`;
}

describe("post-fix startup cleanup policy", () => {
  for (const [name, error, expected] of matrix) {
    it(`decides '${name}': top-level ${expected.top}, spawned ${expected.spawned}`, () => {
      expect(decide(error, undefined)).toBe(expected.top);
      expect(decide(error, "agent:main:session-1")).toBe(expected.spawned);
    });
  }

  it("clears whenever the run itself was aborted, even for a spawned run's logical failure", () => {
    expect(decide(logical401, "agent:main:session-1", true)).toBe("clear:run-aborted");
  });

  it("treats a blank spawnedBy as a top-level run", () => {
    expect(isSpawnedRun("   ")).toBe(false);
    expect(isSpawnedRun("")).toBe(false);
    expect(isSpawnedRun(undefined)).toBe(false);
    expect(decide(logical401, "  ")).toBe("clear:top-level-run");
  });
});

describe("shouldClearSharedClientAfterStartupFailure", () => {
  it("always clears after a broken pipe, otherwise only for a top-level run", () => {
    expect(shouldClearSharedClientAfterStartupFailure({ error: new Error("write EPIPE"), spawnedBy: "parent-session" })).toBe(true);
    expect(shouldClearSharedClientAfterStartupFailure({ error: new Error("Invalid bearer token"), spawnedBy: "parent-session" })).toBe(false);
    expect(shouldClearSharedClientAfterStartupFailure({ error: new Error("Invalid bearer token"), spawnedBy: undefined })).toBe(true);
    expect(shouldClearSharedClientAfterStartupFailure({ error: "boom", spawnedBy: "  " })).toBe(true);
  });
});
