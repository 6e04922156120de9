/**
 * A websocket host over mock-socket for the deterministic lane, with real close semantics.
 * mock-socket's own timers (its 4 ms `delay()`) must run on virtual time: install
 * `installVirtualTimers` for the run first. Every frame and close the server sends is posted on
 * the connection's world channel, and every frame the client sends on the client's channel, so
 * the scheduler decides the interleavings; per channel order is FIFO.
 * Faults modelled (fixing mock-socket's gaps):
 * - refused connection → client `error`, then close 1006 wasClean=false (mock-socket says 1000 clean);
 * - abnormal close 1006 from the server → client close 1006 wasClean=false;
 * - an `error` without a close event → a close 1006 unclean follows.
 * No global WebSocket is touched (`mock: false`; the WebSocket class is used directly).
 */
import { Server, WebSocket as MockWebSocket, type Client } from "mock-socket";
import { WS_CLOSED, WS_OPEN, type WebSocketLike } from "../../src/runtime/websocket.ts";
import type { FakeWorld } from "../world.ts";
import type { CloseRequest, ServerConnection, WsHost, WsHostHandlers } from "./types.ts";

/** Host names in use: a run's host gets the lowest free number, so URLs are the same on every run. */
const namesInUse = new Set<string>();

function claimUrl(base: string): string {
  let n = 1;
  while (namesInUse.has(`${base}-${n}`)) n++;
  namesInUse.add(`${base}-${n}`);
  return `ws://${base}-${n}.sim/`;
}

export interface MockSocketHost extends WsHost {
  /** mock-socket's `simulate('error')`: every client errors (the adapter then closes it 1006 unclean). */
  simulateError(): void;
}

export function createMockSocketHost(world: FakeWorld, handlers: WsHostHandlers, options: { readonly name?: string } = {}): MockSocketHost {
  const url = claimUrl(options.name ?? "exec-server");
  let attempts = 0;
  let connections = 0;
  let clients = 0;
  const open = new Set<MockConnection>();
  const server = new Server(url, { mock: false, verifyClient: () => quietIfRefused(handlers.accept(++attempts)) });
  server.on("connection", (socket) => {
    const connection = new MockConnection(world, ++connections, socket, () => open.delete(connection));
    open.add(connection);
    handlers.onConnection(connection);
  });
  let stopped = false;
  return {
    url,
    factory: (target) => new MockClientSocket(world, ++clients, target),
    simulateError: () => server.simulate("error"),
    stop() {
      if (!stopped) {
        stopped = true;
        server.stop();
        namesInUse.delete(new URL(url).hostname.replace(/\.sim$/, ""));
      }
      return Promise.resolve();
    },
  };
}

/**
 * mock-socket prints "WebSocket connection … failed" to the console on every refusal unless
 * NODE_ENV is "test"; a scripted refusal is expected, so silence that one synchronous log call.
 */
function quietIfRefused(accepted: boolean): boolean {
  if (accepted) return true;
  const saved = process.env["NODE_ENV"];
  process.env["NODE_ENV"] = "test";
  queueMicrotask(() => {
    if (saved === undefined) delete process.env["NODE_ENV"];
    else process.env["NODE_ENV"] = saved;
  });
  return false;
}

class MockConnection implements ServerConnection {
  private readonly channel: string;
  private closing = false;
  private closed = false;

  constructor(
    private readonly world: FakeWorld,
    readonly connectionId: number,
    private readonly socket: Client,
    onGone: () => void,
  ) {
    this.channel = `ws-conn#${connectionId}:s2c`;
    socket.on("close", () => {
      this.closed = true;
      onGone();
    });
  }

  get isOpen(): boolean {
    return !this.closing && !this.closed;
  }

  send(frame: string): void {
    if (!this.isOpen) return;
    this.world.post(this.channel, "frame → client", () => {
      if (!this.closed) this.socket.send(frame);
    });
  }

  close(request: CloseRequest): void {
    if (!this.isOpen) return;
    this.closing = true;
    // Queued behind frames in flight: the client reads them, then the close.
    this.world.post(this.channel, `close ${request.code} → client`, () => {
      if (!this.closed) (this.socket.close as (options: { code: number; reason: string }) => void)({ code: request.code, reason: request.reason ?? "" });
    });
  }

  onMessage(handler: (frame: string) => void): void {
    (this.socket.on as (type: "message", cb: (data: unknown) => void) => void)("message", (data) => handler(String(data)));
  }

  onClose(handler: (info: { readonly code: number }) => void): void {
    (this.socket.on as (type: "close", cb: (event: { code?: number }) => void) => void)("close", (event) => handler({ code: event.code ?? 1006 }));
  }
}

type Listener = (event: never) => void;
interface InnerMessageEvent {
  readonly data: unknown;
}
interface InnerCloseEvent {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** The client side: a WHATWG-shaped socket over mock-socket's WebSocket with real close semantics. */
class MockClientSocket implements WebSocketLike {
  private readonly inner: MockWebSocket;
  private readonly listeners = new Map<string, Listener[]>();
  private readonly channel: string;
  private opened = false;
  private closeSeen = false;

  constructor(
    private readonly world: FakeWorld,
    clientId: number,
    url: string,
  ) {
    this.channel = `ws-client#${clientId}:c2s`;
    this.inner = new MockWebSocket(url);
    this.inner.addEventListener("open", () => {
      this.opened = true;
      this.dispatch("open", undefined);
    });
    const listen = this.inner.addEventListener.bind(this.inner) as (type: string, listener: (event: unknown) => void) => void;
    listen("message", (event) => this.dispatch("message", { data: (event as InnerMessageEvent).data }));
    listen("error", () => this.onInnerError());
    listen("close", (event) => this.onInnerClose(event as InnerCloseEvent));
  }

  get readyState(): number {
    return this.inner.readyState;
  }

  send(data: string): void {
    if (this.inner.readyState !== WS_OPEN) throw new Error("send on a websocket that is not open");
    this.world.post(this.channel, "frame → server", () => {
      if (this.inner.readyState === WS_OPEN) this.inner.send(data);
    });
  }

  close(code?: number, reason?: string): void {
    if (this.inner.readyState === WS_CLOSED) return;
    this.world.post(this.channel, "close → server", () => this.inner.close(code, reason));
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  private onInnerError(): void {
    this.dispatch("error", {});
    // mock-socket's simulate('error') closes the socket without a close event; a real socket always sends one.
    this.world.post(this.channel, "close after error", () => {
      if (!this.closeSeen) this.emitClose({ code: 1006, reason: "", wasClean: false });
    });
  }

  private onInnerClose(event: InnerCloseEvent): void {
    // A connection that never opened was refused: real sockets report 1006 unclean, mock-socket says 1000.
    const refused = !this.opened;
    this.emitClose(refused ? { code: 1006, reason: "", wasClean: false } : { code: event.code, reason: event.reason, wasClean: event.wasClean });
  }

  private emitClose(event: { code: number; reason: string; wasClean: boolean }): void {
    if (this.closeSeen) return;
    this.closeSeen = true;
    this.dispatch("close", event);
  }

  private dispatch(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (e: unknown) => void)(event);
  }
}
