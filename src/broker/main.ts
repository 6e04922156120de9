/**
 * The broker as a process:
 *   node --import tsx src/broker/main.ts serve --endpoint unix:<path> [--pid-file <path>] [--cwd <dir>] [-- <codex> <args…>]
 * Spawns the upstream (`codex app-server` by default), initializes it, listens on the unix socket,
 * prints one `broker.listening` JSON line on stdout, and logs lifecycle events as JSON lines on
 * stderr. Exits 0 after a graceful shutdown, 1 when the upstream dies or startup fails.
 */
import { unlink, writeFile } from "node:fs/promises";
import { CodexAppServerClient } from "../codex/app-server-client.ts";
import type { EventSink } from "../runtime/events.ts";
import { nodeProcessSpawner } from "../runtime/node-process.ts";
import { realClock } from "../runtime/real-clock.ts";
import { createBroker } from "./broker.ts";
import type { BrokerOptions } from "./types.ts";
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

const log: EventSink = (event) => process.stderr.write(`${JSON.stringify(event)}\n`);

async function removeFile(path: string | undefined): Promise<void> {
  if (path !== undefined) await unlink(path).catch(() => {});
}

/** The broker's switchable safeguards (both on by default). */
export type BrokerSafeguards = Pick<BrokerOptions, "exitWatchdog" | "shuttingDownGuard">;

export async function serve(args: ServeArgs, safeguards: BrokerSafeguards = {}): Promise<void> {
  if (args.pidFile !== undefined) await writeFile(args.pidFile, `${process.pid}\n`);
  const [command, ...commandArgs] = args.upstream;
  const client = CodexAppServerClient.start({
    spawner: nodeProcessSpawner,
    command,
    args: commandArgs,
    clock: realClock,
    emit: log,
    ...(args.cwd === undefined ? {} : { cwd: args.cwd }),
  });
  try {
    await client.initialize({ timeoutMs: args.initializeTimeoutMs ?? 10_000 });
  } catch (error) {
    log({ kind: "broker.startup-failed", message: error instanceof Error ? error.message : String(error) });
    await client.closeAndWait();
    await removeFile(args.pidFile);
    process.exit(1);
  }
  const listener = await listenUnixSocket(args.socketPath);
  createBroker({
    upstream: brokerUpstreamFrom(client),
    listener,
    signals: processSignals,
    exit: (code) => process.exit(code),
    emit: log,
    onShutdown: () => removeFile(args.pidFile),
    ...safeguards,
  });
  process.stdout.write(`${JSON.stringify({ kind: "broker.listening", endpoint: `unix:${args.socketPath}`, pid: process.pid })}\n`);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (invokedDirectly) {
  try {
    await serve(parseServeArgs(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
