import { describe, expect, it } from "vitest";
import type { FakeCodexScript } from "./script.ts";
import { bootServer, createTestWorld, ready, startTurn } from "./testkit.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const boot = (script: FakeCodexScript = {}) => bootServer({ world: createTestWorld({ drain }), script });

const TURN_ORDER = [
  "#2",
  "thread/status/changed",
  "turn/started",
  "item/started",
  "item/completed",
  "item/started",
  "item/agentMessage/delta",
  "item/agentMessage/delta",
  "item/completed",
  "thread/tokenUsage/updated",
  "account/rateLimits/updated",
  "thread/status/changed",
  "turn/completed",
];

describe("fake app-server: framing and handshake", () => {
  it("ignores a malformed line and still answers the next request, echoing a string id", async () => {
    const t = boot();
    t.send("{not json");
    t.send({ id: "str-id", method: "initialize", params: { clientInfo: { name: "probe", version: "1" } } });
    await t.world.run();
    const out = t.out();
    expect(out).toHaveLength(1);
    expect(out[0]?.id).toBe("str-id");
    expect(out[0]).not.toHaveProperty("jsonrpc");
    expect(String(out[0]?.result?.["userAgent"])).toMatch(/^probe\/0\.169\.0/);
  });

  it("answers requests before initialize with -32600 Not initialized, and a second initialize with Already initialized", async () => {
    const t = boot();
    t.send({ id: 7, method: "thread/start", params: {} });
    t.send({ id: 8, method: "initialize", params: { clientInfo: { name: "p", version: "1" } } });
    t.send({ id: 9, method: "initialize", params: { clientInfo: { name: "p", version: "1" } } });
    await t.world.run();
    expect(t.out().map((m) => [m.id, m["error"]])).toEqual([
      [7, { code: -32600, message: "Not initialized" }],
      [8, undefined],
      [9, { code: -32600, message: "Already initialized" }],
    ]);
  });

  it("answers an unknown method with -32600 unknown variant, not -32601", async () => {
    const t = boot();
    await ready(t);
    t.send({ id: 5, method: "no/such", params: {} });
    await t.world.run();
    const error = t.out().find((m) => m.id === 5)?.["error"] as { code: number; message: string };
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(/^Invalid request: unknown variant `no\/such`, expected one of `initialize`, `thread\/start`/);
  });

  it("answers thread/start first, then sends thread/started with a UUIDv7-looking id and emittedAtMs", async () => {
    const t = boot();
    const threadId = await ready(t);
    expect(t.shape()).toEqual(["#0", "#1", "thread/started"]);
    expect(threadId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const started = t.out()[2];
    expect(started?.["emittedAtMs"]).toBe(t.world.clock.nowMs());
    expect((started?.params?.["thread"] as { id: string }).id).toBe(threadId);
  });
});

describe("fake app-server: thread errors", () => {
  it("answers unknown threads, malformed ids, a missing input and an unknown rollout with the real -32600 messages", async () => {
    const t = boot();
    const threadId = await ready(t);
    const unknown = "01a233f3-37ad-7a73-aeae-5168e41cb904";
    t.send({ id: 2, method: "turn/start", params: { threadId: "nope", input: [] } });
    t.send({ id: 3, method: "turn/start", params: { threadId } });
    t.send({ id: 4, method: "thread/resume", params: { threadId: "gone" } });
    t.send({ id: 5, method: "thread/resume", params: { threadId } });
    t.send({ id: 6, method: "turn/start", params: { threadId: unknown, input: [] } });
    t.send({ id: 7, method: "thread/resume", params: { threadId: unknown } });
    await t.world.run();
    const byId = (id: number) => t.out().find((m) => m.id === id);
    const badChar = (c: string) => `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${c}\` at 1`;
    expect(byId(2)?.["error"]).toEqual({ code: -32600, message: `invalid thread id: ${badChar("n")}` });
    expect(byId(3)?.["error"]).toEqual({ code: -32600, message: "Invalid request: missing field `input`" });
    expect(byId(4)?.["error"]).toEqual({ code: -32600, message: `invalid session id: ${badChar("g")}` });
    expect((byId(5)?.result?.["thread"] as { id: string }).id).toBe(threadId);
    expect(byId(6)?.["error"]).toEqual({ code: -32600, message: `thread not found: ${unknown}` });
    expect(byId(7)?.["error"]).toEqual({ code: -32600, message: `no rollout found for thread id ${unknown}` });
  });
});

describe("fake app-server: turns", () => {
  it("sends the full 0.169.0 notification order for a successful turn, with phase and summary items", async () => {
    const t = boot({ model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["Hello ", "world"] }] }] } });
    const threadId = await ready(t);
    const before = t.out().length;
    startTurn(t, threadId);
    await t.world.run();
    const turn = t.out().slice(before);
    expect(turn.map((m) => m.method ?? `#${String(m.id)}`)).toEqual(TURN_ORDER);
    expect(turn[0]?.result?.["turn"]).toMatchObject({ status: "inProgress", itemsView: "notLoaded", items: [] });
    expect(turn[1]?.params?.["status"]).toEqual({ type: "active", activeFlags: [] });
    expect((turn[3]?.params?.["item"] as { type: string }).type).toBe("userMessage");
    // 0.169.0 only learns the phase from output_item.done: item/started says null.
    expect(turn[5]?.params?.["item"]).toMatchObject({ type: "agentMessage", text: "", phase: null });
    expect(turn[8]?.params?.["item"]).toMatchObject({ type: "agentMessage", text: "Hello world", phase: "final_answer" });
    expect(turn[11]?.params?.["status"]).toEqual({ type: "idle" });
    const completed = turn[12]?.params?.["turn"] as Record<string, unknown>;
    expect(completed).toMatchObject({ status: "completed", itemsView: "summary", error: null, items: [{ type: "agentMessage", text: "Hello world" }] });
    expect(turn.filter((m) => m.method !== undefined).every((m) => typeof m["emittedAtMs"] === "number")).toBe(true);
  });

  it("gives an absent phase as null", async () => {
    const t = boot({ model: { turns: [{ output: [{ type: "message", deltas: ["x"] }] }] } });
    startTurn(t, await ready(t));
    await t.world.run();
    const done = t.out().filter((m) => m.method === "item/completed").at(-1);
    expect(done?.params?.["item"]).toMatchObject({ type: "agentMessage", phase: null });
  });

  it("silences the methods the client opted out of", async () => {
    const t = boot();
    t.send({ id: 0, method: "initialize", params: { clientInfo: { name: "p", version: "1" }, capabilities: { optOutNotificationMethods: ["item/agentMessage/delta"] } } });
    t.send({ id: 1, method: "thread/start", params: {} });
    await t.world.run();
    startTurn(t, String((t.out()[1]?.result?.["thread"] as { id: string }).id));
    await t.world.run();
    expect(t.shape()).not.toContain("item/agentMessage/delta");
    expect(t.shape()).toContain("turn/completed");
  });

  it("interrupts a streaming turn: rate limits, {}, idle, turn/completed interrupted with no items; the agentMessage never completes", async () => {
    const t = boot({ model: { turns: [{ output: [{ type: "message", deltas: ["a", "b", "c"] }], eventDelayMs: 100 }] } });
    const threadId = await ready(t);
    startTurn(t, threadId);
    await t.world.run({ maxVirtualMs: 250 });
    const turnId = String((t.out().find((m) => m.id === 2)?.result?.["turn"] as { id: string }).id);
    const before = t.out().length;
    t.send({ id: 3, method: "turn/interrupt", params: { threadId, turnId } });
    await t.world.run();
    const after = t.out().slice(before);
    expect(after.map((m) => m.method ?? `#${String(m.id)}`)).toEqual(["account/rateLimits/updated", "#3", "thread/status/changed", "turn/completed"]);
    expect(after[1]?.result).toEqual({});
    expect(after[2]?.params?.["status"]).toEqual({ type: "idle" });
    expect(after[3]?.params?.["turn"]).toMatchObject({ status: "interrupted", error: null, items: [], itemsView: "notLoaded" });
    const agentDone = t.out().filter((m) => m.method === "item/completed" && (m.params?.["item"] as { type: string }).type === "agentMessage");
    expect(agentDone).toHaveLength(0);
  });
});

