/**
 * The broker: one upstream app-server client shared by many downstream connections. It answers
 * `initialize` itself, forwards requests, routes notifications to the stream owner (for its
 * threads) or the active request connection, and refuses a second concurrent owner with -32001 (`turn/interrupt`
 * stays allowed). `broker/shutdown`, SIGTERM and SIGINT shut down gracefully and exit 0. The
 * upstream watchdog (PR #243): when the app-server dies, every downstream connection is closed
 * (clients see EOF) and the broker exits 1; the shutting-down guard keeps graceful paths, which
 * close the upstream themselves, from tripping it.
 */
import type { EventSink } from "../runtime/events.ts";
import type { Transport } from "../runtime/transport.ts";
import { encodeError, encodeNotification, encodeResult, parseIncoming } from "../jsonrpc/message.ts";
import type { JsonRpcId } from "../jsonrpc/types.ts";
import {
  BROKER_BUSY_CODE,
  BROKER_BUSY_MESSAGE,
  BROKER_USER_AGENT,
  STREAM_METHODS,
  type BrokerOptions,
  type BrokerSignal,
  type BrokerState,
} from "./types.ts";

interface Connection {
  readonly id: string;
  readonly transport: Transport;
}

type ShutdownReason = "broker/shutdown" | BrokerSignal | "upstream-exited";

function threadIdOf(params: unknown): string | undefined {
  const threadId = typeof params === "object" && params !== null ? (params as { threadId?: unknown }).threadId : undefined;
  return typeof threadId === "string" ? threadId : undefined;
}

function errorObjectOf(error: unknown): { code: number; message: string } {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return { code: typeof code === "number" ? code : -32000, message: error instanceof Error ? error.message : String(error) };
}

export class Broker {
  private stateValue: BrokerState = "serving";
  private readonly emit: EventSink;
  private readonly connections = new Set<Connection>();
  private activeRequest: Connection | undefined;
  private streamOwner: Connection | undefined;
  private readonly streamThreads = new Set<string>();
  private nextConnection = 1;
  private shutdownPromise: Promise<void> | undefined;
  private readonly teardown: Array<() => void> = [];

  constructor(private readonly options: BrokerOptions) {
    this.emit = options.emit ?? (() => {});
  }

