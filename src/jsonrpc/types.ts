/**
 * Wire shapes and the typed method maps a JSON-RPC peer is parameterised by.
 * A request map is `method → { params, result }`; a notification map is `method → params`.
 */
export type JsonRpcId = number | string;

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** The params type of `method` in a request map. */
export type ParamsOf<M, K extends keyof M> = M[K] extends { readonly params: infer P } ? P : never;
/** The result type of `method` in a request map. */
export type ResultOf<M, K extends keyof M> = M[K] extends { readonly result: infer R } ? R : never;

/** The four method maps of one side of a connection, named from that side's point of view. */
export interface RpcProtocol {
  /** Requests we send: `method → { params, result }`. */
  readonly outRequests: object;
  /** Notifications we send: `method → params`. */
  readonly outNotifications: object;
  /** Notifications we receive: `method → params`. */
  readonly inNotifications: object;
  /** Requests we answer: `method → { params, result }`. */
  readonly inRequests: object;
}

export type MethodOf<M> = keyof M & string;

/** Extra envelope fields of an incoming notification (the Codex server adds `emittedAtMs`). */
export interface NotificationEnvelope {
  readonly method: string;
  readonly emittedAtMs?: number;
}

export interface RequestOptions {
  /** Per-request timeout; floored at 100 ms when > 0; 0 or absent = no timeout. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ServerRequestContext {
  readonly id: JsonRpcId;
  readonly method: string;
}

/** Standard and Codex-specific JSON-RPC error codes. */
export const RPC_ERROR_CODES = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  serverOverloaded: -32001,
} as const;

/** The floor applied to every positive per-request timeout. */
export const REQUEST_TIMEOUT_FLOOR_MS = 100;