describe("fake app-server: model faults", () => {
  it("fails a turn on a model 401 the way 0.169.0 does: systemError, error willRetry:false, turn/completed failed", async () => {
    const t = boot({ model: { turns: [{ http: { status: 401, message: "Incorrect API key provided." } }] } });
    const threadId = await ready(t);
    const before = t.out().length;
    startTurn(t, threadId);
    await t.world.run();
    const tail = t.out().slice(before + 5);
    expect(tail.map((m) => m.method)).toEqual(["thread/status/changed", "error", "turn/completed"]);
    expect(tail[0]?.params?.["status"]).toEqual({ type: "systemError" });
    expect(tail[1]?.params).toMatchObject({
      willRetry: false,
      error: {
        message: "unexpected status 401 Unauthorized: Incorrect API key provided., url: http://127.0.0.1:8787/v1/responses",
        codexErrorInfo: { httpConnectionFailed: { httpStatusCode: 401 } },
        additionalDetails: null,
      },
    });
    expect(tail[2]?.params?.["turn"]).toMatchObject({ status: "failed", error: tail[1]?.params?.["error"], items: [], itemsView: "notLoaded" });
  });

  it("sends Reconnecting... n/N errors with willRetry:true on the backoff schedule before the final 401", async () => {
    const t = boot({ provider: { streamMaxRetries: 2, retryBackoffMs: [200, 400] }, model: { turns: [{ http: { status: 401 } }] } });
    startTurn(t, await ready(t));
    const startMs = t.world.elapsedMs();
    await t.world.run();
    const errors = t.out().filter((m) => m.method === "error");
    expect(errors.map((m) => [(m.params?.["error"] as { message: string }).message.slice(0, 18), m.params?.["willRetry"]])).toEqual([
      ["Reconnecting... 1/", true],
      ["Reconnecting... 2/", true],
      ["unexpected status ", false],
    ]);
    expect(errors[0]?.params?.["error"]).toMatchObject({ codexErrorInfo: { responseStreamDisconnected: { httpStatusCode: 401 } } });
    expect(Number(errors[1]?.["emittedAtMs"]) - Number(errors[0]?.["emittedAtMs"])).toBe(200);
    expect(t.world.elapsedMs() - startMs).toBe(600);
  });

  it("reports a failed ChatGPT token refresh as codexErrorInfo unauthorized", async () => {
    const t = boot({ auth: "chatgpt", model: { turns: [{ http: { status: 401 } }] } });
    startTurn(t, await ready(t));
    await t.world.run();
    const error = t.out().find((m) => m.method === "error");
    expect(error?.params).toMatchObject({ willRetry: false, error: { codexErrorInfo: "unauthorized" } });
    expect(t.out().at(-1)?.params?.["turn"]).toMatchObject({ status: "failed" });
  });

  it("ends a stalled stream with the idle-timeout error and leaves the started agentMessage uncompleted", async () => {
    const t = boot({
      provider: { streamIdleTimeoutMs: 1500 },
      model: { turns: [{ output: [{ type: "message", deltas: ["par"], done: false }], end: "stall" }] },
    });
    startTurn(t, await ready(t));
    await t.world.run();
    const error = t.out().find((m) => m.method === "error");
    expect(error?.params).toMatchObject({
      willRetry: false,
      error: { message: "stream disconnected before completion: idle timeout waiting for SSE", codexErrorInfo: "other" },
    });
    expect(t.world.elapsedMs()).toBe(1500);
    expect(t.shape().slice(-4)).toEqual(["account/rateLimits/updated", "thread/status/changed", "error", "turn/completed"]);
    expect(t.out().at(-3)?.params?.["status"]).toEqual({ type: "systemError" });
    expect(t.out().filter((m) => m.method === "item/completed")).toHaveLength(1); // the userMessage only
  });

  it("hangs a stalled turn forever when the idle timeout is disabled", async () => {
    const t = boot({ provider: { streamIdleTimeoutMs: null }, model: { turns: [{ output: [], end: "stall" }] } });
    startTurn(t, await ready(t));
    await t.world.run();
    expect(t.shape()).not.toContain("turn/completed");
    expect(t.shape()).not.toContain("error");
  });
});

