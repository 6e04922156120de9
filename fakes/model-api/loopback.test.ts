import { afterEach, describe, expect, it } from "vitest";
import type { ModelEvent } from "../app-server/model.ts";
import { createProcessWorld } from "../app-server/process-world.ts";
import type { ModelScript } from "../app-server/script.ts";
import { createModelApiHandlers } from "./handlers.ts";
import { startModelApiServer, type ModelApiServer } from "./loopback.ts";
import { createHttpModelPort } from "./port.ts";

const servers: ModelApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(script: ModelScript) {
  const world = createProcessWorld({ seed: 1 });
  const api = createModelApiHandlers({ world, script });
  const server = await startModelApiServer({ handlers: api.handlers });
  servers.push(server);
  const port = createHttpModelPort({ baseUrl: server.baseUrl, fetch: (r) => fetch(r), apiKey: "sk-test" });
  return { server, api, port };
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
});
