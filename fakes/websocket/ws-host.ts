/**
 * A websocket host over the `ws` package on 127.0.0.1 (an ephemeral port), for the process lane.
 * Frames and closes the server sends go through the world's `post` (FIFO per connection).
 * Faults modelled:
 * - refused connection → the upgrade is answered 503, the client sees error, then close 1006 unclean;
 * - abnormal close 1006 → the TCP socket is destroyed without a close frame (`terminate()`);
 * - clean close (1000 or an app code) → a close frame.
 */
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { wsWebSocketFactory } from "../../src/exec/ws-factory.ts";
import type { FakeWorld } from "../world.ts";
import type { CloseRequest, ServerConnection, WsHost, WsHostHandlers } from "./types.ts";

export async function createWsLoopbackHost(world: FakeWorld, handlers: WsHostHandlers): Promise<WsHost> {
  let attempts = 0;
  let connections = 0;
  const server = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    verifyClient: (_info, done) => (handlers.accept(++attempts) ? done(true) : done(false, 503, "refused by fault script")),
  });
  server.on("connection", (socket) => handlers.onConnection(new WsConnection(world, ++connections, socket)));
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `ws://127.0.0.1:${port}/`,
    factory: wsWebSocketFactory,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      });
      return stopping;
    },
  };
}

class WsConnection implements ServerConnection {
  private readonly channel: string;
  private closing = false;

  constructor(
    private readonly world: FakeWorld,
    readonly connectionId: number,
    private readonly socket: WebSocket,
  ) {
    this.channel = `ws-conn#${connectionId}:s2c`;
  }

  get isOpen(): boolean {
    return !this.closing && this.socket.readyState === this.socket.OPEN;
  }

  send(frame: string): void {
    if (!this.isOpen) return;
    this.world.post(this.channel, "frame → client", () => {
      if (this.socket.readyState === this.socket.OPEN) this.socket.send(frame);
    });
  }

  close(request: CloseRequest): void {
    if (!this.isOpen) return;
    this.closing = true;
    this.world.post(this.channel, `close ${request.code} → client`, () => {
      if (request.code === 1006) this.socket.terminate();
      else this.socket.close(request.code, request.reason ?? "");
    });
  }

  onMessage(handler: (frame: string) => void): void {
    this.socket.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) handler(data.toString("utf8"));
    });
  }

  onClose(handler: (info: { readonly code: number }) => void): void {
    this.socket.on("close", (code: number) => handler({ code }));
  }
}
