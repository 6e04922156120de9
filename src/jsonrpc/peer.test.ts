import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import type { Transport, TransportClose } from "../runtime/transport.ts";
import { JsonRpcClosedError, JsonRpcHandlerError, JsonRpcRequestError, JsonRpcResponseError } from "./errors.ts";
import { createJsonRpcPeer, DEFAULT_CLOSED_MESSAGE } from "./peer.ts";
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

/** A transport that keeps delivering and recording after close (a stdio pipe may still hold buffered lines). */
function leakyTransport(): { transport: Transport; deliver: (line: string) => void; lines: string[] } {
  let handler: (line: string) => void = () => {};
  const lines: string[] = [];
  const transport: Transport = {
    send: (line) => void lines.push(line),
    onMessage: (next) => void (handler = next),
    close: () => {},
    isClosed: false,
    closed: new Promise<TransportClose>(() => {}),
  };
  return { transport, deliver: (line) => handler(line), lines };
}

describe("JSON-RPC peer: defaults, events and close", () => {
  it("defaults to the name 'jsonrpc' and the closed message 'json-rpc peer is closed'", async () => {
    const { transport } = createTestTransport();
    const events: LifecycleEvent[] = [];
    const peer = createJsonRpcPeer<TestProtocol>({ transport, clock: createManualClock(), emit: (e) => events.push(e) });
    peer.close();
    expect(DEFAULT_CLOSED_MESSAGE).toBe("json-rpc peer is closed");
    expect(peer.closeError?.message).toBe("json-rpc peer is closed");
    await expect(peer.request("ping", { n: 1 })).rejects.toThrow("json-rpc peer is closed");
    expect(events).toEqual([{ kind: "jsonrpc.closed", peer: "jsonrpc", message: "json-rpc peer is closed", pendingRejected: 0 }]);
  });

  it("a local close error carries close {kind: 'local'}; a transport close error carries the transport's close", async () => {
    const local = setup();
    local.peer.close();
    expect(local.peer.closeError).toBeInstanceOf(JsonRpcClosedError);
    expect((local.peer.closeError as JsonRpcClosedError).close).toEqual({ kind: "local" });
    const remote = setup();
    remote.far.closeWith({ kind: "exit", code: 1, signal: null });
    const error = await remote.peer.closed;
    expect(error.message).toBe("exited: code=1 signal=null");
    expect((error as JsonRpcClosedError).close).toEqual({ kind: "exit", code: 1, signal: null });
  });

  it("consults closeErrorFor only when the transport closes on its own", async () => {
    const closeErrorFor = vi.fn((close: TransportClose) => new Error(`custom ${close.kind}`));
    const local = createTestTransport();
    const peer = createJsonRpcPeer<TestProtocol>({ transport: local.transport, clock: createManualClock(), closeErrorFor });
    peer.close();
    await drainMicrotasks();
    expect(closeErrorFor).not.toHaveBeenCalled();
    const remote = createTestTransport();
    const other = createJsonRpcPeer<TestProtocol>({ transport: remote.transport, clock: createManualClock(), closeErrorFor });
    remote.far.closeWith({ kind: "peer-closed" });
    await expect(other.closed).resolves.toMatchObject({ message: "custom peer-closed" });
    expect(closeErrorFor).toHaveBeenCalledTimes(1);
  });

  it("the first close wins: one closed event, the first error kept", async () => {
    const { peer, events } = setup();
    peer.closeWithError(new Error("first"));
    peer.closeWithError(new Error("second"));
    peer.close();
    expect(peer.closeError?.message).toBe("first");
    await expect(peer.closed).resolves.toMatchObject({ message: "first" });
    expect(events).toEqual([{ kind: "jsonrpc.closed", peer: "test", message: "first", pendingRejected: 0 }]);
  });

  it("reports a throwing close handler as a handler error of 'close' and still runs the others", () => {
    const { peer, events } = setup();
    const seen: string[] = [];
    peer.onClose(() => {
      throw new Error("close handler bug");
    });
    peer.onClose((e) => seen.push(e.message));
    peer.close();
    expect(seen).toEqual(["test peer is closed"]);
    expect(events.filter((e) => e.kind === "jsonrpc.handler-error")).toEqual([
      { kind: "jsonrpc.handler-error", peer: "test", method: "close", message: "close handler bug" },
    ]);
  });

  it("runs an onClose handler registered after close at once, with the close error", () => {
    const { peer } = setup();
    peer.closeWithError(new Error("gone"));
    const seen: string[] = [];
    const off = peer.onClose((e) => seen.push(e.message));
    expect(seen).toEqual(["gone"]);
    expect(off()).toBeUndefined();
    expect(seen).toEqual(["gone"]);
  });

  it("ignores lines that arrive after close and writes nothing after close", async () => {
    const { transport, deliver, lines } = leakyTransport();
    const events: LifecycleEvent[] = [];
    const peer = createJsonRpcPeer<TestProtocol>({ transport, clock: createManualClock(), emit: (e) => events.push(e), name: "leaky" });
    const seen: unknown[] = [];
    peer.onAnyNotification((method) => seen.push(method));
    peer.close();
    deliver(JSON.stringify({ method: "tick", params: { n: 1 } }));
    deliver("{broken");
    deliver(JSON.stringify({ id: 5, method: "x/y" }));
    peer.notify("initialized", undefined);
    await drainMicrotasks();
    expect(seen).toEqual([]);
    expect(peer.malformedCount).toBe(0);
    expect(lines).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(["jsonrpc.closed"]);
  });

  it("emits request timeout and abort events with the effective timeout (or null)", async () => {
    const { clock, far, peer, events } = setup();
    const timed = peer.request("ping", { n: 1 }, { timeoutMs: 5 });
    expect(clock.pendingTimers).toEqual([{ dueMs: 100, label: "rpc timeout ping" }]);
    clock.advance(100);
    await expect(timed).rejects.toThrow("ping timed out");
    const controller = new AbortController();
    const aborted = peer.request("slow", undefined, { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toThrow("slow aborted");
    expect(events).toEqual([
      { kind: "jsonrpc.request.timeout", peer: "test", method: "ping", id: 1, timeoutMs: 100 },
      { kind: "jsonrpc.request.aborted", peer: "test", method: "slow", id: 2, timeoutMs: null },
    ]);
    expect(far.sent).toEqual([{ id: 1, method: "ping", params: { n: 1 } }, { id: 2, method: "slow" }]);
  });

  it("removes its abort listener once the request settles", async () => {
    const { far, peer } = setup();
    const controller = new AbortController();
    const pending = peer.request("ping", { n: 1 }, { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    await far.next();
    far.send({ id: 1, result: { pong: 1 } });
    await expect(pending).resolves.toEqual({ pong: 1 });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
