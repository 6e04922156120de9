/**
 * Runs the fake `codex exec` over this process's real stdio (the `fake-codex exec …` command):
 * the prompt from stdin, JSONL events on stdout, diagnostics on stderr, threads under
 * `$CODEX_HOME/sessions`. Faults modelled as the real binary: a bad command line exits 2; a script
 * `exit` with a signal really kills the process by that signal; a stalled run stays alive (holding
 * its stdout open) until it is killed; SIGINT exits 1, SIGTERM kills.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ProcessExit } from "../../src/runtime/process.ts";
import { exitAs } from "../../src/runtime/signal.ts";
import type { ModelPort } from "../app-server/model.ts";
import type { ProcessWorld } from "../app-server/process-world.ts";
import type { FakeCodexScript } from "../app-server/script.ts";
import { ExecUsageError, parseExecArgs, type ExecArgs } from "./args.ts";
import { runExecJson } from "./engine.ts";
import { fileThreadStore } from "./store.ts";

/** The transcript entries exec writes (the fake-codex transcript's shape). */
export interface ExecTranscript {
  record(entry: { dir: "in" | "out"; line: string } | { dir: "err"; text: string } | { dir: "exit"; code: number | null; signal: string | null }): void;
}

export interface ExecProcessOptions {
  /** The arguments after `exec`. */
  readonly argv: readonly string[];
  readonly world: ProcessWorld;
  readonly script: FakeCodexScript;
  /** Default: the scripted model of `script.model`. */
  readonly model?: ModelPort;
  readonly processIndex: number;
  readonly codexHome: string;
  readonly transcript: ExecTranscript;
  /** Sees the parsed command line first, e.g. to apply its `-c` pairs to the script; returns the script to run. */
  readonly configure?: (args: ExecArgs, script: FakeCodexScript) => FakeCodexScript;
}

const HANDLED_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

function isGitRepo(cwd: string): boolean {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return true;
    if (dirname(dir) === dir) return false;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolvePrompt) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk: string) => (text += chunk));
    process.stdin.on("end", () => resolvePrompt(text));
    process.stdin.on("error", () => resolvePrompt(text));
  });
}

export function runExecProcess(options: ExecProcessOptions): void {
  const { transcript, world } = options;
  let exitRecorded = false;
  const recordExit = (code: number | null, signal: string | null): void => {
    if (exitRecorded) return;
    exitRecorded = true;
    transcript.record({ dir: "exit", code, signal });
  };
  // Every way out leaves its exit entry, a crash included (an uncaught error exits 1): a reader of
  // the transcript never mistakes a process that ended for one that never said how.
  process.once("exit", (code) => recordExit(code, null));
  let args: ExecArgs;
  try {
    args = parseExecArgs(options.argv);
  } catch (error) {
    if (!(error instanceof ExecUsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const script = options.configure?.(args, options.script) ?? options.script;
  // A stalled run must stay alive (as the real one would) even with nothing else pending.
  let keepAliveTimer = 0;
  const keepAlive = (): void => void (keepAliveTimer = world.clock.setTimer(3_600_000, keepAlive, { label: "exec alive while stalled" }));
  keepAlive();
  const handlers = new Map<string, () => void>();
  const die = (exit: ProcessExit): void => {
    world.clock.clearTimer(keepAliveTimer);
    for (const [signal, handler] of handlers) process.off(signal, handler);
    recordExit(exit.code, exit.signal);
    // Let everything already written reach the client, then go.
    process.stdout.write("", () => exitAs(exit));
  };
  const run = runExecJson({
    args,
    world,
    script,
    ...(options.model === undefined ? {} : { model: options.model }),
    processIndex: options.processIndex,
    codexHome: options.codexHome,
    cwd: process.cwd(),
    store: fileThreadStore(options.codexHome),
    readStdin: async () => {
      const text = await readStdin();
      transcript.record({ dir: "in", line: text });
      return text;
    },
    readFile: (path) => readFileSync(path, "utf8"),
    isGitRepo,
    host: {
      writeStdout(line) {
        transcript.record({ dir: "out", line });
        process.stdout.write(`${line}\n`);
      },
      writeStderr(text) {
        transcript.record({ dir: "err", text });
        process.stderr.write(text);
      },
      exit: die,
    },
  });
  for (const signal of HANDLED_SIGNALS) {
    const handler = (): void => run.handleSignal(signal);
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  // A client that closes our stdout: stop at once, as a pipe's reader gone would stop the real one.
  process.stdout.on("error", () => {
    recordExit(1, null);
    process.exit(1);
  });
}
