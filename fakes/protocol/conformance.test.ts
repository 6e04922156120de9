import { describe, expect, it } from "vitest";
import type { FakeCodexScript } from "../app-server/script.ts";
import { bootServer, createTestWorld, type Booted } from "../app-server/testkit.ts";
import { createSimSpawner } from "../process/sim-spawner.ts";
import { fakeCodexProgram } from "../app-server/program.ts";
import { schemaCheckTap, validateServerMessage } from "./validate.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Drives one fake app-server through a story, remembering which method each client id asked. */
function session(script: FakeCodexScript = {}) {
  const t = bootServer({ world: createTestWorld({ drain }), script });
  const methods = new Map<unknown, string>();
  let nextId = 0;
  const request = (method: string, params: unknown = {}): number => {
    const id = nextId++;
    methods.set(id, method);
    t.send({ id, method, params });
    return id;
  };
  return { t, methods, request };
}

function invalid(t: Booted, methods: Map<unknown, string>): string[] {
  return t.out().flatMap((m) => {
    const requestMethod = m.method === undefined ? methods.get(m.id) : undefined;
    const result = validateServerMessage(m, requestMethod === undefined ? {} : { requestMethod });
    return result.ok ? [] : [`${m.method ?? requestMethod ?? "?"}: ${result.errors.join("; ")}`];
  });
}

async function story(script: FakeCodexScript, threadParams: Record<string, unknown> = {}, reply?: unknown) {
  const s = session(script);
  s.request("turn/start", { threadId: "x", input: [] }); // before initialize
  s.request("initialize", { clientInfo: { name: "probe", version: "1" } });
  s.request("initialize", { clientInfo: { name: "probe", version: "1" } });
  s.request("no/such");
  s.request("account/read");
  s.request("config/read");
  s.request("thread/list");
  const threadReq = s.request("thread/start", threadParams);
  await s.t.world.run();
  const threadId = (s.t.out().find((m) => m.id === threadReq)?.result?.["thread"] as { id: string }).id;
  s.request("thread/resume", { threadId });
  s.request("thread/resume", { threadId: "missing" });
  s.request("turn/start", { threadId, input: [{ type: "text", text: "hi", text_elements: [] }] });
  await s.t.world.run();
  if (reply !== undefined) s.t.send(reply);
  await s.t.world.run();
  return s;
}

describe("the fake app-server conforms to the codex 0.169.0 schema", () => {
  it("rejects what the real protocol would not send", () => {
    expect(validateServerMessage({ jsonrpc: "2.0", id: 1, result: {} }).ok).toBe(false);
    expect(validateServerMessage({ method: "turn/completed", params: {} }).ok).toBe(false);
    expect(validateServerMessage({ method: "turn/completed", params: { threadId: "t" }, emittedAtMs: 1 }).ok).toBe(false);
    expect(validateServerMessage({ method: "item/made/up", params: {}, emittedAtMs: 1 }).ok).toBe(false);
    expect(validateServerMessage({ id: 1, result: { thread: {} } }, { requestMethod: "thread/start" }).ok).toBe(false);
  });

  const stories: Array<[string, FakeCodexScript, Record<string, unknown>?, unknown?]> = [
    ["a successful turn", { model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["a"] }, { type: "message", phase: "final_answer", deltas: ["b", "c"] }] }] } }],
    ["a 401 turn with retries", { provider: { streamMaxRetries: 2 }, model: { turns: [{ http: { status: 401 } }] } }],
    ["a ChatGPT refresh failure", { auth: "chatgpt", model: { turns: [{ http: { status: 401 } }] } }],
    ["an idle stall", { provider: { streamIdleTimeoutMs: 1500 }, model: { turns: [{ output: [{ type: "message", deltas: ["x"], done: false }], end: "stall" }] } }],
    ["a cut stream", { model: { turns: [{ output: [{ type: "message", deltas: ["x"] }], end: "cut" }] } }],
    [
      "an approval answered with an error",
      { model: { turns: [[{ output: [{ type: "exec_command", cmd: "ls" }] }, { output: [{ type: "message", deltas: ["ok"] }] }]] } },
      { approvalPolicy: "untrusted" },
      { id: 0, error: { code: -32601, message: "Unsupported server request" } },
    ],
    ["an approval never needed", { auth: "provider", model: { turns: [[{ output: [{ type: "exec_command", cmd: "ls", output: "a\n" }] }, {}]] } }, { approvalPolicy: "never" }],
  ];

  for (const [name, script, threadParams, reply] of stories) {
    it(`sends only schema-valid messages in ${name}`, async () => {
      const s = await story(script, threadParams, reply);
      expect(s.t.out().length).toBeGreaterThan(10);
      expect(invalid(s.t, s.methods)).toEqual([]);
    });
  }

  it("sends schema-valid interrupt results", async () => {
    const s = session({ model: { turns: [{ output: [{ type: "message", deltas: ["a", "b"] }], eventDelayMs: 100 }] } });
    s.request("initialize", { clientInfo: { name: "probe", version: "1" } });
    const threadReq = s.request("thread/start");
    await s.t.world.run();
    const threadId = (s.t.out().find((m) => m.id === threadReq)?.result?.["thread"] as { id: string }).id;
    const turnReq = s.request("turn/start", { threadId, input: [{ type: "text", text: "hi" }] });
    await s.t.world.run({ maxVirtualMs: 150 });
    const turnId = (s.t.out().find((m) => m.id === turnReq)?.result?.["turn"] as { id: string }).id;
    s.request("turn/interrupt", { threadId, turnId });
    await s.t.world.run();
    expect(s.t.shape().at(-1)).toBe("turn/completed");
    expect(invalid(s.t, s.methods)).toEqual([]);
  });
});

describe("schemaCheckTap", () => {
  it("checks every message a spawned fake writes and reports violations as trace events", async () => {
    const world = createTestWorld({ drain });
    const program = fakeCodexProgram({ model: { turns: [{ http: { status: 401 } }] } }, { onSent: schemaCheckTap(world.emit) });
    const child = createSimSpawner(world, { codex: program }).spawn("codex", ["app-server"]);
    let out = "";
    child.onStdout((c) => (out += c));
    child.write(`${JSON.stringify({ id: 0, method: "initialize", params: { clientInfo: { name: "p", version: "1" } } })}\n`);
    child.write(`${JSON.stringify({ id: 1, method: "thread/start", params: {} })}\n`);
    await world.run();
    const threadId = (JSON.parse(out.split("\n")[1] ?? "{}") as { result: { thread: { id: string } } }).result.thread.id;
    child.write(`${JSON.stringify({ id: 2, method: "turn/start", params: { threadId, input: [{ type: "text", text: "x" }] } })}\n`);
    await world.run();
    expect(out).toContain('"status":"failed"');
    expect(world.events.filter((e) => e.kind === "appserver.schema-violation")).toEqual([]);
    const tap = schemaCheckTap(world.emit);
    tap({ method: "turn/completed", params: { threadId }, emittedAtMs: 1 }, {});
    expect(world.events.filter((e) => e.kind === "appserver.schema-violation")).toEqual([
      { kind: "appserver.schema-violation", method: "turn/completed", errors: ["/params must have required property 'turn'"] },
    ]);
  });
});
