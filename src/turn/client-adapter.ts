/**
 * Adapts a JSON-RPC peer (or anything with `onAnyNotification` and a `closed` error promise) to the
 * TurnClient captureTurn needs. A clean end (exit code 0 without a signal, peer EOF, local close)
 * maps to a `null` exit error, like the plugin's `handleExit(null)`; anything else keeps the error.
 */
import type { TransportClose } from "../runtime/transport.ts";
import type { TurnClient } from "./types.ts";

export interface ClosingNotifier {
  onAnyNotification(handler: (method: string, params: unknown) => void): () => void;
  /** Resolves with the close error once the connection is gone. */
  readonly closed: Promise<Error>;
}

function closeOf(error: Error): TransportClose | undefined {
  const close = (error as { close?: unknown }).close;
  return typeof close === "object" && close !== null && "kind" in close ? (close as TransportClose) : undefined;
}

/** `null` when the connection ended cleanly, the error otherwise. */
export function exitErrorOf(error: Error): Error | null {
  const close = closeOf(error);
  if (close === undefined) return error;
  switch (close.kind) {
    case "exit":
      return close.code === 0 && close.signal === null ? null : error;
    case "peer-closed":
    case "local":
      return null;
    case "error":
      return error;
  }
}

export function turnClientFrom(notifier: ClosingNotifier): TurnClient {
  return {
    onAnyNotification: (handler) => notifier.onAnyNotification((method, params) => handler(method, params)),
    exited: notifier.closed.then(exitErrorOf),
  };
}
