/**
 * Shared set-up of the captureTurn stories: an app-server program (the fake app-server with a
 * fault script, or the scripted one) spawned through the sim spawner, the real
 * CodexAppServerClient over its stdio, and captureTurn (with the impl's exit policy) following one
 * turn. The known-bad exit policies of PR #243's history live here.
 */
import { fakeCodexProgram } from "../../fakes/app-server/program.ts";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { createSimSpawner, type FakeProgram } from "../../fakes/process/sim-spawner.ts";
import type { Check, Json, MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
import { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import { captureTurn, completeOnExit } from "../../src/turn/capture-turn.ts";
import { turnClientFrom } from "../../src/turn/client-adapter.ts";
import type { CaptureTurnResult, TurnExitPolicy } from "../../src/turn/types.ts";
import { scriptedAppServer, type TurnScript } from "./scripted-app-server.ts";

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

/** The same mutant where the exit comes before any answer: its bug is the hang. */
export const noExitWatchdogHangs: MutantDef<TurnImpl> = { ...noExitWatchdog, expects: ["hang"] };

export const exitAlwaysFails: MutantDef<TurnImpl> = {
  id: "exit-always-fails",
  title: "every exit fails the turn",
  recreates: "codex-plugin-cc #261's approach: any exit during an active turn throws, losing a valid final answer",
  impl: (base) => ({ ...base, exitPolicy: () => "fail" }),
};

export interface TurnOutcome {
  readonly result: CaptureTurnResult;
  /** Virtual ms (from the run's start) when the client saw the app-server go away mid-turn, if it did. */
  readonly endAtMs: number | null;
  readonly completedAtMs: number;
  /** Fake app-server processes still running after the turn. */
  readonly processesAlive: number;
}

/** The fake app-server with this fault script, as the `codex` program. */
export const fakeAppServer = (script: FakeCodexScript): FakeProgram => fakeCodexProgram(script);
/** The scripted app-server (sub-agent turns, turns held open), as the `codex` program. */
export const scripted = (script: TurnScript): FakeProgram => scriptedAppServer(script);

/** A turn story's evidence for the report: the capture result with its error as text, and the timings. */
export function summarizeTurn({ result, endAtMs, completedAtMs }: TurnOutcome): Json {
  return { ...result, error: result.error?.message ?? null, endAtMs, completedAtMs } as unknown as Json;
}

export async function runTurnStory(ctx: ScenarioContext<unknown>, impl: TurnImpl, program: FakeProgram): Promise<TurnOutcome> {
  const t0 = ctx.clock.nowMs();
  const spawner = createSimSpawner(ctx.world, { codex: program });
  const client = CodexAppServerClient.start({ spawner, command: "codex", args: ["app-server"], clock: ctx.clock, emit: ctx.emit, clientId: "client-1" });
  ctx.defer(() => client.close());
  await client.initialize();
  const { thread } = await client.threadStart({});
  let endAtMs: number | null = null;
  let turnDone = false;
  void client.closed.then(() => {
    if (turnDone) return;
    endAtMs = ctx.clock.nowMs() - t0;
    ctx.probe("appserver.gone-mid-turn");
  });
  const result = await ctx.track(
    "captureTurn",
    captureTurn(turnClientFrom(client), {
      threadId: thread.id,
      start: () => client.turnStart({ threadId: thread.id, input: [{ type: "text", text: "review the diff", text_elements: [] }] }),
      clock: ctx.clock,
      emit: ctx.emit,
      exitPolicy: impl.exitPolicy,
    }),
  );
  turnDone = true;
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
