/** The peer's error classes: an error response, a request that timed out or was aborted, a closed connection. */
import type { TransportClose } from "../runtime/transport.ts";
import type { JsonRpcErrorObject } from "./types.ts";

/** The server answered a request with a JSON-RPC error object; `code` and `data` are kept as sent. */
export class JsonRpcResponseError extends Error {
  readonly code: number;
  readonly data: unknown;
  readonly method: string;

  constructor(method: string, error: JsonRpcErrorObject, message: string = error.message) {
    super(message);
    this.name = "JsonRpcResponseError";
    this.method = method;
    this.code = error.code;
    this.data = error.data;
  }
}

/** A request gave up locally: `"<method> timed out"` or `"<method> aborted"`. */
export class JsonRpcRequestError extends Error {
  readonly method: string;
  readonly reason: "timeout" | "aborted";
  readonly timeoutMs: number | undefined;

  constructor(options: { method: string; reason: "timeout" | "aborted"; timeoutMs?: number; cause?: unknown }) {
    super(`${options.method} ${options.reason === "timeout" ? "timed out" : "aborted"}`, { cause: options.cause });
    this.name = "JsonRpcRequestError";
    this.method = options.method;
    this.reason = options.reason;
    this.timeoutMs = options.timeoutMs;
  }
}

/** The connection is gone. `close` says why the transport closed, when it did; `code` carries e.g. "EPIPE". */
export class JsonRpcClosedError extends Error {
  readonly close: TransportClose | undefined;
  readonly code: string | undefined;

  constructor(message: string, options: { close?: TransportClose; code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "JsonRpcClosedError";
    this.close = options.close;
    this.code = options.code;
  }
}

/** A server-request handler may throw this to answer with a specific JSON-RPC error. */
export class JsonRpcHandlerError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = "JsonRpcHandlerError";
    this.code = code;
    this.data = data;
  }
}
