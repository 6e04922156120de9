/**
 * Transport over the WebSocketFactory port (WHATWG shape): one message per text frame. Frames sent
 * before `open` are buffered and flushed on open. A close event closes the transport with
 * `peer-closed` and the socket's code/reason/wasClean; a refused connection (error, then close
 * 1006) closes it the same way, so a connect attempt fails instead of hanging.
 */
import { WS_CLOSED, WS_OPEN, type WebSocketFactory } from "../runtime/websocket.ts";
import type { Transport, TransportClose } from "../runtime/transport.ts";

export interface WebSocketTransportOptions {
  readonly factory: WebSocketFactory;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function createWebSocketTransport(options: WebSocketTransportOptions): Transport {
  const socket = options.factory(options.url, options.headers ?? {});
  const outbox: string[] = [];
  let handler: (message: string) => void = () => {};
  let isClosed = false;
  let sawError = false;
  let settle!: (close: TransportClose) => void;
  const closed = new Promise<TransportClose>((resolve) => (settle = resolve));

  function finish(close: TransportClose): void {
    if (isClosed) return;
    isClosed = true;
    outbox.length = 0;
    settle(close);
  }

  socket.addEventListener("open", () => {
    if (isClosed) return;
    for (const frame of outbox.splice(0)) socket.send(frame);
  });
  socket.addEventListener("message", (event) => {
    if (!isClosed) handler(decodeFrame(event.data));
  });
  socket.addEventListener("close", (event) => {
    finish({ kind: "peer-closed", code: event.code, reason: event.reason, wasClean: event.wasClean });
  });
  // WHATWG sockets always follow an error with a close event, which carries the code; the close is authoritative.
  socket.addEventListener("error", () => {
    sawError = true;
  });

  return {
    send(message) {
      if (isClosed) return;
      if (socket.readyState === WS_OPEN) socket.send(message);
      else outbox.push(message);
    },
    onMessage(next) {
      handler = next;
    },
    close() {
      if (isClosed) return;
      finish({ kind: "local" });
      if (socket.readyState !== WS_CLOSED) socket.close(1000, sawError ? "error" : "client closed");
    },
    get isClosed() {
      return isClosed;
    },
    closed,
  };
}

const decoder = new TextDecoder();

function decodeFrame(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return decoder.decode(new Uint8Array(data));
  if (data instanceof Uint8Array) return decoder.decode(data);
  return String(data);
}
