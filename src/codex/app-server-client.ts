/**
 * CodexAppServerClient: one connection to a Codex app-server (a spawned `codex app-server` over
 * stdio, or any Transport). State `starting → ready → closed`. When the transport closes, the client
 * closes with the upstream message: `codex app-server exited: code=<c> signal=<s>[ stderr=<tail>]`
 * for an exit, the stream error (`write EPIPE`) for a broken pipe, "codex app-server client is
 * closed" for a local close. Pending requests reject with it; close handlers run once.
 */
import { JsonRpcClosedError } from "../jsonrpc/errors.ts";
import { createJsonRpcPeer, type JsonRpcPeer, type NotificationHandler } from "../jsonrpc/peer.ts";
import type { ServerRequestHandler } from "../jsonrpc/server-requests.ts";
import type { NotificationEnvelope, ParamsOf, RequestOptions, ResultOf } from "../jsonrpc/types.ts";
import type { Clock } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import type { ChildProcessHandle, ProcessExit, ProcessSpawner } from "../runtime/process.ts";
import { randomHex, type Random } from "../runtime/random.ts";
import { createStdioTransport } from "../runtime/stdio-transport.ts";
import type { Transport, TransportClose } from "../runtime/transport.ts";
import { CLIENT_CLOSED_MESSAGE, CodexAppServerRpcError, EXITED_MESSAGE_PREFIX, isConnectionClosedError } from "./errors.ts";
import type {
  ClientInfo,
  CodexClientProtocol,
  CodexClientRequests,
  CodexServerNotifications,
  CodexServerRequests,
  InitializeCapabilities,
  InitializeResult,
} from "./protocol.ts";
import { redactSecrets } from "./redact.ts";

export type CodexClientState = "starting" | "ready" | "closed";

interface CommonStartOptions {
  readonly clock: Clock;
  readonly emit?: EventSink;
  /** Default per-request timeout (floored at 100 ms); default 60 000 ms. */
  readonly requestTimeoutMs?: number;
  /** A stable instance id; otherwise drawn from `random`, otherwise a per-process counter. */
  readonly clientId?: string;
  readonly random?: Random;
  readonly clientInfo?: ClientInfo;
  readonly capabilities?: InitializeCapabilities;
}

export type CodexAppServerClientStartOptions = CommonStartOptions &
  (
    | { readonly transport: Transport }
    | {
        readonly spawner: ProcessSpawner;
        readonly command: string;
        readonly args: readonly string[];
        readonly env?: Readonly<Record<string, string | undefined>>;
        readonly cwd?: string;
      }
  );

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** How long a closed client's child gets to exit on stdin EOF before SIGTERM (the plugin uses 50 ms). */
export const CHILD_TERMINATE_GRACE_MS = 50;
export const DEFAULT_CLIENT_INFO: ClientInfo = { name: "codex-lifecycle-proof", title: null, version: "0.1.0" };

let fallbackClientCounter = 0;

type Requests = CodexClientRequests;
type Params<K extends keyof Requests> = ParamsOf<Requests, K>;
type Result<K extends keyof Requests> = ResultOf<Requests, K>;

/** The error a transport close becomes: the exact upstream messages, stderr redacted. */
export function closeErrorForTransport(close: TransportClose): Error {
  switch (close.kind) {
    case "exit": {
      const stderr = close.stderrTail === undefined || close.stderrTail === "" ? "" : ` stderr=${redactSecrets(close.stderrTail)}`;
      return new JsonRpcClosedError(`${EXITED_MESSAGE_PREFIX} code=${close.code ?? "null"} signal=${close.signal ?? "null"}${stderr}`, { close });
    }
    case "error":
      return close.code === undefined
        ? new JsonRpcClosedError(close.message, { close })
        : new JsonRpcClosedError(close.message, { close, code: close.code });
    case "peer-closed":
      return new JsonRpcClosedError(`${EXITED_MESSAGE_PREFIX} code=${close.code ?? "null"} signal=null`, { close });
    case "local":
      return new JsonRpcClosedError(CLIENT_CLOSED_MESSAGE, { close });
  }
}

export class CodexAppServerClient {
  readonly id: string;
  /** The spawned child, for the stdio flavor. */
  readonly child: ChildProcessHandle | undefined;
  /** Resolves with the close error once the client is closed. Never rejects. */
  readonly closed: Promise<Error>;
  private readonly peer: JsonRpcPeer<CodexClientProtocol>;
  private readonly emit: EventSink;
  private readonly options: CommonStartOptions;
  private initializing: Promise<InitializeResult> | undefined;
  private ready = false;

  private constructor(options: CommonStartOptions, transport: Transport, child: ChildProcessHandle | undefined) {
    this.options = options;
    this.child = child;
    this.emit = options.emit ?? (() => {});
    this.id = options.clientId ?? (options.random === undefined ? `codex-client-${++fallbackClientCounter}` : `codex-client-${randomHex(options.random, 4)}`);
    this.peer = createJsonRpcPeer<CodexClientProtocol>({
      transport,
      clock: options.clock,
      emit: this.emit,
      name: this.id,
      closedMessage: CLIENT_CLOSED_MESSAGE,
      closeErrorFor: closeErrorForTransport,
      responseErrorFor: (method, error) => new CodexAppServerRpcError(method, error),
      defaultRequestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    });
    this.closed = this.peer.closed;
    this.peer.onClose((error) => {
      this.emit({ kind: "codex-client.closed", clientId: this.id, message: error.message, connectionClosed: isConnectionClosedError(error) });
      this.reapChild();
    });
  }

