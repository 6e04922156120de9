/**
 * Transport over a child process's stdio: JSONL out on stdin, JSONL in from stdout.
 * Closes with `exit` (code, signal, stderr tail) when the child exits, or `error` on a stream
 * error such as `write EPIPE`.
 */
import { createLineSplitter } from "./line-splitter.ts";
import type { ChildProcessHandle } from "./process.ts";
import type { Transport, TransportClose } from "./transport.ts";

export interface StdioTransportOptions {
  readonly maxLineChars?: number;
  readonly stderrTailChars?: number;
}

export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

export function createStdioTransport(child: ChildProcessHandle, options: StdioTransportOptions = {}): Transport {
  const stderrTailChars = options.stderrTailChars ?? 2048;
  let handler: (message: string) => void = () => {};
  let stderr = "";
  let isClosed = false;
  let settle!: (close: TransportClose) => void;
  const closed = new Promise<TransportClose>((resolve) => (settle = resolve));

  function finish(close: TransportClose): void {
    if (isClosed) return;
    isClosed = true;
    settle(close);
  }

  const splitter = createLineSplitter({
    maxLineChars: options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS,
    onLine: (line) => {
      if (!isClosed) handler(line);
    },
    onOverflow: (error) => {
      finish({ kind: "error", message: error.message, code: "ELINETOOLONG" });
      child.kill("SIGTERM");
    },
  });

  child.onStdout((chunk) => splitter.push(chunk));
  child.onStderr((chunk) => {
    stderr = (stderr + chunk).slice(-stderrTailChars);
  });
  child.onError((error) => {
    const close: TransportClose =
      error.code === undefined ? { kind: "error", message: error.message } : { kind: "error", message: error.message, code: error.code };
    finish(close);
  });
  void child.exited.then((exit) => {
    splitter.end();
    const tail = stderr.trim();
    finish(tail === "" ? { kind: "exit", code: exit.code, signal: exit.signal } : { kind: "exit", code: exit.code, signal: exit.signal, stderrTail: tail });
  });

  return {
    send(message) {
      if (isClosed) return;
      child.write(`${message}\n`);
    },
    onMessage(next) {
      handler = next;
    },
    close() {
      if (isClosed) return;
      child.endInput();
      finish({ kind: "local" });
    },
    get isClosed() {
      return isClosed;
    },
    closed,
  };
}
