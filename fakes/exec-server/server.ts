/**
 * The fake exec-server: JSON-RPC without `jsonrpc`, one message per frame, independent of the
 * socket library (it serves `ServerConnection`s from any host: mock-socket, `ws`, stdio).
 * initialize {clientName, resumeSessionId?} → {sessionId}; initialized; process/start, process/read,
 * process/terminate; process/output, process/exited, process/closed notifications; the real error
 * messages for calls before initialize, a second initialize, unknown methods, relative cwd and
 * unknown process ids. When a connection closes, its processes end (nothing kept for resume).
 * Faults modelled (see fault-script.ts): refused attempts, close after N frames, close mid-process.
 */
import { EXEC_SERVER_ERRORS, type ExecServerRequests, type RpcErrorBody } from "../../src/exec/protocol.ts";
import type { ServerConnection } from "../websocket/types.ts";
import type { FakeWorld } from "../world.ts";
import { validateFaultScript, type ExecServerFaultScript, type ScriptedProcess } from "./fault-script.ts";
import { FakeExecProcess } from "./fake-process.ts";

export interface FakeExecServerOptions {
  readonly world: FakeWorld;
  readonly script?: ExecServerFaultScript;
  /** The scripted behavior of a started process; default: "ok\n" at 1 ms, exit 0 at 2 ms. */
  readonly program?: (argv: readonly string[]) => ScriptedProcess;
}

export interface FakeExecServerStats {
  readonly attempts: number;
  readonly refused: number;
  readonly connections: number;
  /** Session ids in creation order (a resumed session is not listed twice). */
  readonly sessions: readonly string[];
}

export interface FakeExecServer {
  /** For hosts: decides a connection attempt. */
  accept(attempt: number): boolean;
  /** For hosts: serves one accepted connection. */
  serve(connection: ServerConnection): void;
  /** Scripted disconnect from the scenario: closes connection `connection` (1-based) now. */
  disconnect(connection: number, code: 1000 | 1006): void;
  stats(): FakeExecServerStats;
}

const defaultProgram = (): ScriptedProcess => ({ output: [{ atMs: 1, stream: "stdout", text: "ok\n" }], exitAtMs: 2, exitCode: 0 });

export function createFakeExecServer(options: FakeExecServerOptions): FakeExecServer {
  const { world } = options;
  const script = validateFaultScript(options.script ?? {});
  const program = options.program ?? defaultProgram;
  const sessions: string[] = [];
  const open = new Map<number, ServerConnection>();
  let attempts = 0;
  let refused = 0;
  let connections = 0;

  function newSession(resumeSessionId: string | undefined): { sessionId: string; resumed: boolean } {
    if (resumeSessionId !== undefined && sessions.includes(resumeSessionId)) return { sessionId: resumeSessionId, resumed: true };
    const sessionId = `session-${sessions.length + 1}`;
    sessions.push(sessionId);
    return { sessionId, resumed: false };
  }

  return {
    accept(attempt) {
      attempts = Math.max(attempts, attempt);
      const accepted = !(script.refuseAttempts ?? []).includes(attempt);
      if (!accepted) refused++;
      world.emit({ kind: "exec-server.attempt", attempt, accepted });
      return accepted;
    },
    serve(connection) {
      const ordinal = ++connections;
      open.set(ordinal, connection);
      connection.onClose(({ code }) => {
        open.delete(ordinal);
        world.emit({ kind: "exec-server.connection.closed", connection: ordinal, code });
      });
      world.emit({ kind: "exec-server.connection.accepted", connection: ordinal });
      serveConnection({ world, script, program, connection, ordinal, newSession });
    },
    disconnect(connection, code) {
      world.emit({ kind: "exec-server.disconnect", connection, code, by: "scenario" });
      open.get(connection)?.close({ code, reason: "scripted disconnect" });
    },
    stats: () => ({ attempts, refused, connections, sessions: [...sessions] }),
  };
}

