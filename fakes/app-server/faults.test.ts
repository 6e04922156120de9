import { describe, expect, it } from "vitest";
import type { FakeCodexScript } from "./script.ts";
import { bootServer, createTestWorld, ready, startTurn } from "./testkit.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const boot = (script: FakeCodexScript = {}) => bootServer({ world: createTestWorld({ drain }), script });

describe("fault rules", () => {
  it("answers thread/start with the configured JSON-RPC error (the OpenClaw gateway 401 shape) and traces the fault", async () => {
    const t = boot({
      rules: [{ id: "gw-401", when: { method: "thread/start" }, action: { kind: "error", code: 401, message: "authentication_error: Invalid bearer token" } }],
    });
    await ready(t);
    expect(t.out().find((m) => m.id === 1)?.["error"]).toEqual({ code: 401, message: "authentication_error: Invalid bearer token" });
    expect(t.shape()).not.toContain("thread/started");
    expect(t.world.events.filter((e) => e.kind === "appserver.fault")).toEqual([
      { kind: "appserver.fault", server: "codex", rule: "gw-401", action: "error", at: "request thread/start" },
    ]);
  });

  it("fires only on the Nth occurrence and at most `times` times", async () => {
    const t = boot({ rules: [{ when: { method: "thread/start", nth: 2 }, action: { kind: "error", code: -32603, message: "boom" } }] });
    await ready(t);
    t.send({ id: 2, method: "thread/start", params: {} });
    t.send({ id: 3, method: "thread/start", params: {} });
    await t.world.run();
    expect(t.shape()).toEqual(["#0", "#1", "thread/started", "!2", "#3", "thread/started"]);
  });

  it("exits with the given code right after the Nth notification of a turn, sending nothing after it", async () => {
    const t = boot({ rules: [{ when: { turn: 0, afterNotification: 4 }, action: { kind: "exit", code: 1 } }] });
    startTurn(t, await ready(t));
    await t.world.run();
    expect(t.exits).toEqual([{ code: 1, signal: null }]);
    expect(t.shape().slice(3)).toEqual(["#2", "thread/status/changed", "turn/started", "item/started", "item/completed"]);
  });

  it("crashes with a signal when a method arrives, without answering it", async () => {
    const t = boot({ rules: [{ when: { method: "turn/start" }, action: { kind: "exit", signal: "SIGKILL" } }] });
    startTurn(t, await ready(t));
    await t.world.run();
    expect(t.exits).toEqual([{ code: null, signal: "SIGKILL" }]);
    expect(t.shape()).not.toContain("#2");
  });

  it("stalls one request (no answer) while later requests are still answered", async () => {
    const t = boot({ rules: [{ when: { method: "account/read" }, action: { kind: "stall" } }] });
    await ready(t);
    t.send({ id: 5, method: "account/read", params: {} });
    t.send({ id: 6, method: "account/read", params: {} });
    await t.world.run();
    expect(t.shape().slice(3)).toEqual(["#6"]);
    expect(t.out().at(-1)?.result).toEqual({ account: { type: "apiKey" }, requiresOpenaiAuth: true, userId: null, workspaceRouting: null });
  });

  it("stalls a turn mid-stream after a notification: nothing more for that turn, but interrupt still completes it", async () => {
    const t = boot({ rules: [{ when: { turn: 0, afterNotification: 1, notification: "item/agentMessage/delta" }, action: { kind: "stall" } }] });
    const threadId = await ready(t);
    startTurn(t, threadId);
    await t.world.run();
    expect(t.shape().at(-1)).toBe("item/agentMessage/delta");
    const turnId = String((t.out().find((m) => m.id === 2)?.result?.["turn"] as { id: string }).id);
    t.send({ id: 3, method: "turn/interrupt", params: { threadId, turnId } });
    await t.world.run();
    expect(t.shape().slice(-3)).toEqual(["#3", "thread/status/changed", "turn/completed"]);
  });

  it("wedges the whole server when stalled at start", async () => {
    const t = boot({ rules: [{ when: { start: true }, action: { kind: "stall" } }] });
    await ready(t);
    expect(t.raw).toEqual([]);
    expect(t.server.state).toBe("wedged");
  });

  it("delays a response by virtual milliseconds", async () => {
    const t = boot({ rules: [{ when: { method: "initialize" }, action: { kind: "delay", ms: 250 } }] });
    t.send({ id: 0, method: "initialize", params: { clientInfo: { name: "p", version: "1" } } });
    await t.world.run();
    expect(t.shape()).toEqual(["#0"]);
    expect(t.world.elapsedMs()).toBe(250);
  });

  it("emits a malformed line, closes stdin and writes stderr when told, and keeps serving", async () => {
    const t = boot({
      rules: [
        { when: { start: true }, action: { kind: "stderr", text: "WARNING: proceeding\n" } },
        { when: { method: "initialize" }, action: { kind: "malformed" } },
        { when: { method: "thread/start" }, action: { kind: "closeStdin" } },
      ],
    });
    await ready(t);
    expect(t.stderr).toEqual(["WARNING: proceeding\n"]);
    expect(t.raw[0]).toBe('{"method":"turn/completed","params":{"threadId":');
    expect(t.stdinClosed()).toBe(true);
    expect(t.shape()).toEqual(["#0", "#1", "thread/started"]);
  });

  it("overrides the model for one turn with a model rule (a turn-level 401 on turn 1 only)", async () => {
    const t = boot({ rules: [{ when: { method: "turn/start", turn: 1 }, action: { kind: "model", response: { http: { status: 401 } } } }] });
    const threadId = await ready(t);
    startTurn(t, threadId, 2);
    await t.world.run();
    startTurn(t, threadId, 3);
    await t.world.run();
    const statuses = t.out().filter((m) => m.method === "turn/completed").map((m) => (m.params?.["turn"] as { status: string }).status);
    expect(statuses).toEqual(["completed", "failed"]);
  });

  it("matches a rule only in the process with the given spawn index", async () => {
    const script: FakeCodexScript = { rules: [{ when: { process: 1, method: "thread/start" }, action: { kind: "error", code: 1, message: "x" } }] };
    const t = boot(script);
    await ready(t);
    expect(t.out().find((m) => m.id === 1)?.["error"]).toBeUndefined();
  });
});