describe("fake app-server: approvals", () => {
  const execTurn: FakeCodexScript = {
    model: { turns: [[{ output: [{ type: "exec_command", cmd: "touch x", callId: "call_1" }] }, { output: [{ type: "message", phase: "final_answer", deltas: ["ok"] }] }]] },
  };

  it("asks with server-request id 0; a JSON-RPC error reply resolves it, fails the item and the turn completes", async () => {
    const t = boot(execTurn);
    startTurn(t, await ready(t, { approvalPolicy: "untrusted" }));
    await t.world.run();
    const request = t.out().find((m) => m.method === "item/commandExecution/requestApproval");
    expect(request).toMatchObject({ id: 0, params: { itemId: "call_1", kind: "command" } });
    expect(t.shape().slice(-3)).toEqual(["thread/status/changed", "item/started", "item/commandExecution/requestApproval"]);
    expect(t.out().at(-3)?.params?.["status"]).toEqual({ type: "active", activeFlags: ["waitingOnApproval"] });
    t.send({ id: 0, error: { code: -32601, message: "Unsupported server request: item/commandExecution/requestApproval" } });
    await t.world.run();
    const resolved = t.out().find((m) => m.method === "serverRequest/resolved");
    expect(resolved?.params).toMatchObject({ requestId: 0 });
    const commandDone = t.out().find((m) => m.method === "item/completed" && (m.params?.["item"] as { type: string }).type === "commandExecution");
    expect(commandDone?.params?.["item"]).toMatchObject({ id: "call_1", status: "failed" });
    expect(t.out().at(-1)?.params?.["turn"]).toMatchObject({ status: "completed", items: [{ text: "ok" }] });
  });

  it("marks a declined command declined and ignores a reply to an id it never issued", async () => {
    const t = boot(execTurn);
    startTurn(t, await ready(t, { approvalPolicy: "untrusted" }));
    await t.world.run();
    t.send({ id: 99, result: { decision: "accept" } });
    t.send({ id: 0, result: { decision: "decline" } });
    await t.world.run();
    const items = t.out().filter((m) => m.method === "item/completed").map((m) => m.params?.["item"] as { type: string; status?: string });
    expect(items.map((i) => [i.type, i.status])).toEqual([
      ["userMessage", undefined],
      ["commandExecution", "declined"],
      ["agentMessage", undefined],
    ]);
  });

  it("runs the command without asking under approvalPolicy never", async () => {
    const t = boot(execTurn);
    startTurn(t, await ready(t, { approvalPolicy: "never" }));
    await t.world.run();
    expect(t.shape()).not.toContain("item/commandExecution/requestApproval");
    expect(t.out().at(-1)?.params?.["turn"]).toMatchObject({ status: "completed" });
  });
});

