/**
 * The production client stack (shared leased registry + stdio client starter) pointed at the real
 * codex app-server through the live lane's namespace wrapper. Every spawned process is tracked
 * and counted; everything is torn down through the scenario's deferred cleanup.
 */
import type { ModelScript } from "../../fakes/app-server/script.ts";
import { createStdioClientStarter } from "../../src/codex/client-starter.ts";
import { LIVE_TURN_BOUND_MS } from "./launch.ts";
import { createSharedClientRegistry, type SharedClientRegistry } from "../../src/codex/shared-client.ts";
import type { CodexStartOptions } from "../../src/codex/shared-client-key.ts";
import { nodeProcessSpawner } from "../../src/runtime/node-process.ts";
import type { ScenarioContext } from "../scenario/types.ts";
import { ensureLiveLane, type LiveLane } from "./preflight.ts";
import { disposeAll, trackingSpawner } from "./resources.ts";
import { prepareLiveHome, type LiveHome } from "./run-real.ts";

export interface LiveRegistry {
  readonly lane: LiveLane;
  readonly home: LiveHome;
  readonly registry: SharedClientRegistry;
  readonly startOptions: CodexStartOptions;
  /** Pids of every real app-server process (namespace wrapper) spawned so far. */
  readonly spawnedPids: readonly number[];
  /** Pids of those that have exited. */
  readonly exitedPids: ReadonlySet<number>;
}

export async function startLiveRegistry(ctx: ScenarioContext<unknown>, options: { model: ModelScript; streamIdleTimeoutMs?: number }): Promise<LiveRegistry> {
  const lane = await ensureLiveLane();
  ctx.defer(() => lane.cleanup());
  const home = prepareLiveHome({ lane, model: options.model, streamIdleTimeoutMs: options.streamIdleTimeoutMs ?? 10_000 });
  ctx.defer(() => home.dispose());
  const spawner = trackingSpawner(nodeProcessSpawner);
  const registry = createSharedClientRegistry({
    startClient: createStdioClientStarter({ spawner, clock: ctx.clock, emit: ctx.emit, idPrefix: "codex", requestTimeoutMs: ctx.scaleMs(LIVE_TURN_BOUND_MS) }),
    emit: ctx.emit,
    clock: ctx.clock,
  });
  // Close the clients and wait for every process to be gone before the home is removed: a codex
  // that is still shutting down writes into CODEX_HOME.
  ctx.defer(async () => {
    registry.closeAll();
    await disposeAll();
  });
  const startOptions: CodexStartOptions = {
    transport: "stdio",
    command: home.launch.command,
    args: home.launch.args,
    env: home.launch.env,
    authProfileId: null,
  };
  return { lane, home, registry, startOptions, spawnedPids: spawner.spawnedPids, exitedPids: spawner.exitedPids };
}
