/**
 * Server-to-client requests: a handler per method. With no handler the peer answers
 * `-32601 "Unsupported server request: <method>"`, as codex-plugin-cc does for every server request.
 */
import type { EventSink } from "../runtime/events.ts";
import type { Transport } from "../runtime/transport.ts";
import { JsonRpcHandlerError } from "./errors.ts";
import { encodeError, encodeResult } from "./message.ts";
import { RPC_ERROR_CODES, type JsonRpcId, type ServerRequestContext } from "./types.ts";

export type ServerRequestHandler<P, R> = (params: P, context: ServerRequestContext) => R | Promise<R>;

export interface ServerRequestDispatcher {
  register(method: string, handler: ServerRequestHandler<unknown, unknown>): () => void;
  dispatch(id: JsonRpcId, method: string, params: unknown): void;
  /** After close, late handler answers are dropped. */
  close(): void;
}

export function createServerRequestDispatcher(options: {
  readonly transport: Transport;
  readonly emit: EventSink;
  readonly peerName: string;
}): ServerRequestDispatcher {
  const { transport, emit, peerName } = options;
  const handlers = new Map<string, ServerRequestHandler<unknown, unknown>>();
  let isClosed = false;

  function answer(line: string): void {
    if (!isClosed) transport.send(line);
  }

  function answerError(id: JsonRpcId, method: string, error: unknown): void {
    const code = error instanceof JsonRpcHandlerError ? error.code : RPC_ERROR_CODES.internalError;
    const message = error instanceof Error ? error.message : String(error);
    const data = error instanceof JsonRpcHandlerError ? error.data : undefined;
    emit({ kind: "jsonrpc.server-request.failed", peer: peerName, method, id, code });
    answer(encodeError(id, data === undefined ? { code, message } : { code, message, data }));
  }

  return {
    register(method, handler) {
      handlers.set(method, handler);
      return () => {
        if (handlers.get(method) === handler) handlers.delete(method);
      };
    },
    dispatch(id, method, params) {
      const handler = handlers.get(method);
      if (handler === undefined) {
        emit({ kind: "jsonrpc.server-request.unsupported", peer: peerName, method, id });
        answer(encodeError(id, { code: RPC_ERROR_CODES.methodNotFound, message: `Unsupported server request: ${method}` }));
        return;
      }
      new Promise<unknown>((resolve) => resolve(handler(params, { id, method }))).then(
        (result) => answer(encodeResult(id, result)),
        (error: unknown) => answerError(id, method, error),
      );
    },
    close() {
      isClosed = true;
    },
  };
}
