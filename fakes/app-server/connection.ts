/**
 * The fake app-server's outgoing side: JSONL framing without `jsonrpc`, `emittedAtMs` on every
 * notification, the client's opt-out list, server-to-client requests with their own integer ids
 * from 0, and trace events that carry method and id only (never params, which can hold tokens).
 * After each notification it asks the fault book whether a rule fires (exit after the Nth
 * notification, stall, malformed line, stdin close, stderr).
 */
import type { ProcessExit } from "../../src/runtime/process.ts";
import type { FakeWorld } from "../world.ts";
import type { FaultBook, FiredRule } from "./faults.ts";

/** Where the engine's effects go: a process (the sim spawner, a real stdio) or a test. */
export interface AppServerHost {
  writeLine(line: string): void;
  writeStderr(text: string): void;
  exit(exit: ProcessExit): void;
  /** Stop reading stdin: the client's next write fails with EPIPE. */
  closeStdin(): void;
}

export type JsonRpcId = string | number;
export type ServerRequestReply =
  | { readonly kind: "result"; readonly result: unknown }
  | { readonly kind: "error"; readonly code: number; readonly message: string };

/** Sees every message the server writes (parsed form), with the request method for responses. */
export type SentMessageTap = (message: Readonly<Record<string, unknown>>, info: { readonly requestMethod?: string }) => void;

/** Notification-time fault actions, performed by whoever owns the turn or the server. */
export type NotificationFaultHandler = (fired: FiredRule, turn: number | undefined) => void;

export class Connection {
  private state: "open" | "wedged" | "exited" = "open";
  private nextServerRequestId = 0;
  private readonly pending = new Map<number, (reply: ServerRequestReply) => void>();
  private optOut = new Set<string>();
  onNotificationFault: NotificationFaultHandler = () => {};
  /** Drops a turn's notification this connection does not want (a thread it unsubscribed from). */
  mutes: (method: string, turn: number | undefined) => boolean = () => false;
  onSent: SentMessageTap | undefined;

  constructor(
    readonly name: string,
    private readonly world: FakeWorld,
    private readonly host: AppServerHost,
    private readonly faults: FaultBook,
    private readonly trace: boolean,
  ) {}

  get isOpen(): boolean {
    return this.state === "open";
  }
  get hasExited(): boolean {
    return this.state === "exited";
  }

  setOptOut(methods: readonly string[]): void {
    this.optOut = new Set(methods);
  }

  /** Stop answering anything (a wedged server): input is ignored and nothing more is written. */
  wedge(): void {
    if (this.state === "open") this.state = "wedged";
  }

  exit(exit: ProcessExit): void {
    if (this.state === "exited") return;
    this.state = "exited";
    this.host.exit(exit);
  }

  closeStdin(): void {
    this.host.closeStdin();
  }

  writeRaw(line: string): void {
    if (this.state === "open") this.host.writeLine(line);
  }

  writeStderr(text: string): void {
    if (this.state !== "exited") this.host.writeStderr(text);
  }

  respond(id: JsonRpcId, method: string, result: unknown): void {
    this.write({ id, result }, { type: "response", method, id });
  }

  respondError(id: JsonRpcId, method: string, error: { code: number; message: string; data?: unknown }): void {
    this.write({ id, error }, { type: "error", method, id, code: error.code });
  }

  /** Sends a notification; `turn` scopes notification-count fault rules. */
  notify(method: string, params: unknown, turn?: number): void {
    if (this.state !== "open" || this.optOut.has(method) || this.mutes(method, turn)) return;
    this.write({ method, params, emittedAtMs: this.world.clock.nowMs() }, { type: "notification", method });
    for (const fired of this.faults.onNotification(method, turn)) {
      if (this.state !== "open") return;
      this.onNotificationFault(fired, turn);
    }
  }

  /** A server-to-client request; resolves with the client's reply (never if the client never answers). */
  request(method: string, params: unknown): { id: number; reply: Promise<ServerRequestReply> } {
    const id = this.nextServerRequestId++;
    const reply = new Promise<ServerRequestReply>((resolve) => this.pending.set(id, resolve));
    this.write({ method, id, params }, { type: "request", method, id });
    return { id, reply };
  }

  /** A response from the client; ids the server never issued are ignored, as the real server does. */
  receiveReply(message: { id: unknown; result?: unknown; error?: unknown }): boolean {
    if (typeof message.id !== "number") return false;
    const resolve = this.pending.get(message.id);
    if (resolve === undefined) return false;
    this.pending.delete(message.id);
    const error = message.error as { code?: unknown; message?: unknown } | undefined;
    if (error !== undefined && error !== null) {
      resolve({ kind: "error", code: Number(error.code ?? 0), message: String(error.message ?? "") });
    } else resolve({ kind: "result", result: message.result });
    return true;
  }

  traceEvent(kind: string, fields: Record<string, unknown>): void {
    if (this.trace) this.world.emit({ kind, server: this.name, ...fields });
  }

  private write(message: Record<string, unknown>, summary: Record<string, unknown>): void {
    if (this.state !== "open") return;
    this.host.writeLine(JSON.stringify(message));
    this.traceEvent("appserver.send", summary);
    const isResponse = summary["type"] === "response" || summary["type"] === "error";
    this.onSent?.(message, isResponse ? { requestMethod: String(summary["method"]) } : {});
  }
}
