/**
 * The first reconnect after a disconnect is refused: the connect error reaches the caller, with
 * the real close semantics (1006, unclean), and is not cached: the next get() connects.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import type { Lane, ScenarioDef } from "../../harness/scenario/types.ts";
import { cachedConnectError, describeClient, execImpl, oneShotCache, settle, stageWebSocketExec, type ExecImpl } from "./exec-world.ts";

interface Outcome {
  readonly refused: { readonly ok: boolean; readonly error?: string; readonly message?: string };
  readonly next: { readonly ok: boolean; readonly sessionId?: string; readonly connected?: boolean; readonly error?: string };
  readonly attempts: number;
  readonly connections: number;
}

export function refusedReconnectScenario(options: { id: string; lane: Lane; seeds: readonly number[] }): ScenarioDef<ExecImpl, Outcome> {
  return defineScenario<ExecImpl, Outcome>({
    id: options.id,
    title: `a refused reconnect reaches the caller and is not cached: the next get() connects${options.lane === "process" ? " (ws on loopback)" : ""}`,
    behavior: "openai/codex#23867: a failed connect propagates with `?` and is not cached, so the next get() tries again",
    lane: options.lane,
    seeds: options.seeds,
    impl: execImpl,
    async run(ctx, impl) {
      // Connection 1 dies after the handshake; connection attempt 2 (the first reconnect) is refused.
      const { server, lazy } = await stageWebSocketExec(ctx, impl, {
        script: { closeAfterFrames: [{ connection: 1, frames: 1, code: 1006 }], refuseAttempts: [2] },
      });
      const first = await ctx.track("first get()", lazy.get());
      await ctx.track("first client sees the disconnect", first.whenDisconnected);

      const refused = await ctx.track("get() against a refusing server", settle(lazy.get()));
      if (!refused.ok) ctx.probe("exec.connect.refused");
      const next = await ctx.track("get() once the server accepts again", settle(lazy.get()));
      if (next.ok && next.value !== first) ctx.probe("exec.reconnect.after-refusal");
      const stats = server.stats();
      return {
        refused: refused.ok ? { ok: true } : { ok: false, error: refused.error.name, message: refused.error.message },
        next: next.ok ? { ok: true, ...describeClient(next.value) } : { ok: false, error: next.error.name },
        attempts: stats.attempts,
        connections: stats.connections,
      };
    },
    checks: [
      {
        id: "safety:exec-refusal-reaches-caller",
        kind: "safety",
        description: "the refused connect rejects the caller with a connect error naming an abnormal close (1006), never a dead client",
        check: ({ outcome }) =>
          outcome.refused.error === "ExecServerConnectError" && (outcome.refused.message ?? "").includes("code 1006")
            ? { ok: true, evidence: { message: outcome.refused.message ?? "" } }
            : { ok: false, message: `the refused get() gave ${JSON.stringify(outcome.refused)}` },
      },
      {
        id: "liveness:exec-next-get-connects",
        kind: "liveness",
        description: "the next get() opens a new connection and returns a connected client on a fresh session",
        check: ({ outcome }) =>
          outcome.next.ok && outcome.next.connected === true && outcome.next.sessionId === "session-2" && outcome.attempts === 3 && outcome.connections === 2
            ? { ok: true }
            : { ok: false, message: `next get(): ${JSON.stringify(outcome.next)}; ${outcome.attempts} attempts, ${outcome.connections} connections` },
      },
    ],
    probes: ["exec.connect.refused", "exec.reconnect.after-refusal"],
    mutants: [cachedConnectError, oneShotCache],
    notTested: ["backoff between attempts (upstream has none)", "an HTTP status on the refused upgrade (mock-socket has no upgrade stage)"],
  });
}
