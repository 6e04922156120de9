/**
 * ExecServerClient: one connection, one exec-server session. `connectExecServerClient` runs the
 * handshake (initialize without resumeSessionId → initialized), so every client is a brand-new
 * session. After a disconnect the client stays dead: its calls and its process handles fail with
 * ExecServerDisconnectedError; nothing is resumed or rebound.
 */
import type { EventSink } from "../runtime/events.ts";
import { noopSink } from "../runtime/events.ts";
import type { Transport } from "../runtime/transport.ts";
import { ExecServerConnectError, ExecServerProtocolError, type ExecServerDisconnectedError } from "./errors.ts";
import { createRemoteExecProcess, type ProcessRoute, type RemoteExecProcess } from "./process.ts";
import type { ExecServerNotifications } from "./protocol.ts";
import { createExecRpcClient, type ExecRpcClient } from "./rpc.ts";

export type ExecTransportKind = "websocket" | "stdio";

export interface ExecServerClient {
  /** The owner's ordinal for this client object (the lazy client's connect attempt): tells replacements apart in traces. */
  readonly clientId: number;
  readonly sessionId: string;
  readonly transportKind: ExecTransportKind;
  /** True once either the disconnect latch or the transport's closed state says so. */
  isDisconnected(): boolean;
  /** Settles with the disconnect error once the latch is set. Never rejects. */
  readonly whenDisconnected: Promise<ExecServerDisconnectedError>;
  /** Registers the route for `processId`, then sends `process/start`. */
  startProcess(params: StartProcessOptions): Promise<RemoteExecProcess>;
  close(): void;
}

export interface StartProcessOptions {
  readonly processId: string;
  readonly argv: readonly string[];
  /** A `file://` URI. */
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
}

export interface ConnectExecServerOptions {
  readonly transport: Transport;
  readonly transportKind: ExecTransportKind;
  readonly clientName: string;
  /** Where the transport points, already redacted: used in errors. */
  readonly target: string;
  /** Ordinal for traces; default 1. */
  readonly clientId?: number;
  readonly emit?: EventSink;
}

/** Runs the handshake on an open transport. On failure the transport is closed and the error is an ExecServerConnectError. */
export async function connectExecServerClient(options: ConnectExecServerOptions): Promise<ExecServerClient> {
  const emit = options.emit ?? noopSink;
  const rpc = createExecRpcClient({ transport: options.transport, emit });
  let sessionId: string;
  try {
    const result: unknown = await rpc.request("initialize", { clientName: options.clientName });
    sessionId = sessionIdOf(result);
    rpc.notify("initialized", {});
  } catch (cause) {
    rpc.close();
    throw new ExecServerConnectError(options.target, { cause });
  }
  return buildClient(rpc, { clientId: options.clientId ?? 1, sessionId, transportKind: options.transportKind }, emit);
}

function buildClient(
  rpc: ExecRpcClient,
  identity: { readonly clientId: number; readonly sessionId: string; readonly transportKind: ExecTransportKind },
  emit: EventSink,
): ExecServerClient {
  const { clientId, sessionId, transportKind } = identity;
  const routes = new Map<string, ProcessRoute>();
  rpc.onNotification((method, params) => route(routes, method, params));
  void rpc.whenDisconnected.then((error) => {
    emit({ kind: "exec.client.disconnected", clientId, sessionId, reason: error.detail });
    for (const r of routes.values()) r.onDisconnect(error);
  });
  const client: ExecServerClient = {
    clientId,
    sessionId,
    transportKind,
    isDisconnected: () => rpc.disconnected || rpc.transportClosed,
    whenDisconnected: rpc.whenDisconnected,
    async startProcess(options) {
      const process = createRemoteExecProcess({ rpc, processId: options.processId });
      // The route exists before process/start so no early notification is lost (client.rs register_session).
      routes.set(options.processId, process.route);
      try {
        await rpc.request("process/start", {
          processId: options.processId,
          argv: options.argv,
          cwd: options.cwd,
          env: options.env ?? {},
          tty: false,
          pipeStdin: false,
          arg0: null,
        });
      } catch (error) {
        routes.delete(options.processId);
        throw error;
      }
      emit({ kind: "exec.process.started", clientId, sessionId, processId: options.processId });
      return process.handle;
    },
    close: () => rpc.close(),
  };
  return client;
}

function route(routes: ReadonlyMap<string, ProcessRoute>, method: string, params: unknown): void {
  if (method !== "process/output" && method !== "process/exited" && method !== "process/closed") return;
  const p = params as ExecServerNotifications[typeof method];
  routes.get(p.processId)?.onNotification(method, p);
}

function sessionIdOf(result: unknown): string {
  const sessionId = typeof result === "object" && result !== null ? (result as { sessionId?: unknown }).sessionId : undefined;
  if (typeof sessionId !== "string" || sessionId === "") throw new ExecServerProtocolError("initialize response carries no sessionId");
  return sessionId;
}
