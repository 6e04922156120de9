/**
 * The few errors the exec-server client raises. Each names what failed and keeps its `cause`.
 */

/** The transport under an exec-server client closed; every call on that client fails with this. */
export class ExecServerDisconnectedError extends Error {
  constructor(
    readonly detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`exec-server transport disconnected: ${detail}`, options);
    this.name = "ExecServerDisconnectedError";
  }
}

/** The exec-server answered a request with a JSON-RPC error. */
export class ExecServerRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly rpcMessage: string,
    readonly data?: unknown,
  ) {
    super(`exec-server ${method} failed (${code}): ${rpcMessage}`);
    this.name = "ExecServerRpcError";
  }
}

/** Opening a transport or the initialize handshake failed; the lazy client does not cache this. */
export class ExecServerConnectError extends Error {
  constructor(
    readonly target: string,
    options: { readonly cause: unknown },
  ) {
    super(`failed to connect to exec-server at ${target}: ${causeMessage(options.cause)}`, options);
    this.name = "ExecServerConnectError";
  }
}

/** A protocol violation: a malformed response, or the connect gate closed under a waiting caller. */
export class ExecServerProtocolError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = "ExecServerProtocolError";
  }
}

function causeMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Strips credentials, query and fragment from a URL before it appears in an error or event. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    parsed.hash = "";
    return parsed.toString();
  } catch {
    return "<unparseable url>";
  }
}
