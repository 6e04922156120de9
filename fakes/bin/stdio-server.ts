/**
 * Runs the fake app-server engine over this process's real stdin/stdout (the process lane and
 * black-box clients). Faults modelled, as the real 0.169.0 binary behaves: stdin EOF or SIGTERM →
 * exit 0 at once with no terminal notification; a script `exit` with a code or a signal (the
 * process really dies by that signal); `closeStdin` really closes fd 0, so the client's next write
 * fails with EPIPE; a client that closes our stdout ends the process with 0.
 */
import { closeSync } from "node:fs";
import { createLineSplitter } from "../../src/runtime/line-splitter.ts";
import type { ProcessExit } from "../../src/runtime/process.ts";
import { exitAs } from "../../src/runtime/signal.ts";
import type { SentMessageTap } from "../app-server/connection.ts";
import type { ModelPort } from "../app-server/model.ts";
import type { ProcessWorld } from "../app-server/process-world.ts";
import type { FakeCodexScript } from "../app-server/script.ts";
import type { SessionDefaults } from "../app-server/threads.ts";
import { createFakeAppServer } from "../app-server/server.ts";
import type { Transcript } from "./transcript.ts";

export interface StdioServerOptions {
  readonly world: ProcessWorld;
  readonly script: FakeCodexScript;
  readonly model: ModelPort;
  readonly processIndex: number;
  readonly transcript: Transcript;
  readonly codexHome: string;
  /** Sees every message written (the schema check). */
  readonly onSent: SentMessageTap;
  /** The configured model and provider. */
  readonly session: SessionDefaults;
}

const HANDLED_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

function die(exit: ProcessExit, handlers: Map<string, () => void>): void {
  for (const [signal, handler] of handlers) process.off(signal, handler);
  exitAs(exit);
}

export function runStdioServer(options: StdioServerOptions): void {
  const { transcript, world } = options;
  // Without stdin nothing else may hold the event loop open, yet the real server keeps running.
  const keepAlive = (): void => void world.clock.setTimer(3_600_000, keepAlive, { label: "alive without stdin" });
  const handlers = new Map<string, () => void>();
  let exiting = false;
  const server = createFakeAppServer({
    world: options.world,
    script: options.script,
    model: options.model,
    name: `codex:${process.pid}`,
    processIndex: options.processIndex,
    codexHome: options.codexHome,
    cwd: process.cwd(),
    onSent: options.onSent,
    session: options.session,
    host: {
      writeLine(line) {
        transcript.record({ dir: "out", line });
        process.stdout.write(`${line}\n`);
      },
      writeStderr(text) {
        transcript.record({ dir: "err", text });
        process.stderr.write(text);
      },
      exit(exit) {
        if (exiting) return;
        exiting = true;
        transcript.record({ dir: "exit", code: exit.code, signal: exit.signal });
        // Let everything already written reach the client, then go.
        process.stdout.write("", () => die(exit, handlers));
      },
      closeStdin() {
        // libuv never closes fds 0-2 itself. Once the stream has released fd 0 (destroy closes the
        // handle synchronously), close the fd too: then no process holds the pipe's read end and
        // the client's next write fails with EPIPE.
        process.stdin.destroy();
        try {
          closeSync(0);
        } catch {
          // already closed
        }
        keepAlive();
      },
    },
  });
  const splitter = createLineSplitter({
    maxLineChars: 64 * 1024 * 1024,
    onLine(line) {
      transcript.record({ dir: "in", line });
      server.handleLine(line);
    },
    onOverflow: () => server.handleSignal("SIGABRT"),
  });
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => splitter.push(chunk));
  process.stdin.on("end", () => {
    splitter.end();
    server.handleStdinEnd();
  });
  process.stdout.on("error", () => server.handleStdinEnd());
  for (const signal of HANDLED_SIGNALS) {
    const handler = (): void => server.handleSignal(signal);
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  server.start();
}
