/**
 * Shared set-up of the deterministic broker stories: the fake app-server (with a fault script)
 * spawned through the sim spawner as the upstream, the broker over an in-memory listener, downstream clients as real
 * CodexAppServerClients over in-memory transports, and recorded exits and signals.
 */
import { fakeCodexProgram } from "../../fakes/app-server/program.ts";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { createSimSpawner, type SimSpawner } from "../../fakes/process/sim-spawner.ts";
import { createTransportPair } from "../../fakes/transports/in-memory.ts";
import type { FakeWorld } from "../../fakes/world.ts";
import type { MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
import { createBroker, type Broker } from "../../src/broker/broker.ts";
import type { BrokerListener, BrokerSignal } from "../../src/broker/types.ts";
import { brokerUpstreamFrom } from "../../src/broker/upstream.ts";
import { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import { completeOnExit } from "../../src/turn/capture-turn.ts";
import type { ProcessExit } from "../../src/runtime/process.ts";
import type { Transport } from "../../src/runtime/transport.ts";
import type { TurnExitPolicy } from "../../src/turn/types.ts";

export interface BrokerImpl {
  readonly exitWatchdog: boolean;
  readonly shuttingDownGuard: boolean;
  /** The downstream clients' captureTurn exit policy. */
  readonly exitPolicy: TurnExitPolicy;
  readonly notificationRouting: "stream-thread" | "active-request";
  readonly exclusiveStream: boolean;
}

export const brokerImpl = (): BrokerImpl => ({
  exitWatchdog: true,
  shuttingDownGuard: true,
  exitPolicy: completeOnExit,
  notificationRouting: "stream-thread",
  exclusiveStream: true,
});

export const noUpstreamWatchdog: MutantDef<BrokerImpl> = {
  id: "no-upstream-watchdog",
  title: "the broker does not watch its upstream",
  recreates: "codex-plugin-cc main (issue #598): a dead app-server leaves the broker up and its clients hanging",
  expects: ["hang"],
  impl: (base) => ({ ...base, exitWatchdog: false }),
};

export const noShuttingDownGuard: MutantDef<BrokerImpl> = {
  id: "no-shutting-down-guard",
  title: "the upstream watchdog fires during a graceful shutdown",
  recreates: "PR #243 before its review fix: graceful shutdown closes the upstream and trips the watchdog into exit 1",
  impl: (base) => ({ ...base, shuttingDownGuard: false }),
};

/** Downstream connections from an in-memory hub: `connect` hands the broker one end of a pair. */
export function inMemoryListener(world: FakeWorld): BrokerListener & { connect(name: string): Transport; readonly isClosed: boolean } {
  let handler: (t: Transport) => void = (t) => t.close();
  let isClosed = false;
  return {
    onConnection: (next) => void (handler = next),
    close() {
      isClosed = true;
      return Promise.resolve();
    },
    get isClosed() {
      return isClosed;
    },
    connect(name) {
      if (isClosed) throw Object.assign(new Error(`connect ${name}: ECONNREFUSED`), { code: "ECONNREFUSED" });
      const [client, server] = createTransportPair(world, name);
      handler(server);
      return client;
    },
  };
}

export interface BrokerWorld {
  readonly broker: Broker;
  readonly spawner: SimSpawner;
  readonly listener: ReturnType<typeof inMemoryListener>;
  /** Every exit code the broker asked for, in order. */
  readonly exits: readonly number[];
  /** Resolves with the first exit code. */
  readonly exited: Promise<number>;
  readonly pidFileRemoved: () => boolean;
  /** How the upstream app-server process ended. */
  readonly upstreamExit: Promise<ProcessExit>;
  signal(signal: BrokerSignal): void;
  /** A downstream client, connected and initialized through the broker. */
  connect(name: string): Promise<CodexAppServerClient>;
  /** Sends one raw request on a fresh connection and resolves with the parsed reply. */
  rawRequest(name: string, method: string, params?: unknown): Promise<Record<string, unknown>>;
}

export async function startBrokerWorld(ctx: ScenarioContext<unknown>, impl: BrokerImpl, script: FakeCodexScript, name = "broker"): Promise<BrokerWorld> {
  const spawner = createSimSpawner(ctx.world, { codex: fakeCodexProgram(script) });
  const upstream = CodexAppServerClient.start({ spawner, command: "codex", args: ["app-server"], clock: ctx.clock, emit: ctx.emit, clientId: `${name}-upstream` });
  await upstream.initialize();
  const listener = inMemoryListener(ctx.world);
  const exits: number[] = [];
  let firstExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (firstExit = resolve));
  let pidFileRemoved = false;
  let deliver: (signal: BrokerSignal) => void = () => {};
  const broker = createBroker({
    upstream: brokerUpstreamFrom(upstream),
    listener,
    signals: { onSignal: (h) => ((deliver = h), () => (deliver = () => {})) },
    exit: (code) => {
      exits.push(code);
      firstExit(code);
    },
    emit: ctx.emit,
    exitWatchdog: impl.exitWatchdog,
    shuttingDownGuard: impl.shuttingDownGuard,
    notificationRouting: impl.notificationRouting,
    exclusiveStream: impl.exclusiveStream,
    onShutdown: () => void (pidFileRemoved = true),
  });
  ctx.defer(() => upstream.close());
  return {
    broker,
    spawner,
    listener,
    exits,
    exited,
    pidFileRemoved: () => pidFileRemoved,
    upstreamExit: upstream.child?.exited ?? Promise.resolve({ code: null, signal: null }),
    // A signal crosses the world like any delivery.
    signal: (signal) => ctx.world.post(`signal:${name}`, signal, () => deliver(signal)),
    async connect(clientName) {
      const client = CodexAppServerClient.start({ transport: listener.connect(clientName), clock: ctx.clock, emit: ctx.emit, clientId: clientName });
      ctx.defer(() => client.close());
      await client.initialize();
      return client;
    },
    rawRequest(connectionName, method, params) {
      const transport = listener.connect(connectionName);
      const reply = new Promise<Record<string, unknown>>((resolve) => transport.onMessage((line) => resolve(JSON.parse(line) as Record<string, unknown>)));
      transport.send(JSON.stringify(params === undefined ? { id: 1, method } : { id: 1, method, params }));
      return reply;
    },
  };
}
