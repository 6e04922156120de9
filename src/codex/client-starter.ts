/**
 * The usual `startClient` for the shared registry: spawn `command args` (with the start options'
 * env, minus `clearEnv`) through the ProcessSpawner port. Instance ids come from a per-starter
 * counter, so the same run always names its clients the same way.
 */
import type { Clock } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import type { ProcessSpawner } from "../runtime/process.ts";
import { CodexAppServerClient } from "./app-server-client.ts";
import type { ClientInfo } from "./protocol.ts";
import type { CodexStartOptions } from "./shared-client-key.ts";

export interface StdioClientStarterOptions {
  readonly spawner: ProcessSpawner;
  readonly clock: Clock;
  readonly emit?: EventSink;
  readonly requestTimeoutMs?: number;
  readonly clientInfo?: ClientInfo;
  /** Ids are `<prefix>-1`, `<prefix>-2`… (default "codex-client"). */
  readonly idPrefix?: string;
  /** Base environment the start options' env is layered on. */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
}

export function createStdioClientStarter(options: StdioClientStarterOptions): (startOptions: CodexStartOptions) => Promise<CodexAppServerClient> {
  let started = 0;
  return async (startOptions) => {
    if (startOptions.transport !== "stdio") throw new Error(`the stdio client starter cannot start a ${startOptions.transport} client`);
    const env: Record<string, string | undefined> = { ...options.baseEnv, ...startOptions.env };
    for (const name of startOptions.clearEnv ?? []) delete env[name];
    started += 1;
    return CodexAppServerClient.start({
      spawner: options.spawner,
      command: startOptions.command ?? "codex",
      args: startOptions.args ?? ["app-server"],
      env,
      clock: options.clock,
      clientId: `${options.idPrefix ?? "codex-client"}-${started}`,
      ...(options.emit === undefined ? {} : { emit: options.emit }),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      ...(options.clientInfo === undefined ? {} : { clientInfo: options.clientInfo }),
    });
  };
}
