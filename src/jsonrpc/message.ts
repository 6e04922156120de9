/**
 * Parses one incoming line into a classified JSON-RPC message. Lenient like the Codex server:
 * a `jsonrpc` member is tolerated, ids may be numbers or strings, unknown fields are ignored.
 * Anything else is `malformed` with a short reason (never the line itself: it may hold secrets).
 */
import type { JsonRpcErrorObject, JsonRpcId } from "./types.ts";

export type IncomingMessage =
  | { readonly type: "request"; readonly id: JsonRpcId; readonly method: string; readonly params: unknown }
  | { readonly type: "notification"; readonly method: string; readonly params: unknown; readonly emittedAtMs?: number }
  | { readonly type: "result"; readonly id: JsonRpcId; readonly result: unknown }
  | { readonly type: "error"; readonly id: JsonRpcId; readonly error: JsonRpcErrorObject }
  | { readonly type: "malformed"; readonly reason: string };

function isId(value: unknown): value is JsonRpcId {
  return (typeof value === "number" && Number.isFinite(value)) || typeof value === "string";
}

function toErrorObject(value: unknown): JsonRpcErrorObject | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { code, message, data } = value as { code?: unknown; message?: unknown; data?: unknown };
  if (typeof code !== "number") return undefined;
  const text = typeof message === "string" ? message : "";
  return data === undefined ? { code, message: text } : { code, message: text, data };
}

export function parseIncoming(line: string): IncomingMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { type: "malformed", reason: "invalid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { type: "malformed", reason: "not a JSON object" };
  }
  const msg = value as Record<string, unknown>;
  const { id, method } = msg;
  if (typeof method === "string") {
    if (isId(id)) return { type: "request", id, method, params: msg["params"] };
    if (id !== undefined && id !== null) return { type: "malformed", reason: "invalid id" };
    const emittedAtMs = msg["emittedAtMs"];
    return typeof emittedAtMs === "number"
      ? { type: "notification", method, params: msg["params"], emittedAtMs }
      : { type: "notification", method, params: msg["params"] };
  }
  if (!isId(id)) return { type: "malformed", reason: "neither a method nor a valid id" };
  if ("error" in msg && msg["error"] !== undefined && msg["error"] !== null) {
    const error = toErrorObject(msg["error"]);
    return error === undefined ? { type: "malformed", reason: "invalid error object" } : { type: "error", id, error };
  }
  if ("result" in msg) return { type: "result", id, result: msg["result"] };
  return { type: "malformed", reason: "response without result or error" };
}

/** Serializes an outgoing message without the `jsonrpc` member (Codex framing); omits absent params. */
export function encodeRequest(id: JsonRpcId, method: string, params: unknown): string {
  return JSON.stringify(params === undefined ? { id, method } : { id, method, params });
}

export function encodeNotification(method: string, params: unknown): string {
  return JSON.stringify(params === undefined ? { method } : { method, params });
}

export function encodeResult(id: JsonRpcId, result: unknown): string {
  return JSON.stringify({ id, result: result === undefined ? {} : result });
}

export function encodeError(id: JsonRpcId, error: JsonRpcErrorObject): string {
  return JSON.stringify({ id, error });
}
