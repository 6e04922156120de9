import { describe, expect, it } from "vitest";
import { FakeCodexScriptError, parseFakeCodexScript, validateFakeCodexScript } from "./validate-script.ts";

function errorOf(value: unknown): string {
  try {
    validateFakeCodexScript(value, "faults.json");
  } catch (error) {
    if (error instanceof FakeCodexScriptError) return error.message;
    throw error;
  }
  return "valid";
}

describe("validateFakeCodexScript", () => {
  it("accepts a full script with every rule kind", () => {
    const script = {
      auth: "chatgpt",
      refresh: "expired",
      provider: { streamMaxRetries: 2, streamIdleTimeoutMs: null, retryBackoffMs: [10, 20] },
      model: {
        turns: [{ http: { status: 401, message: "nope" } }, [{ output: [{ type: "exec_command", cmd: "ls", output: "x" }] }, { output: [{ type: "message", phase: null, deltas: ["a"] }], end: "cut" }]],
        default: { output: [], end: "stall", delayMs: 5 },
      },
      rules: [
        { id: "a", when: { method: "thread/start", nth: 1 }, action: { kind: "error", code: 401, message: "authentication_error: Invalid bearer token" } },
        { when: { turn: 0, afterNotification: 3, notification: "item/agentMessage/delta" }, action: { kind: "exit", signal: "SIGKILL" }, times: 1 },
        { when: { start: true, process: 1 }, action: { kind: "stderr", text: "warn" } },
        { when: { method: "turn/start", turn: 2 }, action: { kind: "model", response: { http: { status: 401 } } } },
        { when: { method: "initialize" }, action: { kind: "delay", ms: 100 } },
        { when: { method: "account/read" }, action: { kind: "stall" } },
        { when: { method: "initialize" }, action: { kind: "malformed" } },
        { when: { method: "initialize" }, action: { kind: "closeStdin" } },
      ],
      afterInitialize: [{ method: "configWarning", params: { summary: "x" } }],
    };
    expect(validateFakeCodexScript(script, "faults.json")).toBe(script);
  });

  it("names the file, the path and what was expected", () => {
    expect(errorOf({ rules: [{ when: { method: "x" }, action: { kind: "explode" } }] })).toBe(
      'faults.json: rules[0].action.kind: expected one of "error", "exit", "stall", "malformed", "closeStdin", "delay", "stderr", "model", got "explode"',
    );
    expect(errorOf({ model: { turns: [{ http: { status: 99 } }] } })).toBe("faults.json: model.turns[0].http.status: expected an integer in 100..599, got 99");
    expect(errorOf({ provider: { streamMaxRetries: -1 } })).toBe("faults.json: provider.streamMaxRetries: expected an integer in 0..100, got -1");
  });

  it("rejects unknown fields so a typo cannot silently disable a fault", () => {
    expect(errorOf({ rulez: [] })).toMatch(/^faults\.json: rulez: expected no such field \(allowed: .*rules.*\), got an array$/);
    expect(errorOf({ rules: [{ when: { methd: "x" }, action: { kind: "stall" } }] })).toMatch(/^faults\.json: rules\[0\]\.when\.methd: expected no such field/);
  });

  it("requires exactly one trigger and a method for request-only actions", () => {
    expect(errorOf({ rules: [{ when: { turn: 1 }, action: { kind: "stall" } }] })).toBe(
      'faults.json: rules[0].when: expected exactly one trigger of "start", "method", "afterNotification", "afterEvent", got nothing',
    );
    expect(errorOf({ rules: [{ when: { afterNotification: 2 }, action: { kind: "error", code: 1, message: "x" } }] })).toBe(
      'faults.json: rules[0].action.kind: expected a "when.method" trigger for action "error", got "error"',
    );
    expect(errorOf({ rules: [{ when: { method: "thread/start" }, action: { kind: "model", response: {} } }] })).toBe(
      'faults.json: rules[0].when.method: expected "turn/start" for a model action, got "thread/start"',
    );
  });

  it("reports malformed JSON with the source", () => {
    expect(() => parseFakeCodexScript("{oops", "FAKE_CODEX_SCRIPT (inline JSON)")).toThrow(/^FAKE_CODEX_SCRIPT \(inline JSON\): \(root\): expected valid JSON, got /);
  });
});
