/**
 * `codex exec-server --listen stdio` as a fake program for the sim spawner: JSONL on stdin/stdout,
 * one connection per process. It exits 0 when stdin closes. A scripted close of the connection is
 * the process dying: 1000 → exit code 0, 1006 → killed by SIGKILL.
 * Faults modelled: the exec-server process exiting under its client.
 */
import { createLineSplitter } from "../../src/runtime/line-splitter.ts";
import type { FakeProgram, FakeProcessIO } from "../process/sim-spawner.ts";
import type { CloseRequest, ServerConnection } from "../websocket/types.ts";
import type { FakeExecServer } from "./server.ts";

export function execServerStdioProgram(server: FakeExecServer): FakeProgram {
  let processes = 0;
  return (io) => {
    const connection = new StdioConnection(io, ++processes);
    if (!server.accept(connection.connectionId)) return io.exit({ code: 1, signal: null });
    server.serve(connection);
    const splitter = createLineSplitter({
      maxLineChars: 1024 * 1024,
      onLine: (line) => connection.receive(line),
      onOverflow: () => connection.close({ code: 1006 }),
    });
    io.onStdin((chunk) => splitter.push(chunk));
    io.onStdinEnd(() => connection.close({ code: 1000 }));
  };
}

class StdioConnection implements ServerConnection {
  private messageHandlers: Array<(frame: string) => void> = [];
  private closeHandlers: Array<(info: { readonly code: number }) => void> = [];
  private open = true;

  constructor(
    private readonly io: FakeProcessIO,
    readonly connectionId: number,
  ) {}

  get isOpen(): boolean {
    return this.open && this.io.isAlive;
  }

  receive(line: string): void {
    if (this.isOpen) this.messageHandlers.forEach((h) => h(line));
  }

  send(frame: string): void {
    if (this.isOpen) this.io.writeStdout(frame);
  }

  close(request: CloseRequest): void {
    if (!this.open) return;
    this.open = false;
    this.io.exit(request.code === 1006 ? { code: null, signal: "SIGKILL" } : { code: 0, signal: null });
    this.closeHandlers.forEach((h) => h({ code: request.code }));
  }

  onMessage(handler: (frame: string) => void): void {
    this.messageHandlers.push(handler);
  }

  onClose(handler: (info: { readonly code: number }) => void): void {
    this.closeHandlers.push(handler);
  }
}