interface ConnectionContext {
  readonly world: FakeWorld;
  readonly script: ExecServerFaultScript;
  readonly program: (argv: readonly string[]) => ScriptedProcess;
  readonly connection: ServerConnection;
  readonly ordinal: number;
  newSession(resumeSessionId: string | undefined): { sessionId: string; resumed: boolean };
}

interface Incoming {
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: unknown;
}

function serveConnection(ctx: ConnectionContext): void {
  const { world, connection, ordinal } = ctx;
  const processes = new Map<string, FakeExecProcess>();
  let sessionId: string | undefined;
  let framesSent = 0;
  let outputChunks = 0;

  function send(message: object): void {
    if (!connection.isOpen) return;
    connection.send(JSON.stringify(message));
    framesSent++;
    const rule = ctx.script.closeAfterFrames?.find((r) => r.connection === ordinal && r.frames === framesSent);
    if (rule !== undefined) scriptedClose(rule.code, `after ${framesSent} frames`);
  }

  function scriptedClose(code: 1000 | 1006, why: string): void {
    world.emit({ kind: "exec-server.disconnect", connection: ordinal, code, by: "script", why });
    connection.close({ code, reason: why });
  }

  function onOutputChunk(): void {
    outputChunks++;
    const rule = ctx.script.closeMidProcess?.find((r) => r.connection === ordinal && r.afterOutputChunks === outputChunks);
    if (rule !== undefined) scriptedClose(rule.code, `mid-process after ${outputChunks} output chunks`);
  }

  const reply = (id: number | string, result: unknown): void => send({ id, result });
  const fail = (id: number | string, error: RpcErrorBody): void => send({ id, error });

  function handleRequest(id: number | string, method: string, params: unknown): void {
    if (method === "initialize") {
      if (sessionId !== undefined) return fail(id, EXEC_SERVER_ERRORS.initializeTwice);
      const p = params as ExecServerRequests["initialize"]["params"];
      const session = ctx.newSession(p.resumeSessionId);
      sessionId = session.sessionId;
      world.emit({ kind: "exec-server.session", connection: ordinal, sessionId, resumed: session.resumed, clientName: p.clientName });
      return reply(id, { sessionId });
    }
    if (sessionId === undefined) return fail(id, EXEC_SERVER_ERRORS.notInitialized);
    switch (method) {
      case "process/start": {
        const p = params as ExecServerRequests["process/start"]["params"];
        if (!p.cwd.startsWith("file://")) return fail(id, EXEC_SERVER_ERRORS.relativeCwd);
        const process = new FakeExecProcess(world, p.processId, ctx.program(p.argv), (m, np) => send({ method: m, params: np }), onOutputChunk);
        processes.set(p.processId, process);
        world.emit({ kind: "exec-server.process.started", connection: ordinal, sessionId, processId: p.processId });
        reply(id, { processId: p.processId });
        return process.start();
      }
      case "process/read": {
        const p = params as ExecServerRequests["process/read"]["params"];
        const process = processes.get(p.processId);
        if (process === undefined) return fail(id, EXEC_SERVER_ERRORS.unknownProcess(p.processId));
        return process.read(p, (result) => reply(id, result));
      }
      case "process/terminate": {
        const p = params as ExecServerRequests["process/terminate"]["params"];
        const process = processes.get(p.processId);
        if (process === undefined) return fail(id, EXEC_SERVER_ERRORS.unknownProcess(p.processId));
        return reply(id, { running: process.terminate() });
      }
      default:
        return fail(id, EXEC_SERVER_ERRORS.unknownMethod(method));
    }
  }

  connection.onMessage((frame) => {
    let message: Incoming;
    try {
      message = JSON.parse(frame) as Incoming;
    } catch {
      world.emit({ kind: "exec-server.malformed", connection: ordinal, length: frame.length });
      return;
    }
    if (typeof message.method !== "string") return;
    if (message.id === undefined) {
      if (message.method !== "initialized") fail(-1, { code: -32600, message: `unexpected notification ${message.method}` });
      return;
    }
    handleRequest(message.id, message.method, message.params ?? {});
  });
  connection.onClose(() => {
    for (const process of processes.values()) process.end();
  });
}
