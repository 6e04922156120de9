import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import { JsonRpcClosedError, JsonRpcHandlerError, JsonRpcRequestError, JsonRpcResponseError } from "./errors.ts";
import { createJsonRpcPeer } from "./peer.ts";
import { createManualClock, createTestTransport, drainMicrotasks } from "./testing.ts";

interface TestProtocol {
  outRequests: {
    ping: { params: { n: number }; result: { pong: number } };
    slow: { params: undefined; result: Record<string, never> };
  };
  outNotifications: { initialized: undefined };
  inNotifications: { tick: { n: number } };
  inRequests: { "approve/thing": { params: { what: string }; result: { decision: string } } };
}

function setup(options: { defaultRequestTimeoutMs?: number } = {}) {
  const clock = createManualClock();
  const { transport, far } = createTestTransport();
  const events: LifecycleEvent[] = [];
  const peer = createJsonRpcPeer<TestProtocol>({
    transport,
    clock,
    emit: (e) => events.push(e),
    name: "test",
    closedMessage: "test peer is closed",
    ...options,
  });
  return { clock, transport, far, events, peer };
}

describe("JSON-RPC peer", () => {
  it("sends numbered requests without a jsonrpc member and resolves on the matching result", async () => {
    const { far, peer } = setup();
    const first = peer.request("ping", { n: 1 });
    const second = peer.request("ping", { n: 2 });
    const a = await far.next();
    const b = await far.next();
    expect(a).toEqual({ id: 1, method: "ping", params: { n: 1 } });
    expect(b).toEqual({ id: 2, method: "ping", params: { n: 2 } });
    far.send({ id: 2, result: { pong: 2 } });
    far.send({ jsonrpc: "2.0", id: 1, result: { pong: 1 } });
    await expect(first).resolves.toEqual({ pong: 1 });
    await expect(second).resolves.toEqual({ pong: 2 });
  });

  it("ignores responses to unknown ids and string ids it never issued", async () => {
    const { far, peer, events } = setup();
    const pending = peer.request("ping", { n: 1 });
    await far.next();
    far.send({ id: 99, result: {} });
    far.send({ id: "1", result: { pong: -1 } });
    far.send({ id: 1, result: { pong: 1 } });
    await expect(pending).resolves.toEqual({ pong: 1 });
    expect(events.filter((e) => e.kind === "jsonrpc.unknown-response").map((e) => e["id"])).toEqual([99, "1"]);
  });

  it("counts malformed lines, reports them without their content and stays usable", async () => {
    const { far, peer, events } = setup();
    far.sendRaw("{not json sk-secret");
    far.sendRaw("[1,2]");
    far.sendRaw(JSON.stringify({ id: 1 }));
    const pending = peer.request("ping", { n: 3 });
    await far.next();
    far.send({ id: 1, result: { pong: 3 } });
    await expect(pending).resolves.toEqual({ pong: 3 });
    expect(peer.malformedCount).toBe(3);
    const malformed = events.filter((e) => e.kind === "jsonrpc.malformed");
    expect(malformed.map((e) => e["reason"])).toEqual(["invalid JSON", "not a JSON object", "response without result or error"]);
    expect(JSON.stringify(events)).not.toContain("sk-secret");
  });

  it("floors a positive per-request timeout at 100 ms and rejects with '<method> timed out'", async () => {
    const { clock, far, peer } = setup();
    const pending = peer.request("ping", { n: 1 }, { timeoutMs: 5 });
    await far.next();
    clock.advance(99);
    expect(peer.pendingCount).toBe(1);
    clock.advance(1);
    await expect(pending).rejects.toThrow(new JsonRpcRequestError({ method: "ping", reason: "timeout" }).message);
    await expect(pending).rejects.toMatchObject({ message: "ping timed out", reason: "timeout", timeoutMs: 100 });
    expect(peer.pendingCount).toBe(0);
  });

  it("keeps a timeout above the floor and applies no timeout for 0", async () => {
    const { clock, far, peer } = setup({ defaultRequestTimeoutMs: 0 });
    const long = peer.request("ping", { n: 1 }, { timeoutMs: 250 });
    const none = peer.request("slow", undefined);
    await far.next();
    await far.next();
    clock.advance(249);
    expect(peer.pendingCount).toBe(2);
    clock.advance(1);
    await expect(long).rejects.toThrow("ping timed out");
    clock.advance(1_000_000);
    expect(peer.pendingCount).toBe(1);
    far.send({ id: 2, result: {} });
    await expect(none).resolves.toEqual({});
  });

  it("uses the default request timeout when the call passes none", async () => {
    const { clock, peer } = setup({ defaultRequestTimeoutMs: 60_000 });
    const pending = peer.request("slow", undefined);
    clock.advance(60_000);
    await expect(pending).rejects.toThrow("slow timed out");
  });

  it("rejects with '<method> aborted' on abort, and at once for an already-aborted signal", async () => {
    const { far, peer, clock } = setup();
    const controller = new AbortController();
    const pending = peer.request("ping", { n: 1 }, { signal: controller.signal, timeoutMs: 1000 });
    await far.next();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ message: "ping aborted", reason: "aborted" });
    expect(clock.pendingTimers).toEqual([]);
    await expect(peer.request("ping", { n: 2 }, { signal: controller.signal })).rejects.toThrow("ping aborted");
    expect(far.sent).toHaveLength(1);
  });

  it("rejects an error response with the code and data kept", async () => {
    const { far, peer } = setup();
    const pending = peer.request("ping", { n: 1 });
    await far.next();
    far.send({ id: 1, error: { code: -32600, message: "Not initialized", data: { reason: "x" } } });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonRpcResponseError);
    expect(error).toMatchObject({ message: "Not initialized", code: -32600, data: { reason: "x" }, method: "ping" });
  });

  it("rejects every pending request with the close reason when the transport closes, then refuses new ones", async () => {
    const { far, peer } = setup();
    const a = peer.request("ping", { n: 1 });
    const b = peer.request("slow", undefined);
    await far.next();
    far.closeWith({ kind: "error", message: "write EPIPE", code: "EPIPE" });
    await expect(a).rejects.toThrow("write EPIPE");
    await expect(b).rejects.toThrow("write EPIPE");
    expect(peer.isClosed).toBe(true);
    await expect(peer.closed).resolves.toMatchObject({ message: "write EPIPE" });
    const late = await peer.request("ping", { n: 2 }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(JsonRpcClosedError);
    expect(late).toMatchObject({ message: "test peer is closed" });
  });

  it("rejects pending requests with the closed message on a local close, once, and runs close handlers once", async () => {
    const { transport, peer } = setup();
    const closes: string[] = [];
    peer.onClose((e) => closes.push(e.message));
    const pending = peer.request("ping", { n: 1 });
    peer.close();
    peer.close();
    peer.closeWithError(new Error("later"));
    await expect(pending).rejects.toThrow("test peer is closed");
    expect(closes).toEqual(["test peer is closed"]);
    expect(transport.isClosed).toBe(true);
  });

  it("answers a server request with no handler with -32601 'Unsupported server request: <method>'", async () => {
    const { far } = setup();
    far.send({ id: 0, method: "item/tool/requestUserInput", params: {} });
    expect(await far.next()).toEqual({ id: 0, error: { code: -32601, message: "Unsupported server request: item/tool/requestUserInput" } });
  });

  it("answers a server request through its handler, echoing string and number ids", async () => {
    const { far, peer } = setup();
    peer.onRequest("approve/thing", async (params, context) => ({ decision: `${params.what}:${String(context.id)}` }));
    far.send({ id: 0, method: "approve/thing", params: { what: "a" } });
    expect(await far.next()).toEqual({ id: 0, result: { decision: "a:0" } });
    far.send({ id: "s-1", method: "approve/thing", params: { what: "b" } });
    expect(await far.next()).toEqual({ id: "s-1", result: { decision: "b:s-1" } });
  });

  it("turns a throwing handler into a JSON-RPC error answer", async () => {
    const { far, peer } = setup();
    peer.onRequest("approve/thing", () => {
      throw new JsonRpcHandlerError(-32602, "bad what", { field: "what" });
    });
    far.send({ id: 3, method: "approve/thing", params: { what: "a" } });
    expect(await far.next()).toEqual({ id: 3, error: { code: -32602, message: "bad what", data: { field: "what" } } });
  });

  it("delivers notifications to method handlers and catch-all handlers with the envelope", async () => {
    const { far, peer, events } = setup();
    const seen: string[] = [];
    const off = peer.onNotification("tick", (params, envelope) => seen.push(`tick ${params.n} @${envelope.emittedAtMs}`));
    peer.onNotification("tick", () => {
      throw new Error("handler bug");
    });
    peer.onAnyNotification((method) => seen.push(`any ${method}`));
    far.send({ method: "tick", params: { n: 1 }, emittedAtMs: 42 });
    await drainMicrotasks();
    off();
    far.send({ method: "tick", params: { n: 2 } });
    await drainMicrotasks();
    expect(seen).toEqual(["tick 1 @42", "any tick", "any tick"]);
    expect(events.filter((e) => e.kind === "jsonrpc.handler-error")).toHaveLength(2);
  });

  it("sends notifications without an id and omits absent params", async () => {
    const { far, peer } = setup();
    peer.notify("initialized", undefined);
    expect(await far.next()).toEqual({ method: "initialized" });
  });
});
