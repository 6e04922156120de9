import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { API_KEY_401_BODY } from "./model-script.ts";
import { startModelServer, type ModelServer } from "./model-server.ts";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (s: ModelServer, body = "{}", signal?: AbortSignal): Promise<Response> =>
  fetch(`${s.baseUrl}/responses`, { method: "POST", body, headers: { authorization: "Bearer sk-test" }, ...(signal ? { signal } : {}) });

function eventTypes(sse: string): string[] {
  return sse.split("\n").flatMap((line) => (line.startsWith("event: ") ? [line.slice(7)] : []));
}

describe("startModelServer", () => {
  it("streams the minimal SSE sequence for a message, with the phase on the done item", async () => {
    server = await startModelServer({ script: { rules: [{ reply: { kind: "message", deltas: ["Hel", "lo"], phase: "final_answer" } }] } });
    const res = await post(server);
    const text = await res.text();
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(eventTypes(text)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(text).toContain('"phase":"final_answer"');
    expect(text).toContain('"text":"Hello"');
  });

  it("answers an http-error rule with its status and JSON body", async () => {
    server = await startModelServer({ script: { rules: [{ reply: { kind: "http-error", status: 401, body: API_KEY_401_BODY } }] } });
    const res = await post(server);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(API_KEY_401_BODY);
  });

  it("holds a stalled stream open after its deltas", async () => {
    server = await startModelServer({ script: { rules: [{ reply: { kind: "stall", deltas: ["Work"] } }] } });
    const abort = new AbortController();
    const res = await post(server, "{}", abort.signal);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let seen = "";
    while (!seen.includes("response.output_text.delta")) seen += new TextDecoder().decode((await reader.read()).value);
    // No further byte comes on its own: closing the server is what ends the read, without data.
    const next = reader.read().then((r) => (r.done ? "done" : "data"), () => "error");
    await server.close();
    expect(await next).not.toBe("data");
  });

  it("fails unhandled requests loudly and logs only a hash of the Authorization header", async () => {
    server = await startModelServer({ script: { rules: [{ reply: { kind: "message", deltas: ["x"] } }] } });
    const res = await fetch(`${server.baseUrl}/models`, { headers: { authorization: "Bearer sk-test" } });
    expect(res.status).toBe(501);
    expect(await res.text()).toContain("unhandled GET /v1/models");
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: "GET", path: "/v1/models", reply: "unhandled" });
    expect(server.requests[0]?.authSha256).toBe(createHash("sha256").update("Bearer sk-test").digest("hex"));
    expect(JSON.stringify(server.requests)).not.toContain("sk-test");
  });
});