  /**
   * Whatever closed the client (a local close, a broken pipe, an oversized line), the child must not
   * outlive it: end its stdin, and SIGTERM it if it is still running after a short grace, as the
   * plugin's client does. A child that already exited is left alone.
   */
  private reapChild(): void {
    const child = this.child;
    if (child === undefined) return;
    let exited = false;
    void child.exited.then(() => (exited = true));
    child.endInput();
    const timer = this.options.clock.setTimer(CHILD_TERMINATE_GRACE_MS, () => {
      if (!exited) child.kill("SIGTERM");
    }, { label: `codex app-server terminate ${this.id}` });
    void child.exited.then(() => this.options.clock.clearTimer(timer));
  }

  /** Connects over the given transport, or spawns `command args` through the ProcessSpawner port. */
  static start(options: CodexAppServerClientStartOptions): CodexAppServerClient {
    if ("transport" in options) {
      const client = new CodexAppServerClient(options, options.transport, undefined);
      client.emit({ kind: "codex-client.start", clientId: client.id, via: "transport" });
      return client;
    }
    const spawnOptions = { ...(options.env === undefined ? {} : { env: options.env }), ...(options.cwd === undefined ? {} : { cwd: options.cwd }) };
    const child = options.spawner.spawn(options.command, options.args, spawnOptions);
    const client = new CodexAppServerClient(options, createStdioTransport(child), child);
    client.emit({ kind: "codex-client.start", clientId: client.id, via: "stdio", pid: child.pid });
    return client;
  }

  get state(): CodexClientState {
    if (this.peer.isClosed) return "closed";
    return this.ready ? "ready" : "starting";
  }

  get isClosed(): boolean {
    return this.peer.isClosed;
  }

  get closeError(): Error | undefined {
    return this.peer.closeError;
  }

  get pendingRequestCount(): number {
    return this.peer.pendingCount;
  }

  /** `initialize` with clientInfo, then the `initialized` notification. Idempotent: one handshake per client. */
  initialize(options: RequestOptions = {}): Promise<InitializeResult> {
    this.initializing ??= this.handshake(options);
    return this.initializing;
  }

  private async handshake(options: RequestOptions): Promise<InitializeResult> {
    const params = {
      clientInfo: this.options.clientInfo ?? DEFAULT_CLIENT_INFO,
      capabilities: this.options.capabilities ?? { experimentalApi: false, requestAttestation: false },
    };
    const result = await this.peer.request("initialize", params, options);
    this.peer.notify("initialized", undefined);
    this.ready = !this.peer.isClosed;
    if (this.ready) this.emit({ kind: "codex-client.ready", clientId: this.id });
    return result;
  }

  request<K extends keyof Requests>(method: K, params: Params<K>, options?: RequestOptions): Promise<Result<K>> {
    return this.peer.request(method, params, options);
  }

  threadStart(params: Params<"thread/start">, options?: RequestOptions): Promise<Result<"thread/start">> {
    return this.peer.request("thread/start", params, options);
  }

  threadResume(params: Params<"thread/resume">, options?: RequestOptions): Promise<Result<"thread/resume">> {
    return this.peer.request("thread/resume", params, options);
  }

  turnStart(params: Params<"turn/start">, options?: RequestOptions): Promise<Result<"turn/start">> {
    return this.peer.request("turn/start", params, options);
  }

  turnInterrupt(params: Params<"turn/interrupt">, options?: RequestOptions): Promise<Result<"turn/interrupt">> {
    return this.peer.request("turn/interrupt", params, options);
  }

  onNotification<K extends keyof CodexServerNotifications>(method: K, handler: NotificationHandler<CodexServerNotifications[K]>): () => void {
    return this.peer.onNotification(method, handler);
  }

  onAnyNotification(handler: (method: string, params: unknown, envelope: NotificationEnvelope) => void): () => void {
    return this.peer.onAnyNotification(handler);
  }

  onServerRequest<K extends keyof CodexServerRequests>(
    method: K,
    handler: ServerRequestHandler<ParamsOf<CodexServerRequests, K>, ResultOf<CodexServerRequests, K>>,
  ): () => void {
    return this.peer.onRequest(method, handler);
  }

  /** Runs once when the client closes (at once if it already has). */
  onClose(handler: (error: Error) => void): () => void {
    return this.peer.onClose(handler);
  }

  /** Local close (ends the child's stdin). Pending requests reject "codex app-server client is closed". Idempotent. */
  close(): void {
    this.peer.close();
  }

  /** Closes with a specific error; the first close wins. */
  closeWithError(error: Error): void {
    this.peer.closeWithError(error);
  }

  /**
   * Closes, then waits for the child to exit (stdio flavor); kills it with SIGKILL if it has not
   * exited after `exitTimeoutMs`. Resolves with the exit, or undefined for a non-process transport.
   */
  async closeAndWait(options: { readonly exitTimeoutMs?: number } = {}): Promise<ProcessExit | undefined> {
    this.close();
    const child = this.child;
    if (child === undefined) return undefined;
    const timer = this.options.clock.setTimer(options.exitTimeoutMs ?? 2_000, () => child.kill("SIGKILL"), {
      label: `codex app-server force kill ${this.id}`,
    });
    try {
      return await child.exited;
    } finally {
      this.options.clock.clearTimer(timer);
    }
  }
}
