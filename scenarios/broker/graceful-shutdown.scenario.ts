/**
 * The three graceful ways to stop a broker: a `broker/shutdown` request, SIGTERM and SIGINT. Each
 * closes the upstream itself, which resolves the same exit signal the upstream watchdog listens
 * on; the shutting-down guard must keep the watchdog quiet so the broker exits 0, once.
 */
import { sleep } from "../../src/runtime/clock.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import type { ScenarioContext } from "../../harness/scenario/types.ts";
import { brokerImpl, noShuttingDownGuard, startBrokerWorld, type BrokerImpl } from "./drive-broker.ts";

const PATHS = ["broker/shutdown", "SIGTERM", "SIGINT"] as const;
type ShutdownPath = (typeof PATHS)[number];

/** After the first exit, the window in which a tripped watchdog would ask for a second one. */
const QUIET_WINDOW_MS = 1_000;

interface PathOutcome {
  readonly path: ShutdownPath;
  /** The reply to `broker/shutdown` (null for the signal paths). */
  readonly reply: string | null;
  readonly exits: readonly number[];
  readonly clientSawEof: boolean;
  readonly processesAlive: number;
  readonly endpointRemoved: boolean;
  readonly pidFileRemoved: boolean;
}

async function stopBroker(ctx: ScenarioContext<unknown>, impl: BrokerImpl, path: ShutdownPath): Promise<PathOutcome> {
  const world = await startBrokerWorld(ctx, impl, {}, `broker-${path}`);
  const client = await world.connect(`client-${path}`);
  let reply: string | null = null;
  if (path === "broker/shutdown") {
    // The broker answers {} before it closes the connection.
    reply = JSON.stringify(await world.rawRequest("shutdown-requester", "broker/shutdown"));
  } else {
    world.signal(path);
  }
  await ctx.track(`broker exit after ${path}`, world.exited);
  ctx.probe(`broker.stopped-by.${path}`);
  await sleep(ctx.clock, QUIET_WINDOW_MS, { label: "quiet window after exit" });
  return {
    path,
    reply,
    exits: [...world.exits],
    clientSawEof: client.isClosed,
    processesAlive: world.spawner.alive().length,
    endpointRemoved: world.listener.isClosed,
    pidFileRemoved: world.pidFileRemoved(),
  };
}

export default defineScenario<BrokerImpl, readonly PathOutcome[]>({
  id: "broker/graceful-shutdown",
  title: "broker/shutdown, SIGTERM and SIGINT each stop the broker with exit 0 and never trip the upstream watchdog",
  behavior: "openai/codex-plugin-cc#243 review fix: the shuttingDown guard keeps graceful shutdown from exiting 1",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  impl: brokerImpl,
  async run(ctx, impl) {
    const outcomes: PathOutcome[] = [];
    for (const path of PATHS) outcomes.push(await stopBroker(ctx, impl, path));
    return outcomes;
  },
  checks: [
    {
      id: "safety:graceful-exit-0-once",
      kind: "safety",
      description: "every graceful path asks to exit exactly once, with code 0",
      check: ({ outcome }) => {
        const bad = outcome.filter((o) => o.exits.join(",") !== "0");
        return bad.length === 0
          ? { ok: true }
          : { ok: false, message: bad.map((o) => `${o.path}: exit codes [${o.exits.join(", ")}]`).join("; "), evidence: bad.map((o) => ({ path: o.path, exits: [...o.exits] })) };
      },
    },
    {
      id: "safety:shutdown-request-answered",
      kind: "safety",
      description: "a broker/shutdown request is answered {} before the connection closes",
      check: ({ outcome }) => {
        const reply = outcome.find((o) => o.path === "broker/shutdown")?.reply;
        return reply === '{"id":1,"result":{}}' ? { ok: true } : { ok: false, message: `reply was ${reply ?? "missing"}` };
      },
    },
    {
      id: "safety:watchdog-never-fires",
      kind: "safety",
      description: "the upstream watchdog never reacts to a shutdown the broker started itself",
      check: ({ events }) => {
        const fired = events("broker.upstream-exited");
        return fired.length === 0 ? { ok: true } : { ok: false, message: `watchdog fired ${fired.length} time(s)`, atStep: fired[0]?.step ?? 0 };
      },
    },
    {
      id: "safety:clean-teardown",
      kind: "safety",
      description: "clients see EOF; no app-server process, endpoint or pid file is left",
      check: ({ outcome }) => {
        const bad = outcome.filter((o) => !o.clientSawEof || o.processesAlive > 0 || !o.endpointRemoved || !o.pidFileRemoved);
        return bad.length === 0 ? { ok: true } : { ok: false, message: `left behind after: ${bad.map((o) => o.path).join(", ")}` };
      },
    },
  ],
  probes: PATHS.map((p) => `broker.stopped-by.${p}`),
  mutants: [noShuttingDownGuard],
  notTested: ["signals to a real broker process are covered by broker/process-graceful-shutdown"],
});
