import { describe, expect, it } from "vitest";
import type { ModelEvent } from "../app-server/model.ts";
import type { FakeCodexScript, ModelScript } from "../app-server/script.ts";
import { bootServer, createTestWorld, ready, startTurn, type TestWorld } from "../app-server/testkit.ts";
import { createModelApiHandlers } from "./handlers.ts";
import { createMswModelPort } from "./port.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function collect(world: TestWorld, stream: AsyncIterable<ModelEvent>, maxVirtualMs?: number): Promise<{ events: ModelEvent[]; ended: boolean }> {
  const events: ModelEvent[] = [];
  let ended = false;
  const done = (async () => {
    for await (const event of stream) events.push(event);
    ended = true;
  })();
  await world.run(maxVirtualMs === undefined ? {} : { maxVirtualMs });
  if (ended) await done;
  return { events, ended };
}

function port(script: ModelScript) {
  const world = createTestWorld({ drain });
  const api = createModelApiHandlers({ world, script });
  return { world, api, port: createMswModelPort({ world, handlers: api.handlers, apiKey: "sk-test-secret" }) };
}

const request = { threadId: "th", turnId: "tu-1", call: 0, input: "hi", model: "gpt-5.4" };

describe("fake model API (msw, in-process)", () => {
  it("streams a message as Responses SSE and parses back to the same events, phase included", async () => {
    const p = port({ turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["Hel", "lo"] }], usage: { inputTokens: 5, outputTokens: 2 } }] });
    const { events, ended } = await collect(p.world, p.port.respond(request));
    expect(ended).toBe(true);
    expect(events.map((e) => e.type)).toEqual(["created", "item.added", "text.delta", "text.delta", "item.done", "completed"]);
    expect(events[4]).toMatchObject({ item: { type: "message", text: "Hello", phase: "final_answer" } });
    expect(events[5]).toEqual({ type: "completed", usage: { inputTokens: 5, outputTokens: 2 } });
    expect(p.api.requests).toEqual([{ turn: 0, call: 0, model: "gpt-5.4", status: 200, authorized: true }]);
    expect(JSON.stringify(p.world.events)).not.toContain("sk-test-secret");
  });

  it("answers 401 with the OpenAI JSON error body", async () => {
    const p = port({ turns: [{ http: { status: 401, message: "Incorrect API key provided." } }] });
    const { events } = await collect(p.world, p.port.respond(request));
    expect(events).toEqual([
      { type: "http-error", status: 401, body: { error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } } },
    ]);
  });

  it("stalls on virtual time: events before the stall arrive, then the stream never ends", async () => {
    const p = port({ turns: [{ output: [{ type: "message", deltas: ["a"], done: false }], end: "stall", eventDelayMs: 50 }] });
    const { events, ended } = await collect(p.world, p.port.respond(request), 10_000);
    expect(events.map((e) => e.type)).toEqual(["created", "item.added", "text.delta"]);
    expect(ended).toBe(false);
    expect(p.world.elapsedMs()).toBe(100);
  });

  it("cuts a stream before response.completed", async () => {
    const p = port({ turns: [{ output: [{ type: "message", deltas: ["a"] }], end: "cut" }] });
    const { events, ended } = await collect(p.world, p.port.respond(request));
    expect(ended).toBe(true);
    expect(events.map((e) => e.type)).not.toContain("completed");
  });

  it("counts retries and tool follow-ups of one turn as calls of that turn", async () => {
    const p = port({ turns: [[{ http: { status: 500 } }, { output: [] }], { output: [] }] });
    await collect(p.world, p.port.respond(request));
    await collect(p.world, p.port.respond({ ...request, call: 1 }));
    await collect(p.world, p.port.respond({ ...request, turnId: "tu-2" }));
    expect(p.api.requests.map((r) => [r.turn, r.call, r.status])).toEqual([
      [0, 0, 500],
      [0, 1, 200],
      [1, 0, 200],
    ]);
  });

  it("fails an unhandled request loudly with 501, naming method and URL", async () => {
    const world = createTestWorld({ drain });
    const { events } = await collect(world, createMswModelPort({ world, handlers: [] }).respond(request));
    expect(events[0]).toMatchObject({ type: "http-error", status: 501, body: { error: { message: "fake model API: no handler for POST http://fake-model.local/v1/responses" } } });
    expect(world.events).toContainEqual({ kind: "modelapi.unhandled", method: "POST", url: "http://fake-model.local/v1/responses" });
  });
});

describe("the fake app-server driven through the msw model API", () => {
  async function turnVia(script: FakeCodexScript) {
    const world = createTestWorld({ drain });
    const api = createModelApiHandlers({ world, ...(script.model ? { script: script.model } : {}) });
    const t = bootServer({ world, script, model: createMswModelPort({ world, handlers: api.handlers }) });
    startTurn(t, await ready(t));
    await t.world.run();
    return t;
  }

  it("gives the same notification order as the in-process scripted model", async () => {
    const script: FakeCodexScript = { model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["a", "b"] }] }] } };
    const viaMsw = await turnVia(script);
    const direct = bootServer({ world: createTestWorld({ drain }), script });
    startTurn(direct, await ready(direct));
    await direct.world.run();
    expect(viaMsw.shape()).toEqual(direct.shape());
    expect(viaMsw.out().at(-1)?.params?.["turn"]).toMatchObject({ status: "completed", items: [{ text: "ab", phase: "final_answer" }] });
  });

  it("turns a model 401 with two retries into Reconnecting 1/2, 2/2, then the final httpConnectionFailed error", async () => {
    const t = await turnVia({ provider: { streamMaxRetries: 2 }, model: { turns: [{ http: { status: 401 } }] } });
    const errors = t.out().filter((m) => m.method === "error").map((m) => m.params?.["error"] as { message: string; codexErrorInfo: unknown });
    expect(errors.map((e) => e.message.split(":")[0])).toEqual(["Reconnecting... 1/2", "Reconnecting... 2/2", "unexpected status 401 Unauthorized"]);
    expect(errors[2]?.codexErrorInfo).toEqual({ httpConnectionFailed: { httpStatusCode: 401 } });
  });

  it("reports an SSE stall as the idle-timeout error after the configured virtual time", async () => {
    const t = await turnVia({ provider: { streamIdleTimeoutMs: 1500 }, model: { turns: [{ output: [{ type: "message", deltas: ["a"], done: false }], end: "stall" }] } });
    expect(t.out().find((m) => m.method === "error")?.params).toMatchObject({ error: { codexErrorInfo: "other" }, willRetry: false });
    expect(t.world.elapsedMs()).toBe(1500);
  });
});