  get state(): BrokerState {
    return this.stateValue;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Starts serving: accepts connections, routes upstream notifications, watches signals and the upstream. */
  start(): void {
    const { upstream, listener, signals } = this.options;
    listener.onConnection((transport) => this.accept(transport));
    this.teardown.push(upstream.onAnyNotification((method, params) => this.route(method, params)));
    this.teardown.push(signals.onSignal((signal) => this.graceful(signal)));
    void upstream.exited.then(() => this.onUpstreamExit());
    this.emit({ kind: "broker.started" });
  }

  private onUpstreamExit(): void {
    if (this.options.exitWatchdog === false) return;
    const guard = this.options.shuttingDownGuard !== false;
    if (guard && this.stateValue !== "serving") return;
    this.emit({ kind: "broker.upstream-exited", connections: this.connections.size });
    void this.shutdown("upstream-exited").finally(() => this.exitWith(1, "upstream-exited"));
  }

  private graceful(reason: ShutdownReason): void {
    if (this.stateValue !== "serving") return;
    void this.shutdown(reason).finally(() => this.exitWith(0, reason));
  }

  private exitWith(code: number, reason: string): void {
    this.emit({ kind: "broker.exit", code, reason });
    this.options.exit(code);
  }

  /** Ends every connection, closes the upstream and the listener, runs `onShutdown`. Idempotent. */
  shutdown(reason: ShutdownReason): Promise<void> {
    this.shutdownPromise ??= this.runShutdown(reason);
    return this.shutdownPromise;
  }

  private async runShutdown(reason: ShutdownReason): Promise<void> {
    this.stateValue = "shutting-down";
    this.emit({ kind: "broker.shutdown", reason, connections: this.connections.size });
    for (const dispose of this.teardown.splice(0).reverse()) dispose();
    for (const connection of [...this.connections]) connection.transport.close();
    // Each step runs even when an earlier one fails: a failing upstream close must not leave the
    // socket listening or skip `onShutdown` (the pid file).
    const steps = [() => this.options.upstream.close(), () => this.options.listener.close(), () => this.options.onShutdown?.()];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        this.emit({ kind: "broker.shutdown-error", message: error instanceof Error ? error.message : String(error) });
      }
    }
    this.stateValue = "stopped";
    this.emit({ kind: "broker.stopped", reason });
  }

  private accept(transport: Transport): void {
    if (this.stateValue !== "serving") {
      transport.close();
      return;
    }
    const connection: Connection = { id: `conn-${this.nextConnection++}`, transport };
    this.connections.add(connection);
    this.emit({ kind: "broker.connection", connection: connection.id });
    transport.onMessage((line) => this.onLine(connection, line));
    void transport.closed.then(() => this.disconnect(connection));
  }

  private disconnect(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    if (this.activeRequest === connection) this.activeRequest = undefined;
    if (this.streamOwner === connection) this.releaseStream();
    this.emit({ kind: "broker.disconnect", connection: connection.id });
  }

  private onLine(connection: Connection, line: string): void {
    const message = parseIncoming(line);
    if (message.type !== "request") return; // `initialized`, stray responses and malformed lines are dropped
    const { id, method, params } = message;
    if (method === "initialize") return this.reply(connection, id, { userAgent: BROKER_USER_AGENT });
    if (method === "broker/shutdown") {
      this.reply(connection, id, {});
      return this.graceful("broker/shutdown");
    }
    if (this.isBusyFor(connection, method)) {
      this.emit({ kind: "broker.busy", connection: connection.id, method });
      connection.transport.send(encodeError(id, { code: BROKER_BUSY_CODE, message: BROKER_BUSY_MESSAGE }));
      return;
    }
    void this.forward(connection, id, method, params);
  }

  private isBusyFor(connection: Connection, method: string): boolean {
    if (this.activeRequest !== undefined && this.activeRequest !== connection) return true;
    const interrupt = method === "turn/interrupt";
    if (this.options.exclusiveStream === false) return false;
    return this.streamOwner !== undefined && this.streamOwner !== connection && !interrupt;
  }

  private async forward(connection: Connection, id: JsonRpcId, method: string, params: unknown): Promise<void> {
    const stream = STREAM_METHODS.has(method);
    this.activeRequest = connection;
    if (stream) {
      this.streamOwner = connection;
      const threadId = threadIdOf(params);
      if (threadId !== undefined) this.streamThreads.add(threadId);
    }
    try {
      const result = await this.options.upstream.request(method, params ?? {});
      this.reply(connection, id, result);
    } catch (error) {
      connection.transport.send(encodeError(id, errorObjectOf(error)));
      if (stream && this.streamOwner === connection) this.releaseStream();
    } finally {
      if (this.activeRequest === connection) this.activeRequest = undefined;
    }
  }

  private reply(connection: Connection, id: JsonRpcId, result: unknown): void {
    connection.transport.send(encodeResult(id, result));
  }

  /**
   * A stream thread's notifications go to the stream owner; anything else to the active request
   * connection, else the owner. Keying on the thread matters: a pipe can deliver another
   * client's turn/interrupt response and the owner's turn/completed in one read, before the
   * interrupt stops being the active request.
   */
  private route(method: string, params: unknown): void {
    const threadId = threadIdOf(params);
    const ownsThread = threadId !== undefined && this.streamThreads.has(threadId);
    const byThread = this.options.notificationRouting !== "active-request";
    const target = ownsThread && byThread ? this.streamOwner : (this.activeRequest ?? this.streamOwner);
    target?.transport.send(encodeNotification(method, params));
    if (method === "turn/completed" && ownsThread) this.releaseStream();
  }

  private releaseStream(): void {
    this.streamOwner = undefined;
    this.streamThreads.clear();
  }
}

export function createBroker(options: BrokerOptions): Broker {
  const broker = new Broker(options);
  broker.start();
  return broker;
}
