/**
 * A JSON-RPC peer over a Transport, in the Codex framing (no `jsonrpc` member on the wire).
 * It owns the pending-request table, per-request timeouts (Clock port) and aborts, the
 * server-request handler registry and notification fan-out. Once closed, every pending request
 * rejects with the close error and new requests reject with `closedMessage`.
 */
import type { Clock } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import { describeTransportClose, type Transport, type TransportClose } from "../runtime/transport.ts";
import { JsonRpcClosedError, JsonRpcRequestError, JsonRpcResponseError } from "./errors.ts";
import { encodeNotification, encodeRequest, parseIncoming } from "./message.ts";
import { createServerRequestDispatcher, type ServerRequestHandler } from "./server-requests.ts";
import {
  REQUEST_TIMEOUT_FLOOR_MS,
  type JsonRpcErrorObject,
  type JsonRpcId,
  type MethodOf,
  type NotificationEnvelope,
  type ParamsOf,
  type RequestOptions,
  type ResultOf,
  type RpcProtocol,
} from "./types.ts";

export interface JsonRpcPeerOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly emit?: EventSink;
  /** Names this peer in events ("codex-client"). */
  readonly name?: string;
  /** Message for requests on a closed peer and for a local close. */
  readonly closedMessage?: string;
  /** The error pending requests reject with when the transport closes on its own. */
  readonly closeErrorFor?: (close: TransportClose) => Error;
  /** The error an error response rejects with (default JsonRpcResponseError). */
  readonly responseErrorFor?: (method: string, error: JsonRpcErrorObject) => Error;
  /** Timeout for requests that do not pass `timeoutMs`; 0 or absent = none. */
  readonly defaultRequestTimeoutMs?: number;
}

export type NotificationHandler<P> = (params: P, envelope: NotificationEnvelope) => void;

export interface JsonRpcPeer<P extends RpcProtocol> {
  request<K extends MethodOf<P["outRequests"]>>(
    method: K,
    params: ParamsOf<P["outRequests"], K>,
    options?: RequestOptions,
  ): Promise<ResultOf<P["outRequests"], K>>;
  notify<K extends MethodOf<P["outNotifications"]>>(method: K, params: P["outNotifications"][K]): void;
  onNotification<K extends MethodOf<P["inNotifications"]>>(
    method: K,
    handler: NotificationHandler<P["inNotifications"][K]>,
  ): () => void;
  onAnyNotification(handler: (method: string, params: unknown, envelope: NotificationEnvelope) => void): () => void;
  onRequest<K extends MethodOf<P["inRequests"]>>(
    method: K,
    handler: ServerRequestHandler<ParamsOf<P["inRequests"], K>, ResultOf<P["inRequests"], K>>,
  ): () => void;
  /** Runs once when the peer closes, with the close error. Returns an unsubscribe. */
  onClose(handler: (error: Error) => void): () => void;
  /** Local close: pending requests reject with `closedMessage`. Idempotent. */
  close(): void;
  /** Closes with a specific error (exit, EPIPE…). The first close wins. */
  closeWithError(error: Error): void;
  readonly isClosed: boolean;
  readonly closeError: Error | undefined;
  /** Resolves with the close error once the peer is closed. Never rejects. */
  readonly closed: Promise<Error>;
  readonly pendingCount: number;
  readonly malformedCount: number;
}

interface Pending {
  readonly method: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  dispose(): void;
}

export const DEFAULT_CLOSED_MESSAGE = "json-rpc peer is closed";

export function effectiveTimeoutMs(timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined || !(timeoutMs > 0)) return undefined;
  return Math.max(REQUEST_TIMEOUT_FLOOR_MS, timeoutMs);
}