describe("fake app-server: end of life", () => {
  it("exits 0 on stdin EOF mid-turn with no terminal notification", async () => {
    const t = boot({ model: { turns: [{ output: [{ type: "message", deltas: ["a", "b"] }], eventDelayMs: 500 }] } });
    startTurn(t, await ready(t));
    await t.world.run({ maxVirtualMs: 100 });
    t.server.handleStdinEnd();
    await t.world.run();
    expect(t.exits).toEqual([{ code: 0, signal: null }]);
    expect(t.shape()).not.toContain("turn/completed");
    expect(t.shape()).not.toContain("error");
  });

  it("exits 0 on SIGTERM and is killed by any other signal", () => {
    const a = boot();
    a.server.handleSignal("SIGTERM");
    const b = boot();
    b.server.handleSignal("SIGSEGV");
    expect(a.exits).toEqual([{ code: 0, signal: null }]);
    expect(b.exits).toEqual([{ code: null, signal: "SIGSEGV" }]);
  });
});

describe("fake app-server: configRequirements/read", () => {
  it("writes absent requirements as an explicit null, as the real server does (OpenClaw 2026.9 requires the key)", async () => {
    const t = boot();
    t.send({ id: 1, method: "initialize", params: { clientInfo: { name: "p", version: "1" } } });
    t.send({ id: 2, method: "configRequirements/read" });
    await t.world.run();
    const reply = t.out().find((m) => m.id === 2);
    expect(reply?.result).toMatchObject({ requirements: null });
    expect(Object.keys(reply?.result as object)).toContain("requirements");
  });
});
