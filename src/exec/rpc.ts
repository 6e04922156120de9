/**
 * A small JSON-RPC client for the exec-server framing (no `jsonrpc` member, one message per
 * frame). It owns the disconnect latch: the first transport close rejects every pending request
 * and every later call with ExecServerDisconnectedError. Nothing is retried or replayed.
 */
import type { EventSink } from "../runtime/events.ts";
import { noopSink } from "../runtime/events.ts";
import { describeTransportClose, type Transport, type TransportClose } from "../runtime/transport.ts";
import { ExecServerDisconnectedError, ExecServerRpcError } from "./errors.ts";
import type { ExecServerClientNotifications, ExecServerMethod, ExecServerRequests, RpcErrorBody } from "./protocol.ts";

export type NotificationHandler = (method: string, params: unknown) => void;

export interface ExecRpcClient {
  request<M extends ExecServerMethod>(method: M, params: ExecServerRequests[M]["params"]): Promise<ExecServerRequests[M]["result"]>;
  notify<M extends keyof ExecServerClientNotifications>(method: M, params: ExecServerClientNotifications[M]): void;
  onNotification(handler: NotificationHandler): void;
  /** The disconnect latch: set once the transport's close has been observed. */
  readonly disconnected: boolean;
  /** The transport watch: true as soon as the transport itself is closed (may precede the latch). */
  readonly transportClosed: boolean;
  /** Settles with the disconnect error once the latch is set. Never rejects. */
  readonly whenDisconnected: Promise<ExecServerDisconnectedError>;
  close(): void;
}

interface Pending {
  readonly method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export function createExecRpcClient(options: { readonly transport: Transport; readonly emit?: EventSink }): ExecRpcClient {
  const { transport } = options;
  const emit = options.emit ?? noopSink;
  const pending = new Map<number, Pending>();
  const handlers: NotificationHandler[] = [];
  let nextId = 1;
  let latch: ExecServerDisconnectedError | undefined;
  let settleDisconnected!: (error: ExecServerDisconnectedError) => void;
  const whenDisconnected = new Promise<ExecServerDisconnectedError>((resolve) => (settleDisconnected = resolve));

  transport.onMessage((message) => receive(message));
  void transport.closed.then((close) => setLatch(close));

  function setLatch(close: TransportClose): void {
    if (latch !== undefined) return;
    latch = new ExecServerDisconnectedError(describeTransportClose(close));
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.reject(new ExecServerDisconnectedError(latch.detail, { cause: close }));
    }
    settleDisconnected(latch);
  }

  function currentDisconnect(): ExecServerDisconnectedError | undefined {
    if (latch !== undefined) return latch;
    return transport.isClosed ? new ExecServerDisconnectedError("transport closed") : undefined;
  }

  function receive(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      emit({ kind: "exec.rpc.malformed", length: message.length });
      return;
    }
    if (typeof parsed !== "object" || parsed === null) return;
    const msg = parsed as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: RpcErrorBody };
    if (typeof msg.method === "string" && msg.id === undefined) {
      for (const handler of handlers) handler(msg.method, msg.params);
      return;
    }
    if (typeof msg.id !== "number") return;
    const entry = pending.get(msg.id);
    if (entry === undefined) return;
    pending.delete(msg.id);
    if (msg.error !== undefined) entry.reject(new ExecServerRpcError(entry.method, msg.error.code, msg.error.message, msg.error.data));
    else entry.resolve(msg.result);
  }

  return {
    request(method, params) {
      const gone = currentDisconnect();
      if (gone !== undefined) return Promise.reject(gone);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject });
        transport.send(JSON.stringify({ id, method, params }));
      });
    },
    notify(method, params) {
      if (currentDisconnect() === undefined) transport.send(JSON.stringify({ method, params }));
    },
    onNotification(handler) {
      handlers.push(handler);
    },
    get disconnected() {
      return latch !== undefined;
    },
    get transportClosed() {
      return transport.isClosed;
    },
    whenDisconnected,
    close() {
      transport.close();
    },
  };
}
