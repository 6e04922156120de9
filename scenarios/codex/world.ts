/**
 * The shared-client world of the helper-401 stories: one fake `codex` program on the sim spawner,
 * the shared leased registry in front of it, and the start options every run of one agent shares
 * (so a parent and the helper it spawns resolve to the same entry, as upstream).
 */
import { fakeCodexProgram } from "../../fakes/app-server/program.ts";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { createSimSpawner, type SimSpawner } from "../../fakes/process/sim-spawner.ts";
import type { ScenarioContext } from "../../harness/scenario/types.ts";
import {
  createSharedClientRegistry,
  createStdioClientStarter,
  type CodexStartOptions,
  type RunAttemptOptions,
  type SharedClientRegistry,
  type StartupClientAcquisition,
  type StartupCleanupPolicy,
  type TurnCleanupPolicy,
} from "../../src/codex/index.ts";
import { CANARY_BEARER_TOKEN } from "../canary.ts";

/** The factories a mutant may replace. */
export interface SharedClientImpl {
  readonly policy: StartupCleanupPolicy;
  readonly acquisition: StartupClientAcquisition;
  readonly turnPolicy: TurnCleanupPolicy;
  readonly maxConnectionCloseAttempts: number;
}

export const AGENT_START_OPTIONS: CodexStartOptions = {
  transport: "stdio",
  command: "codex",
  args: ["app-server"],
  authToken: CANARY_BEARER_TOKEN,
  authProfileId: "profile:main",
  agentDir: "/agents/main",
};

export const HELPER_SPAWNED_BY = "agent:main:session-parent";

export interface SharedClientWorld {
  readonly spawner: SimSpawner;
  readonly registry: SharedClientRegistry;
  /** Options for runCodexAttempt shared by every run in this world. */
  attempt(run: { label: string; spawnedBy?: string; text: string; timeoutMs?: number }): RunAttemptOptions;
}

export function createSharedClientWorld(ctx: ScenarioContext<unknown>, impl: SharedClientImpl, script: FakeCodexScript, name = "codex"): SharedClientWorld {
  const spawner = createSimSpawner(ctx.world, { codex: fakeCodexProgram(script) });
  const registry = createSharedClientRegistry({
    clock: ctx.clock,
    emit: ctx.emit,
    startClient: createStdioClientStarter({ spawner, clock: ctx.clock, emit: ctx.emit, idPrefix: `${name}-client`, requestTimeoutMs: 30_000 }),
  });
  ctx.defer(() => registry.closeAll());
  return {
    spawner,
    registry,
    attempt: (run) => ({
      registry,
      startOptions: AGENT_START_OPTIONS,
      ...(run.spawnedBy === undefined ? {} : { spawnedBy: run.spawnedBy }),
      timeoutMs: run.timeoutMs ?? 5_000,
      threadParams: { cwd: "/work/repo", approvalPolicy: "never", sandbox: "read-only" },
      input: [{ type: "text", text: run.text, text_elements: [] }],
      policy: impl.policy,
      acquisition: impl.acquisition,
      turnPolicy: impl.turnPolicy,
      maxConnectionCloseAttempts: impl.maxConnectionCloseAttempts,
      clock: ctx.clock,
      emit: ctx.emit,
      runLabel: run.label,
    }),
  };
}
