/**
 * Test kit for src/exec unit tests: a scripted WebSocketLike network. Sockets open, answer and close
 * on microtasks (no timers); a test can refuse an attempt, answer requests and close from the server.
 */
import { WS_CLOSED, WS_CONNECTING, WS_OPEN, type WebSocketFactory, type WebSocketLike } from "../runtime/websocket.ts";

type Listener = (event: never) => void;

export interface ScriptedRequest {
  readonly id?: number;
  readonly method: string;
  readonly params?: unknown;
}

export class ScriptedSocket implements WebSocketLike {
  readyState = WS_CONNECTING;
  readonly received: ScriptedRequest[] = [];
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    readonly url: string,
    readonly headers: Readonly<Record<string, string>>,
    private readonly onRequest: (socket: ScriptedSocket, request: ScriptedRequest) => void,
  ) {}

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    if (this.readyState !== WS_OPEN) throw new Error("send on a socket that is not open");
    const request = JSON.parse(data) as ScriptedRequest;
    this.received.push(request);
    queueMicrotask(() => this.onRequest(this, request));
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState === WS_CLOSED) return;
    this.readyState = WS_CLOSED;
    queueMicrotask(() => this.dispatch("close", { code, reason, wasClean: true }));
  }

  /** Server side: completes the opening handshake. */
  open(): void {
    this.readyState = WS_OPEN;
    this.dispatch("open", undefined);
  }

  /** Server side: sends one frame. */
  reply(message: object): void {
    if (this.readyState === WS_OPEN) this.dispatch("message", { data: JSON.stringify(message) });
  }

  /** Server side: closes the connection (1006 + wasClean=false for an abnormal close). */
  serverClose(code: number, wasClean: boolean): void {
    if (this.readyState === WS_CLOSED) return;
    this.readyState = WS_CLOSED;
    this.dispatch("close", { code, reason: "", wasClean });
  }

  /** Server side: refuses the connection as a real socket does: error, then close 1006 unclean. */
  refuse(): void {
    this.readyState = WS_CLOSED;
    this.dispatch("error", {});
    this.dispatch("close", { code: 1006, reason: "", wasClean: false });
  }

  private dispatch(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (e: unknown) => void)(event);
  }
}

export interface ScriptedNetwork {
  readonly factory: WebSocketFactory;
  readonly sockets: ScriptedSocket[];
}

/**
 * Each new socket opens on a microtask unless `refuse(attempt)` says so; `initialize` is answered
 * with `session-<attempt>`; other requests go to `onRequest` (default: never answered).
 */
export function createScriptedNetwork(options: {
  readonly refuse?: (attempt: number) => boolean;
  readonly onRequest?: (socket: ScriptedSocket, request: ScriptedRequest) => void;
  /** The `initialize` result; default `{sessionId: "session-<attempt>"}`. */
  readonly initializeResult?: (attempt: number) => object;
} = {}): ScriptedNetwork {
  const sockets: ScriptedSocket[] = [];
  const factory: WebSocketFactory = (url, headers) => {
    const attempt = sockets.length + 1;
    const socket = new ScriptedSocket(url, headers, (s, request) => {
      if (request.method === "initialize") s.reply({ id: request.id, result: options.initializeResult?.(attempt) ?? { sessionId: `session-${attempt}` } });
      else options.onRequest?.(s, request);
    });
    sockets.push(socket);
    queueMicrotask(() => (options.refuse?.(attempt) === true ? socket.refuse() : socket.open()));
    return socket;
  };
  return { factory, sockets };
}

/** Resolves after every queued microtask chain of depth `rounds` has run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
