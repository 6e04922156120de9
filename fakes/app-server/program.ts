/**
 * The fake `codex` as a FakeProgram for the sim spawner: `codex app-server` runs the engine over
 * the process's stdin/stdout, `codex --version` prints the version, `codex login status` reports
 * the script's auth (exit 1 when logged out). Every spawn is its own process
 * with its own engine (counted by the spawner); the model can be shared across spawns, as the real
 * model API is. Faults modelled: everything the fault script says, plus stdin EOF / SIGTERM → exit
 * 0 at once, SIGKILL and other signals → killed by that signal, an unknown subcommand → exit 2.
 */
import { createLineSplitter } from "../../src/runtime/line-splitter.ts";
import type { FakeProcessIO, FakeProgram } from "../process/sim-spawner.ts";
import type { SentMessageTap } from "./connection.ts";
import type { ModelPort } from "./model.ts";
import { createScriptedModel } from "./model.ts";
import type { FakeCodexScript } from "./script.ts";
import { createFakeAppServer } from "./server.ts";
import type { SessionDefaults } from "./threads.ts";
import { validateFakeCodexScript } from "./validate-script.ts";
import { FAKE_CODEX_VERSION } from "./version.ts";

export { FAKE_CODEX_VERSION };

export interface FakeCodexProgramOptions {
  /** One model shared by every spawned server (default: one scripted model per program, from `script.model`). */
  readonly model?: ModelPort;
  readonly emitTrace?: boolean;
  /** Sees every message each spawned server writes (e.g. a schema check). */
  readonly onSent?: SentMessageTap;
  /** The configured model and provider reported on threads (as `-c model=… -c model_provider=…` give the binary). */
  readonly session?: SessionDefaults;
}

export function fakeCodexProgram(script: FakeCodexScript = {}, options: FakeCodexProgramOptions = {}): FakeProgram {
  // tsx does not type-check scenarios: a misspelled field would silently disable a rule.
  validateFakeCodexScript(script, "fakeCodexProgram script");
  let spawns = 0;
  let sharedModel = options.model;
  return (io) => {
    const processIndex = spawns++;
    const command = io.args[0];
    if (command === "--version") {
      io.writeStdout(FAKE_CODEX_VERSION);
      return io.exit({ code: 0, signal: null });
    }
    if (command === "login" && io.args[1] === "status") {
      const auth = script.auth ?? "apiKey";
      io.writeStdout(auth === "apiKey" ? "Logged in using an API key - sk-***" : auth === "chatgpt" ? "Logged in using ChatGPT" : "Not logged in");
      return io.exit({ code: auth === "apiKey" || auth === "chatgpt" ? 0 : 1, signal: null });
    }
    if (command !== "app-server") {
      io.writeStderr(`error: unrecognized subcommand '${command ?? ""}'\n`);
      return io.exit({ code: 2, signal: null });
    }
    sharedModel ??= createScriptedModel({ world: io.world, label: "fake-model", ...(script.model ? { script: script.model } : {}) });
    runAppServer(io, script, { model: sharedModel, processIndex, emitTrace: options.emitTrace ?? true, onSent: options.onSent, session: options.session });
  };
}

function runAppServer(
  io: FakeProcessIO,
  script: FakeCodexScript,
  options: { model: ModelPort; processIndex: number; emitTrace: boolean; onSent: SentMessageTap | undefined; session: SessionDefaults | undefined },
): void {
  const server = createFakeAppServer({
    ...(options.onSent === undefined ? {} : { onSent: options.onSent }),
    ...(options.session === undefined ? {} : { session: options.session }),
    world: io.world,
    script,
    model: options.model,
    name: `codex:${io.pid}`,
    processIndex: options.processIndex,
    emitTrace: options.emitTrace,
    codexHome: io.env["CODEX_HOME"] ?? "/home/fake/.codex",
    host: {
      writeLine: (line) => io.writeStdout(line),
      writeStderr: (text) => io.writeStderr(text),
      exit: (exit) => io.exit(exit),
      closeStdin: () => io.closeStdin(),
    },
  });
  const splitter = createLineSplitter({
    maxLineChars: 64 * 1024 * 1024,
    onLine: (line) => server.handleLine(line),
    onOverflow: () => server.handleSignal("SIGABRT"),
  });
  io.onStdin((chunk) => splitter.push(chunk));
  io.onStdinEnd(() => {
    splitter.end();
    server.handleStdinEnd();
  });
  io.onSignal((signal) => server.handleSignal(signal));
  server.start();
}
