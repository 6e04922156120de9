import { describe, expect, it } from "vitest";
import { WS_CLOSED, WS_CLOSING, WS_CONNECTING, WS_OPEN, type WebSocketLike } from "../runtime/websocket.ts";
import { createWebSocketTransport } from "./websocket-transport.ts";

/** A hand-driven WHATWG-shaped socket: the test fires its events and reads what was sent and closed. */
class HandSocket implements WebSocketLike {
  readyState = WS_CONNECTING;
  readonly sent: string[] = [];
  readonly closes: Array<[number | undefined, string | undefined]> = [];
  private readonly listeners = new Map<string, Array<(event: never) => void>>();

  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(data: string): void {
    if (this.readyState !== WS_OPEN) throw new Error("send on a socket that is not open");
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closes.push([code, reason]);
    this.readyState = WS_CLOSED;
  }
  fire(type: "open" | "message" | "close" | "error", event?: unknown): void {
    if (type === "open") this.readyState = WS_OPEN;
    if (type === "close") this.readyState = WS_CLOSED;
    for (const listener of this.listeners.get(type) ?? []) (listener as (e: unknown) => void)(event);
  }
}

function setup(headers?: Record<string, string>) {
  const socket = new HandSocket();
  const calls: Array<[string, Readonly<Record<string, string>>]> = [];
  const transport = createWebSocketTransport({
    factory: (url, h) => {
      calls.push([url, h]);
      return socket;
    },
    url: "ws://127.0.0.1:4500/exec",
    ...(headers === undefined ? {} : { headers }),
  });
  const messages: string[] = [];
  transport.onMessage((m) => messages.push(m));
  return { socket, calls, transport, messages };
}

describe("createWebSocketTransport", () => {
  it("connects to the url with the given headers (none by default)", () => {
    expect(setup().calls).toEqual([["ws://127.0.0.1:4500/exec", {}]]);
    expect(setup({ authorization: "Bearer t" }).calls).toEqual([["ws://127.0.0.1:4500/exec", { authorization: "Bearer t" }]]);
  });

  it("buffers frames sent before open and flushes them in order on open, then sends directly", () => {
    const { socket, transport } = setup();
    transport.send("a");
    transport.send("b");
    expect(socket.sent).toEqual([]);
    socket.fire("open");
    expect(socket.sent).toEqual(["a", "b"]);
    transport.send("c");
    expect(socket.sent).toEqual(["a", "b", "c"]);
  });

  it("decodes text, ArrayBuffer and Uint8Array frames, and stringifies anything else", () => {
    const { socket, messages } = setup();
    socket.fire("open");
    socket.fire("message", { data: '{"id":1}' });
    socket.fire("message", { data: new TextEncoder().encode('{"id":2}').buffer });
    socket.fire("message", { data: new TextEncoder().encode('{"id":3}') });
    socket.fire("message", { data: 4 });
    expect(messages).toEqual(['{"id":1}', '{"id":2}', '{"id":3}', "4"]);
  });

  it("closes as peer-closed with the socket's code, reason and cleanliness, and delivers nothing after", async () => {
    const { socket, transport, messages } = setup();
    socket.fire("open");
    socket.fire("close", { code: 1006, reason: "gone", wasClean: false });
    expect(transport.isClosed).toBe(true);
    expect(await transport.closed).toEqual({ kind: "peer-closed", code: 1006, reason: "gone", wasClean: false });
    socket.fire("message", { data: "late" });
    transport.send("dropped");
    transport.close();
    expect({ messages, sent: socket.sent, closes: socket.closes }).toEqual({ messages: [], sent: [], closes: [] });
  });

  it("a refused connection (error, then close 1006) fails the transport instead of hanging", async () => {
    const { socket, transport } = setup();
    transport.send("initialize");
    socket.fire("error", {});
    socket.fire("close", { code: 1006, reason: "", wasClean: false });
    expect(await transport.closed).toEqual({ kind: "peer-closed", code: 1006, reason: "", wasClean: false });
    socket.fire("open");
    expect(socket.sent).toEqual([]);
  });

  it("a local close settles as local, closes the socket 1000 once, and drops what was still buffered", async () => {
    const { socket, transport, messages } = setup();
    transport.send("queued");
    transport.close();
    transport.close();
    expect(await transport.closed).toEqual({ kind: "local" });
    expect(socket.closes).toEqual([[1000, "client closed"]]);
    socket.fire("message", { data: "late" });
    expect(messages).toEqual([]);
    expect(socket.sent).toEqual([]);
  });

  it("says `error` in the close reason after a socket error, and does not close a socket that is already closed", () => {
    const a = setup();
    a.socket.fire("open");
    a.socket.fire("error", {});
    a.transport.close();
    expect(a.socket.closes).toEqual([[1000, "error"]]);

    const b = setup();
    b.socket.readyState = WS_CLOSED;
    b.transport.close();
    expect(b.socket.closes).toEqual([]);
  });

  it("closes a socket that is still closing only once when closed twice (a real socket stays CLOSING until the handshake ends)", () => {
    const { socket, transport } = setup();
    socket.fire("open");
    socket.close = (code?: number, reason?: string) => {
      socket.closes.push([code, reason]);
      socket.readyState = WS_CLOSING;
    };
    transport.close();
    transport.close();
    expect(socket.closes).toEqual([[1000, "client closed"]]);
  });
});
