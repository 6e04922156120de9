/**
 * LazyExecServerClient (codex #23867): `get()` returns the cached client while it is connected;
 * otherwise it takes the one-permit connect gate, checks again (a caller that waited returns the
 * replacement the first caller installed), and then:
 *   - websocket transport: a brand-new client and session replaces the cache;
 *   - stdio transport: one-shot, the dead client is returned and its calls fail with the
 *     disconnect error (no second exec-server process);
 *   - nothing cached: connect.
 * A failed connect propagates and is not cached: the next `get()` tries again.
 * The cache policy, the gate and the error memory come from `impl` so known-bad variants can be built.
 */
import type { EventSink } from "../runtime/events.ts";
import { noopSink } from "../runtime/events.ts";
import type { ProcessSpawner } from "../runtime/process.ts";
import { createStdioTransport } from "../runtime/stdio-transport.ts";
import type { Transport } from "../runtime/transport.ts";
import type { WebSocketFactory } from "../runtime/websocket.ts";
import { connectExecServerClient, type ExecServerClient, type ExecTransportKind } from "./client.ts";
import { redactUrl } from "./errors.ts";
import { createConnectGate, type ConnectGate } from "./gate.ts";
import { createWebSocketTransport } from "./websocket-transport.ts";

export type ExecServerTransportParams =
  | {
      readonly kind: "websocket";
      readonly url: string;
      readonly factory: WebSocketFactory;
      /** May carry a bearer token: never emitted or put in errors. */
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: "stdio";
      readonly spawner: ProcessSpawner;
      readonly command: string;
      readonly args: readonly string[];
      readonly env?: Readonly<Record<string, string | undefined>>;
    };

/** What to do with a cached client that is disconnected. */
export type CachePolicy = (input: { readonly transportKind: ExecTransportKind }) => "replace" | "return-cached";

/** What a failed connect leaves behind for later callers. */
export interface ConnectErrorMemory {
  recall(): Error | undefined;
  remember(error: Error): void;
}

export interface LazyExecServerClientImpl {
  readonly createGate: () => ConnectGate;
  readonly cachePolicy: CachePolicy;
  readonly createErrorMemory: () => ConnectErrorMemory;
}

/** The post-#23867 behavior. */
export const defaultLazyExecServerClientImpl: LazyExecServerClientImpl = {
  createGate: createConnectGate,
  cachePolicy: ({ transportKind }) => (transportKind === "websocket" ? "replace" : "return-cached"),
  createErrorMemory: () => ({ recall: () => undefined, remember: () => {} }),
};

export interface LazyExecServerClientOptions {
  readonly transport: ExecServerTransportParams;
  readonly clientName: string;
  readonly emit?: EventSink;
  readonly impl?: LazyExecServerClientImpl;
}

export interface LazyExecServerClient {
  get(): Promise<ExecServerClient>;
  /** The cached client, connected or not. */
  current(): ExecServerClient | undefined;
  /** Closes the cached client and the gate. Safe to call twice. */
  close(): void;
}

export function createLazyExecServerClient(options: LazyExecServerClientOptions): LazyExecServerClient {
  const impl = options.impl ?? defaultLazyExecServerClientImpl;
  const emit = options.emit ?? noopSink;
  const transportKind = options.transport.kind;
  const gate = impl.createGate();
  const errors = impl.createErrorMemory();
  let cached: ExecServerClient | undefined;
  let attempts = 0;

  function connectedClient(): ExecServerClient | undefined {
    return cached !== undefined && !cached.isDisconnected() ? cached : undefined;
  }

  async function connect(): Promise<ExecServerClient> {
    const attempt = ++attempts;
    emit({ kind: "exec.lazy.connect.start", attempt, transportKind });
    try {
      const client = await connectExecServerClient({
        transport: openTransport(options.transport),
        transportKind,
        clientName: options.clientName,
        target: describeTarget(options.transport),
        clientId: attempt,
        emit,
      });
      emit({ kind: "exec.lazy.connect.ok", attempt, clientId: client.clientId, sessionId: client.sessionId });
      return client;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      emit({ kind: "exec.lazy.connect.failed", attempt, message: failure.message });
      errors.remember(failure);
      throw failure;
    }
  }

  async function getBehindGate(): Promise<ExecServerClient> {
    const again = connectedClient();
    if (again !== undefined) return again;
    if (cached !== undefined && impl.cachePolicy({ transportKind }) === "return-cached") {
      emit({ kind: "exec.lazy.return-dead", clientId: cached.clientId, sessionId: cached.sessionId, transportKind });
      return cached;
    }
    const previous = cached;
    const client = await connect();
    cached = client;
    if (previous !== undefined) emit({ kind: "exec.lazy.replaced", fromClientId: previous.clientId, toClientId: client.clientId });
    return client;
  }

  return {
    async get() {
      const fast = connectedClient();
      if (fast !== undefined) return fast;
      const remembered = errors.recall();
      if (remembered !== undefined) throw remembered;
      const release = await gate.acquire();
      try {
        return await getBehindGate();
      } finally {
        release();
      }
    },
    current: () => cached,
    close() {
      gate.close();
      cached?.close();
    },
  };
}

function openTransport(params: ExecServerTransportParams): Transport {
  if (params.kind === "websocket") {
    return createWebSocketTransport(
      params.headers === undefined ? { factory: params.factory, url: params.url } : { factory: params.factory, url: params.url, headers: params.headers },
    );
  }
  const child = params.spawner.spawn(params.command, params.args, params.env === undefined ? {} : { env: params.env });
  return createStdioTransport(child);
}

function describeTarget(params: ExecServerTransportParams): string {
  return params.kind === "websocket" ? redactUrl(params.url) : `stdio command ${params.command}`;
}
