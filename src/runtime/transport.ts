/**
 * Transport port: a message duplex. One message = one JSON-RPC line (stdio) or one frame (websocket).
 * Implementations: in-memory pair (fakes/), stdio of a child process (stdio-transport.ts), websocket.
 */
export type TransportClose =
  /** The process behind the transport exited. */
  | { readonly kind: "exit"; readonly code: number | null; readonly signal: string | null; readonly stderrTail?: string }
  /** A stream or socket error (e.g. `write EPIPE`). */
  | { readonly kind: "error"; readonly message: string; readonly code?: string }
  /** The peer closed (socket EOF, websocket close frame). */
  | { readonly kind: "peer-closed"; readonly code?: number; readonly reason?: string; readonly wasClean?: boolean }
  /** We closed it ourselves. */
  | { readonly kind: "local" };

export interface Transport {
  /** Sends one message. After close it is a no-op; failures surface through `closed`. */
  send(message: string): void;
  /** Registers the message handler (one handler; a later call replaces it). */
  onMessage(handler: (message: string) => void): void;
  /** Closes our side. Safe to call twice. */
  close(): void;
  /** True once the transport is closed for any reason. */
  readonly isClosed: boolean;
  /** Settles once, with why the transport closed. Never rejects. */
  readonly closed: Promise<TransportClose>;
}

export function describeTransportClose(close: TransportClose): string {
  switch (close.kind) {
    case "exit":
      return `exited: code=${close.code ?? "null"} signal=${close.signal ?? "null"}`;
    case "error":
      return close.message;
    case "peer-closed":
      return `closed by peer${close.code === undefined ? "" : ` (code ${close.code})`}`;
    case "local":
      return "closed locally";
  }
}
