/**
 * The server side of a fake websocket host, independent of the socket library: the fake
 * exec-server speaks to `ServerConnection`s, and a host (mock-socket in the deterministic lane,
 * `ws` on loopback in the process lane) turns them into real-looking sockets.
 */
import type { WebSocketFactory } from "../../src/runtime/websocket.ts";

export interface CloseRequest {
  /** 1000 = a clean close frame; 1006 = abnormal (no close frame, the client sees wasClean=false). */
  readonly code: number;
  readonly reason?: string;
}

/** One accepted connection, as the server sees it. Frames it sends reach the client in order. */
export interface ServerConnection {
  readonly connectionId: number;
  send(frame: string): void;
  close(request: CloseRequest): void;
  onMessage(handler: (frame: string) => void): void;
  onClose(handler: (info: { readonly code: number }) => void): void;
  readonly isOpen: boolean;
}

export interface WsHostHandlers {
  /** Per connection attempt (1-based): false refuses it, and the client sees error, then close 1006 unclean. */
  accept(attempt: number): boolean;
  onConnection(connection: ServerConnection): void;
}

export interface WsHost {
  readonly url: string;
  /** A client factory whose sockets reach this host. */
  readonly factory: WebSocketFactory;
  /** Closes every connection and stops listening. Safe to call twice. */
  stop(): Promise<void>;
}
