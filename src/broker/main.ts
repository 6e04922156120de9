/**
 * The broker as a process:
 *   node --import tsx src/broker/main.ts serve --endpoint unix:<path> [--pid-file <path>] [--cwd <dir>] [-- <codex> <args…>]
 * Spawns the upstream (`codex app-server` by default), initializes it, listens on the unix socket,
 * prints one `broker.listening` JSON line on stdout, and logs lifecycle events as JSON lines on
 * stderr. Exits 0 after a graceful shutdown, 1 when the upstream dies or startup fails.
 */
import { unlink, writeFile } from "node:fs/promises";
import { CodexAppServerClient } from "../codex/app-server-client.ts";
import type { Clock } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import type { ExitFn } from "../runtime/exit.ts";
import { nodeProcessSpawner } from "../runtime/node-process.ts";
import type { ProcessSpawner } from "../runtime/process.ts";
import { realClock } from "../runtime/real-clock.ts";
import { createBroker } from "./broker.ts";
import type { BrokerListener, BrokerOptions, SignalPort } from "./types.ts";
import { processSignals } from "./node-signals.ts";
import { listenUnixSocket } from "./unix-socket.ts";
import { brokerUpstreamFrom } from "./upstream.ts";

export interface ServeArgs {
  readonly socketPath: string;
  readonly pidFile: string | undefined;
  readonly cwd: string | undefined;
  readonly upstream: readonly [string, ...string[]];
  /** How long the upstream gets to answer initialize (default 10 000 ms). */
  readonly initializeTimeoutMs?: number;
}

export class BrokerUsageError extends Error {
  constructor(message: string) {
    super(`${message}\nusage: main.ts serve --endpoint unix:<path> [--pid-file <path>] [--cwd <dir>] [-- <codex> <args…>]`);
    this.name = "BrokerUsageError";
  }
}

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const [command, ...rest] = argv;
  if (command !== "serve") throw new BrokerUsageError(`unknown command "${command ?? ""}"`);
  const split = rest.indexOf("--");
  const flags = split === -1 ? rest : rest.slice(0, split);
  const upstream = split === -1 ? [] : rest.slice(split + 1);
  const values = new Map<string, string>();
  for (let i = 0; i < flags.length; i += 2) {
    const [flag, value] = [flags[i], flags[i + 1]];
    if (flag === undefined || !flag.startsWith("--") || value === undefined) throw new BrokerUsageError(`bad argument "${flag ?? ""}"`);
    values.set(flag.slice(2), value);
  }
  const endpoint = values.get("endpoint");
  if (endpoint === undefined || !endpoint.startsWith("unix:")) throw new BrokerUsageError("--endpoint unix:<path> is required");
  const [program, ...args] = upstream;
  return {
    socketPath: endpoint.slice("unix:".length),
    pidFile: values.get("pid-file"),
    cwd: values.get("cwd"),
    upstream: program === undefined ? ["codex", "app-server"] : [program, ...args],
  };
}

/** What `serve()` touches outside itself; `processPorts` are the real ones. */
export interface ServePorts {
  readonly spawner: ProcessSpawner;
  readonly clock: Clock;
  readonly signals: SignalPort;
  readonly listen: (socketPath: string) => Promise<BrokerListener>;
  readonly writeFile: (path: string, data: string) => Promise<void>;
  /** Removes a file; a missing one is fine. */
  readonly removeFile: (path: string) => Promise<void>;
  readonly pid: number;
  /** One line on stdout. */
  readonly stdout: (line: string) => void;
  /** Lifecycle events (JSON lines on stderr). */
  readonly log: EventSink;
  readonly exit: ExitFn;
}

// Stryker disable all: the real ports run only in the broker child process (process lane)
export const processPorts: ServePorts = {
  spawner: nodeProcessSpawner,
  clock: realClock,
  signals: processSignals,
  listen: (socketPath) => listenUnixSocket(socketPath),
  writeFile: (path, data) => writeFile(path, data),
  removeFile: (path) => unlink(path).catch(() => {}),
  pid: process.pid,
  stdout: (line) => void process.stdout.write(`${line}\n`),
  log: (event) => void process.stderr.write(`${JSON.stringify(event)}\n`),
  exit: (code) => process.exit(code),
};
// Stryker restore all

/** The broker's switchable safeguards (both on by default). */
export type BrokerSafeguards = Pick<BrokerOptions, "exitWatchdog" | "shuttingDownGuard">;

export async function serve(args: ServeArgs, safeguards: BrokerSafeguards = {}, ports: ServePorts = processPorts): Promise<void> {
  const removePidFile = (): Promise<void> => (args.pidFile === undefined ? Promise.resolve() : ports.removeFile(args.pidFile));
  if (args.pidFile !== undefined) await ports.writeFile(args.pidFile, `${ports.pid}\n`);
  const [command, ...commandArgs] = args.upstream;
  const client = CodexAppServerClient.start({
    spawner: ports.spawner,
    command,
    args: commandArgs,
    clock: ports.clock,
    emit: ports.log,
    ...(args.cwd === undefined ? {} : { cwd: args.cwd }),
  });
  try {
    await client.initialize({ timeoutMs: args.initializeTimeoutMs ?? 10_000 });
  } catch (error) {
    ports.log({ kind: "broker.startup-failed", message: error instanceof Error ? error.message : String(error) });
    await client.closeAndWait();
    await removePidFile();
    ports.exit(1);
    return;
  }
  const listener = await ports.listen(args.socketPath);
  createBroker({
    upstream: brokerUpstreamFrom(client),
    listener,
    signals: ports.signals,
    exit: ports.exit,
    emit: ports.log,
    onShutdown: removePidFile,
    ...safeguards,
  });
  ports.stdout(JSON.stringify({ kind: "broker.listening", endpoint: `unix:${args.socketPath}`, pid: ports.pid }));
}

// Stryker disable all: the entry point runs only when the broker is its own process (process lane)
const invokedDirectly = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (invokedDirectly) {
  try {
    await serve(parseServeArgs(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
