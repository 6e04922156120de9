/**
 * The broker's ports: one upstream app-server client, a listener that yields downstream
 * connections as Transports, the process's signals, and its exit.
 */
import type { EventSink } from "../runtime/events.ts";
import type { ExitFn } from "../runtime/exit.ts";
import type { Transport } from "../runtime/transport.ts";

/** The upstream app-server client, as the broker uses it. */
export interface BrokerUpstream {
  /** Forwards any method; rejects with the server's error (`code` kept) or the close error. */
  request(method: string, params: unknown): Promise<unknown>;
  onAnyNotification(handler: (method: string, params: unknown) => void): () => void;
  /** Settles once the upstream connection is gone (crash, exit, or our own close). Never rejects. */
  readonly exited: Promise<unknown>;
  /** Closes the upstream (ends the app-server's stdin). Idempotent. */
  close(): void | Promise<void>;
}

/** Where downstream connections come from (a unix socket server, or an in-memory hub). */
export interface BrokerListener {
  /** Registers the handler for new connections (one handler). */
  onConnection(handler: (connection: Transport) => void): void;
  /** Stops accepting and removes the endpoint (socket file). Idempotent. */
  close(): Promise<void>;
}

export type BrokerSignal = "SIGTERM" | "SIGINT";

/** The process's signals, as a port: the real one wires `process.on`, a scenario delivers them. */
export interface SignalPort {
  onSignal(handler: (signal: BrokerSignal) => void): () => void;
}

export interface BrokerOptions {
  readonly upstream: BrokerUpstream;
  readonly listener: BrokerListener;
  readonly signals: SignalPort;
  readonly exit: ExitFn;
  readonly emit?: EventSink;
  /** Extra teardown run last during shutdown (unlinking the pid file). */
  readonly onShutdown?: () => void | Promise<void>;
  /** Watch the upstream and exit 1 when it dies (PR #243). Default true. */
  readonly exitWatchdog?: boolean;
  /** Keep graceful shutdown from tripping the watchdog (PR #243 review fix). Default true. */
  readonly shuttingDownGuard?: boolean;
  /**
   * Where a notification goes. `stream-thread` (default): a stream thread's notifications go to the
   * stream owner, others to the active request connection. `active-request` is the plugin's rule
   * (active request first, else the stream owner), which misroutes the owner's turn/completed when
   * it shares a pipe read with another client's turn/interrupt response.
   */
  readonly notificationRouting?: "stream-thread" | "active-request";
  /** Refuse a second stream owner with -32001. Default true. */
  readonly exclusiveStream?: boolean;
}

export type BrokerState = "serving" | "shutting-down" | "stopped";

export const BROKER_BUSY_CODE = -32001;
export const BROKER_BUSY_MESSAGE = "Shared Codex broker is busy.";
export const BROKER_USER_AGENT = "codex-companion-broker";
/** Methods that own the notification stream until their root turn completes. */
export const STREAM_METHODS: ReadonlySet<string> = new Set(["turn/start", "review/start", "thread/compact/start"]);
