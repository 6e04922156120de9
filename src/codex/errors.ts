/**
 * The Codex client's error vocabulary. Messages are exact upstream strings because callers (and
 * the startup policy) classify errors by them; the classes add structure on top.
 */
import { JsonRpcResponseError } from "../jsonrpc/errors.ts";
import type { JsonRpcErrorObject } from "../jsonrpc/types.ts";

export const CLIENT_CLOSED_MESSAGE = "codex app-server client is closed";
export const EXITED_MESSAGE_PREFIX = "codex app-server exited:";
export const INITIALIZE_TIMED_OUT_MESSAGE = "codex app-server initialize timed out";
export const STARTUP_ABORTED_MESSAGE = "codex app-server startup aborted";
export const STARTUP_TIMED_OUT_MESSAGE = "codex app-server startup timed out";

/** A JSON-RPC error response from the app-server; a relogin hint's `detail` is appended to the message. */
export class CodexAppServerRpcError extends JsonRpcResponseError {
  constructor(method: string, error: JsonRpcErrorObject) {
    const detail = reloginDetail(error.data);
    super(method, error, detail === undefined ? error.message : `${error.message} ${detail}`);
    this.name = "CodexAppServerRpcError";
  }
}

function reloginDetail(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const hint = data as { action?: unknown; reason?: unknown; errorCode?: unknown; detail?: unknown };
  const isRelogin = hint.action === "relogin" || (hint.reason === "cloudRequirements" && hint.errorCode === "Auth");
  return isRelogin && typeof hint.detail === "string" && hint.detail !== "" ? hint.detail : undefined;
}

/** A logical `thread/start` failure: the server answered with an error; the transport is healthy. */
export class CodexThreadStartRequestError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(cause: CodexAppServerRpcError) {
    super(`codex app-server thread/start failed: ${cause.message}`, { cause });
    this.name = "CodexThreadStartRequestError";
    this.code = cause.code;
    this.data = cause.data;
  }
}

/** Startup was abandoned: aborted before or during startup, or the startup timer expired. */
export class CodexAppServerStartupError extends Error {
  readonly reason: "aborted" | "timed_out";

  constructor(reason: "aborted" | "timed_out", options: { cause?: unknown } = {}) {
    super(reason === "aborted" ? STARTUP_ABORTED_MESSAGE : STARTUP_TIMED_OUT_MESSAGE, { cause: options.cause });
    this.name = "CodexAppServerStartupError";
    this.reason = reason;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * True only when the transport is poisoned: the message is exactly "codex app-server client is
 * closed" or starts with "codex app-server exited:". Startup retry keys on this.
 */
export function isConnectionClosedError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.message === CLIENT_CLOSED_MESSAGE || error.message.startsWith(EXITED_MESSAGE_PREFIX);
}