export function createJsonRpcPeer<P extends RpcProtocol>(options: JsonRpcPeerOptions): JsonRpcPeer<P> {
  const { transport, clock } = options;
  const name = options.name ?? "jsonrpc";
  const emit: EventSink = options.emit ?? (() => {});
  const closedMessage = options.closedMessage ?? DEFAULT_CLOSED_MESSAGE;
  const pending = new Map<JsonRpcId, Pending>();
  const notificationHandlers = new Map<string, Set<NotificationHandler<unknown>>>();
  const anyHandlers = new Set<(method: string, params: unknown, envelope: NotificationEnvelope) => void>();
  const closeHandlers = new Set<(error: Error) => void>();
  const dispatcher = createServerRequestDispatcher({ transport, emit, peerName: name });
  let nextId = 1;
  let malformedCount = 0;
  let closeError: Error | undefined;
  let settleClosed!: (error: Error) => void;
  const closed = new Promise<Error>((resolve) => (settleClosed = resolve));

  transport.onMessage(handleLine);
  void transport.closed.then((close) => {
    if (closeError !== undefined) return;
    const error = options.closeErrorFor?.(close) ?? new JsonRpcClosedError(describeTransportClose(close), { close });
    markClosed(error);
  });

  function handleLine(line: string): void {
    if (closeError !== undefined) return;
    const msg = parseIncoming(line);
    switch (msg.type) {
      case "malformed":
        malformedCount += 1;
        emit({ kind: "jsonrpc.malformed", peer: name, reason: msg.reason, count: malformedCount, lineChars: line.length });
        return;
      case "request":
        dispatcher.dispatch(msg.id, msg.method, msg.params);
        return;
      case "notification":
        deliverNotification(msg.method, msg.params, msg.emittedAtMs);
        return;
      case "result":
      case "error":
        settleResponse(msg);
        return;
    }
  }

  function deliverNotification(method: string, params: unknown, emittedAtMs: number | undefined): void {
    const envelope: NotificationEnvelope = emittedAtMs === undefined ? { method } : { method, emittedAtMs };
    for (const handler of [...(notificationHandlers.get(method) ?? [])]) guard(method, () => handler(params, envelope));
    for (const handler of [...anyHandlers]) guard(method, () => handler(method, params, envelope));
  }

  /** A throwing handler is reported, never allowed to break dispatch for the others. */
  function guard(method: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      emit({ kind: "jsonrpc.handler-error", peer: name, method, message: error instanceof Error ? error.message : String(error) });
    }
  }

  function settleResponse(msg: { type: "result"; id: JsonRpcId; result: unknown } | { type: "error"; id: JsonRpcId; error: JsonRpcErrorObject }): void {
    const entry = pending.get(msg.id);
    if (entry === undefined) {
      emit({ kind: "jsonrpc.unknown-response", peer: name, id: msg.id });
      return;
    }
    pending.delete(msg.id);
    entry.dispose();
    if (msg.type === "result") entry.resolve(msg.result);
    else entry.reject(options.responseErrorFor?.(entry.method, msg.error) ?? new JsonRpcResponseError(entry.method, msg.error));
  }

  function request(method: string, params: unknown, requestOptions: RequestOptions = {}): Promise<unknown> {
    if (closeError !== undefined) return Promise.reject(new JsonRpcClosedError(closedMessage));
    const { signal } = requestOptions;
    if (signal?.aborted === true) return Promise.reject(new JsonRpcRequestError({ method, reason: "aborted", cause: signal.reason }));
    const timeoutMs = effectiveTimeoutMs(requestOptions.timeoutMs ?? options.defaultRequestTimeoutMs);
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const fail = (error: JsonRpcRequestError): void => {
        if (!pending.delete(id)) return;
        entry.dispose();
        emit({ kind: `jsonrpc.request.${error.reason}`, peer: name, method, id, timeoutMs: timeoutMs ?? null });
        reject(error);
      };
      const timerId =
        timeoutMs === undefined
          ? undefined
          : clock.setTimer(timeoutMs, () => fail(new JsonRpcRequestError({ method, reason: "timeout", timeoutMs })), {
              label: `rpc timeout ${method}`,
            });
      const onAbort = (): void => fail(new JsonRpcRequestError({ method, reason: "aborted", cause: signal?.reason }));
      signal?.addEventListener("abort", onAbort, { once: true });
      const entry: Pending = {
        method,
        resolve,
        reject,
        dispose() {
          if (timerId !== undefined) clock.clearTimer(timerId);
          signal?.removeEventListener("abort", onAbort);
        },
      };
      pending.set(id, entry);
      transport.send(encodeRequest(id, method, params));
    });
  }

  function markClosed(error: Error): void {
    if (closeError !== undefined) return;
    closeError = error;
    dispatcher.close();
    const rejected = [...pending.values()];
    pending.clear();
    emit({ kind: "jsonrpc.closed", peer: name, message: error.message, pendingRejected: rejected.length });
    for (const entry of rejected) {
      entry.dispose();
      entry.reject(error);
    }
    for (const handler of [...closeHandlers]) guard("close", () => handler(error));
    closeHandlers.clear();
    settleClosed(error);
    transport.close();
  }

  function subscribe<H>(set: Set<H>, handler: H): () => void {
    set.add(handler);
    return () => void set.delete(handler);
  }

  return {
    request: request as JsonRpcPeer<P>["request"],
    notify(method, params) {
      if (closeError !== undefined) return;
      transport.send(encodeNotification(method, params));
    },
    onNotification(method, handler) {
      let set = notificationHandlers.get(method);
      if (set === undefined) notificationHandlers.set(method, (set = new Set()));
      return subscribe(set, handler as NotificationHandler<unknown>);
    },
    onAnyNotification: (handler) => subscribe(anyHandlers, handler),
    onRequest: (method, handler) => dispatcher.register(method, handler as ServerRequestHandler<unknown, unknown>),
    onClose(handler) {
      if (closeError !== undefined) {
        handler(closeError);
        return () => {};
      }
      return subscribe(closeHandlers, handler);
    },
    close: () => markClosed(new JsonRpcClosedError(closedMessage, { close: { kind: "local" } })),
    closeWithError: markClosed,
    get isClosed() {
      return closeError !== undefined;
    },
    get closeError() {
      return closeError;
    },
    closed,
    get pendingCount() {
      return pending.size;
    },
    get malformedCount() {
      return malformedCount;
    },
  };
}
