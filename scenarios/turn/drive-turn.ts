/**
 * Shared set-up of the captureTurn stories: a scripted app-server spawned through the sim
 * spawner, the real CodexAppServerClient over its stdio, and captureTurn (with the impl's exit
 * policy) following one turn. The known-bad exit policies of PR #243's history live here.
 */
import { createSimSpawner } from "../../fakes/process/sim-spawner.ts";
import type { Check, MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
import { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import { captureTurn, completeOnExit } from "../../src/turn/capture-turn.ts";
import { turnClientFrom } from "../../src/turn/client-adapter.ts";
import type { CaptureTurnResult, TurnExitPolicy } from "../../src/turn/types.ts";
import { scriptedAppServer, THREAD_ID, type TurnScript } from "./scripted-app-server.ts";

export interface TurnImpl {
  readonly exitPolicy: TurnExitPolicy;
}

export const turnImpl = (): TurnImpl => ({ exitPolicy: completeOnExit });

export const noExitWatchdog: MutantDef<TurnImpl> = {
  id: "no-exit-watchdog",
  title: "captureTurn ignores the client's exit",
  recreates: "codex-plugin-cc before PR #243: only turn/completed or the 250 ms inferred path complete a turn",
  impl: (base) => ({ ...base, exitPolicy: () => "ignore" }),
};

export const exitAlwaysFails: MutantDef<TurnImpl> = {
  id: "exit-always-fails",
  title: "every exit fails the turn",
  recreates: "PR #243's first iteration, which marked every disconnect failed and lost a valid final answer",
  impl: (base) => ({ ...base, exitPolicy: () => "fail" }),
};

export interface TurnOutcome {
  readonly result: CaptureTurnResult;
  /** Virtual ms (from the run's start) when the app-server's scripted end fired, if it did. */
  readonly endAtMs: number | null;
  readonly completedAtMs: number;
  /** Fake app-server processes still running after the turn. */
  readonly processesAlive: number;
}

export async function runTurnStory(ctx: ScenarioContext<unknown>, impl: TurnImpl, script: Omit<TurnScript, "onEnd">): Promise<TurnOutcome> {
  const t0 = ctx.clock.nowMs();
  let endAtMs: number | null = null;
  const spawner = createSimSpawner(ctx.world, {
    codex: scriptedAppServer({
      ...script,
      onEnd: () => {
        endAtMs = ctx.clock.nowMs() - t0;
        ctx.probe("appserver.ended-mid-turn");
      },
    }),
  });
  const client = CodexAppServerClient.start({ spawner, command: "codex", args: ["app-server"], clock: ctx.clock, emit: ctx.emit, clientId: "client-1" });
  ctx.defer(() => client.close());
  await client.initialize();
  await client.threadStart({});
  const result = await ctx.track(
    "captureTurn",
    captureTurn(turnClientFrom(client), {
      threadId: THREAD_ID,
      start: () => client.turnStart({ threadId: THREAD_ID, input: [{ type: "text", text: "review the diff", text_elements: [] }] }),
      clock: ctx.clock,
      emit: ctx.emit,
      exitPolicy: impl.exitPolicy,
    }),
  );
  return { result, endAtMs, completedAtMs: ctx.clock.nowMs() - t0, processesAlive: spawner.alive().length };
}

/** Small check builders shared by the turn stories. */
export const turnChecks = {
  status(expected: "completed" | "failed"): Check<TurnOutcome> {
    return {
      id: `safety:turn-${expected}`,
      kind: "safety",
      description: `the captured turn ends ${expected} with CLI exit code ${expected === "completed" ? 0 : 1}`,
      check: ({ outcome: { result } }) =>
        result.status === expected && result.exitCode === (expected === "completed" ? 0 : 1)
          ? { ok: true, evidence: { status: result.status, via: result.via, exitCode: result.exitCode } }
          : { ok: false, message: `turn ended ${result.status} via ${result.via} (exit code ${result.exitCode}); expected ${expected}` },
    };
  },
  noWait(): Check<TurnOutcome> {
    return {
      id: "liveness:completes-at-the-exit",
      kind: "liveness",
      description: "once the app-server is gone the turn completes at once, without waiting out the 250 ms inferred timer",
      check: ({ outcome }) => {
        const waitedMs = outcome.endAtMs === null ? null : outcome.completedAtMs - outcome.endAtMs;
        return waitedMs !== null && waitedMs < 10
          ? { ok: true, evidence: { waitedMs } }
          : { ok: false, message: `the turn completed ${waitedMs ?? "?"} ms after the app-server exited (via ${outcome.result.via})` };
      },
    };
  },
  noProcessLeft(): Check<TurnOutcome> {
    return {
      id: "safety:no-app-server-left",
      kind: "safety",
      description: "no fake app-server process is still running after the turn",
      check: ({ outcome }) => (outcome.processesAlive === 0 ? { ok: true } : { ok: false, message: `${outcome.processesAlive} app-server process(es) still running` }),
    };
  },
};
