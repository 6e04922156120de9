/**
 * Shared cast for the exec-server scenarios (#23867): the lazy client under test, the fake
 * exec-server behind a websocket host (mock-socket on virtual time, or `ws` on loopback), and the
 * known-bad variants the scenarios must catch.
 */
import { createFakeExecServer, type ExecServerFaultScript, type FakeExecServer, type ScriptedProcess } from "../../fakes/exec-server/index.ts";
import { createMockSocketHost, createWsLoopbackHost, installVirtualTimers, type WsHost } from "../../fakes/websocket/index.ts";
import type { MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
import {
  createLazyExecServerClient,
  defaultLazyExecServerClientImpl,
  type ConnectErrorMemory,
  type ExecServerClient,
  type LazyExecServerClient,
  type LazyExecServerClientImpl,
} from "../../src/exec/index.ts";

export interface ExecImpl {
  readonly lazy: LazyExecServerClientImpl;
}

export const execImpl = (): ExecImpl => ({ lazy: defaultLazyExecServerClientImpl });

export const CLIENT_NAME = "codex-lifecycle-proof";
/** A credential the client sends; it must never show up in a trace or report. */
export const SECRET_HEADERS = { Authorization: "Bearer exec-secret-token" };

export interface ExecStage {
  readonly server: FakeExecServer;
  readonly host: WsHost;
  readonly lazy: LazyExecServerClient;
}

/** Builds the stage for the scenario's lane; cleanup is registered on ctx (LIFO: client, host, timers). */
export async function stageWebSocketExec(
  ctx: ScenarioContext<unknown>,
  impl: ExecImpl,
  options: { readonly script?: ExecServerFaultScript; readonly program?: (argv: readonly string[]) => ScriptedProcess } = {},
): Promise<ExecStage> {
  const server = createFakeExecServer({ world: ctx.world, ...options });
  const handlers = { accept: (attempt: number) => server.accept(attempt), onConnection: server.serve };
  let host: WsHost;
  if (ctx.lane === "deterministic") {
    // mock-socket's 4 ms open/send delays run on this run's virtual clock.
    ctx.defer(installVirtualTimers(ctx.clock, { label: "mock-socket delay" }));
    host = createMockSocketHost(ctx.world, handlers);
  } else {
    host = await createWsLoopbackHost(ctx.world, handlers);
  }
  ctx.defer(() => host.stop());
  const lazy = createLazyExecServerClient({
    transport: { kind: "websocket", url: host.url, factory: host.factory, headers: SECRET_HEADERS },
    clientName: CLIENT_NAME,
    emit: ctx.emit,
    impl: impl.lazy,
  });
  ctx.defer(() => lazy.close());
  return { server, host, lazy };
}

/** Awaits a promise and records its result or error as data: a mutant's failure must reach the checks, not throw. */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: { name: string; message: string } }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, error: { name: e.name, message: e.message } };
  }
}

export function describeClient(client: ExecServerClient): { clientId: number; sessionId: string; connected: boolean } {
  return { clientId: client.clientId, sessionId: client.sessionId, connected: !client.isDisconnected() };
}

// ── Known-bad variants ────────────────────────────────────────────────────────────────────────

export const oneShotCache: MutantDef<ExecImpl> = {
  id: "one-shot-cache",
  title: "the first client is cached forever, dead or alive",
  recreates: "the pre-#23867 one-shot lazy cache: a dead websocket client is returned forever",
  impl: (base) => ({ lazy: { ...base.lazy, cachePolicy: () => "return-cached" } }),
};

export const noConnectGate: MutantDef<ExecImpl> = {
  id: "no-connect-gate",
  title: "no single-permit connect gate",
  recreates: "a reconnect without the semaphore: concurrent get() calls each open a session",
  impl: (base) => ({ lazy: { ...base.lazy, createGate: () => ({ acquire: () => Promise.resolve(() => {}), close: () => {} }) } }),
};

export const cachedConnectError: MutantDef<ExecImpl> = {
  id: "cached-connect-error",
  title: "a failed connect is cached",
  recreates: "a connect error stored in the cache: one refused reconnect poisons every later get()",
  impl: (base) => ({
    lazy: {
      ...base.lazy,
      createErrorMemory: (): ConnectErrorMemory => {
        let remembered: Error | undefined;
        return { recall: () => remembered, remember: (error) => void (remembered = error) };
      },
    },
  }),
};

export const reconnectStdio: MutantDef<ExecImpl> = {
  id: "reconnect-stdio",
  title: "stdio clients are reconnected too",
  recreates: "treating every transport as reconnectable: a second exec-server process is spawned for stdio",
  impl: (base) => ({ lazy: { ...base.lazy, cachePolicy: () => "replace" } }),
};
