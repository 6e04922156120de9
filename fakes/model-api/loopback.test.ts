import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelEvent } from "../app-server/model.ts";
import { createProcessWorld } from "../app-server/process-world.ts";
import type { ModelScript } from "../app-server/script.ts";
import { API_KEY_401, API_KEY_401_MESSAGE } from "./api-key-401.ts";
import { createModelApiHandlers } from "./handlers.ts";
import { startModelApiServer, type ModelApiRequestLog, type ModelApiServer } from "./loopback.ts";
import { createHttpModelPort } from "./port.ts";

const servers: ModelApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(script: ModelScript) {
  const world = createProcessWorld({ seed: 1 });
  const api = createModelApiHandlers({ world, script });
  const logs: ModelApiRequestLog[] = [];
  const server = await startModelApiServer({ handlers: api.handlers, onRequest: (log) => logs.push(log) });
  servers.push(server);
  const port = createHttpModelPort({ baseUrl: server.baseUrl, fetch: (r) => fetch(r), apiKey: "sk-test" });
  return { server, api, port, logs };
}

const request = { threadId: "th", turnId: "tu", call: 0, input: "hi", model: "gpt-5.4" };

describe("fake model API on loopback", () => {
  it("streams the scripted SSE response over real HTTP", async () => {
    const { port, api } = await serve({ turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["a", "b"] }] }] });
    const events: ModelEvent[] = [];
    for await (const e of port.respond(request)) events.push(e);
    expect(events.map((e) => e.type)).toEqual(["created", "item.added", "text.delta", "text.delta", "item.done", "completed"]);
    expect(api.requests[0]).toMatchObject({ turn: 0, call: 0, status: 200, authorized: true });
  });

  it("answers 401 with a JSON error body, and unknown paths with 501 naming the path", async () => {
    const { port, server } = await serve({ turns: [{ http: { status: 401 } }] });
    const events: ModelEvent[] = [];
    for await (const e of port.respond(request)) events.push(e);
    expect(events[0]).toMatchObject({ type: "http-error", status: 401, body: { error: { code: "invalid_api_key" } } });
    const other = await fetch(`${server.baseUrl}/models`);
    expect(other.status).toBe(501);
    expect(await other.json()).toMatchObject({ error: { message: "fake model API: no handler for GET /v1/models" } });
  });

  it("keeps a stalled stream open after the events before the stall, until the server drops it", async () => {
    const { port, server } = await serve({ turns: [{ output: [{ type: "message", deltas: ["x"], done: false }], end: "stall" }] });
    const iterator = port.respond(request)[Symbol.asyncIterator]();
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) seen.push(((await iterator.next()).value as ModelEvent).type);
    const fourth = iterator.next().then(
      (r) => (r.done === true ? "ended" : "event"),
      () => "dropped",
    );
    await server.close();
    expect(seen).toEqual(["created", "item.added", "text.delta"]);
    // A stream that had not stalled would have ended cleanly; this one was still open when the server went away.
    expect(await fourth).toBe("dropped");
  });

  it("answers the API-key 401 script with the OpenAI error body, word for word", async () => {
    // Arrange
    const { server } = await serve({ turns: [API_KEY_401] });
    // Act
    const res = await fetch(`${server.baseUrl}/responses`, { method: "POST", body: "{}" });
    // Assert
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { message: API_KEY_401_MESSAGE, type: "invalid_request_error", code: "invalid_api_key" } });
  });

  it("logs every request with its status, body size, peer and a sha256 of the Authorization header, never the header", async () => {
    // Arrange
    const { server, port, logs } = await serve({ turns: [{ output: [{ type: "message", deltas: ["a"] }] }] });
    // Act
    for await (const _ of port.respond(request)) void _;
    await fetch(`${server.baseUrl}/models`);
    // Assert
    const sha = createHash("sha256").update("Bearer sk-test").digest("hex");
    expect(logs).toEqual([
      expect.objectContaining({ method: "POST", path: "/v1/responses", authSha256: sha, bodyBytes: expect.any(Number) as number, status: 200, remoteAddress: "127.0.0.1" }),
      expect.objectContaining({ method: "GET", path: "/v1/models", authSha256: null, bodyBytes: 0, status: 501, remoteAddress: "127.0.0.1" }),
    ]);
    expect(logs[0]?.shape).toMatchObject({ authScheme: "Bearer", contentType: "application/json", accept: "text/event-stream", stream: true, input: ["message:user"] });
    expect(logs[1]?.shape).toMatchObject({ authScheme: null, bodyKeys: null, input: [] });
    expect(logs[0]?.bodyBytes).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain("sk-test");
  });
});
