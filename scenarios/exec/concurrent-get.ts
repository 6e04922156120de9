/**
 * The #23867 proof test as a story: the exec-server closes the first websocket right after the
 * handshake; once the client has seen the close, N callers call get() at the same moment. Exactly
 * one new connection and one new session must appear, and every caller must get the same client.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import type { Lane, ScenarioDef } from "../../harness/scenario/types.ts";
import { describeClient, execImpl, noConnectGate, oneShotCache, SECRET_HEADERS, stageWebSocketExec, type ExecImpl } from "./exec-world.ts";

export interface ConcurrentGetOutcome {
  readonly first: { clientId: number; sessionId: string };
  readonly callers: ReadonlyArray<{ clientId: number; sessionId: string; connected: boolean }>;
  readonly connections: number;
  readonly sessions: readonly string[];
}

export function concurrentGetScenario(options: { id: string; callers: number; lane: Lane; seeds: readonly number[] }): ScenarioDef<ExecImpl, ConcurrentGetOutcome> {
  const n = options.callers;
  return defineScenario<ExecImpl, ConcurrentGetOutcome>({
    id: options.id,
    title: `${n} concurrent get() after a websocket disconnect share one fresh exec-server session${options.lane === "process" ? " (ws on loopback)" : ""}`,
    behavior:
      "openai/codex#23867: LazyRemoteExecServerClient::get() replaces a disconnected websocket client with one brand-new client and session, shared by concurrent callers",
    lane: options.lane,
    seeds: options.seeds,
    impl: execImpl,
    async run(ctx, impl) {
      // The server closes connection 1 abnormally after its first frame (the initialize response).
      const { server, lazy } = await stageWebSocketExec(ctx, impl, { script: { closeAfterFrames: [{ connection: 1, frames: 1, code: 1006 }] } });
      const first = await ctx.track("first get()", lazy.get());
      await ctx.track("first client sees the disconnect", first.whenDisconnected);
      ctx.probe("exec.disconnect.observed");

      const clients = await ctx.track(`${n} concurrent get()`, Promise.all(Array.from({ length: n }, () => lazy.get())));
      if (clients.some((c) => c !== first)) ctx.probe("exec.reconnect.after-disconnect");
      const stats = server.stats();
      return {
        first: { clientId: first.clientId, sessionId: first.sessionId },
        callers: clients.map(describeClient),
        connections: stats.connections,
        sessions: stats.sessions,
      };
    },
    checks: [
      {
        id: "safety:exec-one-new-connection",
        kind: "safety",
        description: "the N callers cause exactly one new websocket connection (two in all)",
        check: ({ outcome }) =>
          outcome.connections === 2 ? { ok: true } : { ok: false, message: `${outcome.connections} connections, expected 2`, evidence: { connections: outcome.connections } },
      },
      {
        id: "safety:exec-one-fresh-session",
        kind: "safety",
        description: "every caller gets the one fresh session, never the dead first one",
        check: ({ outcome }) => {
          const seen = [...new Set(outcome.callers.map((c) => c.sessionId))];
          const fresh = outcome.sessions[1];
          return seen.length === 1 && seen[0] === fresh && fresh !== outcome.first.sessionId
            ? { ok: true, evidence: { sessions: [...outcome.sessions] } }
            : { ok: false, message: `callers saw sessions [${seen.join(", ")}]; server created [${outcome.sessions.join(", ")}]`, evidence: { seen } };
        },
      },
      {
        id: "safety:exec-same-client",
        kind: "safety",
        description: "every caller gets the very same client object, connected",
        check: ({ outcome }) => {
          const ids = new Set(outcome.callers.map((c) => c.clientId));
          const allConnected = outcome.callers.every((c) => c.connected);
          return ids.size === 1 && allConnected
            ? { ok: true }
            : { ok: false, message: `callers got clients [${[...ids].join(", ")}], all connected: ${allConnected}` };
        },
      },
      {
        id: "safety:exec-no-secret-in-trace",
        kind: "safety",
        description: "the bearer token the client sends never appears in a trace event",
        check: ({ trace }) => {
          const leak = trace.find((r) => JSON.stringify(r.event).includes(SECRET_HEADERS.Authorization.slice("Bearer ".length)));
          return leak === undefined ? { ok: true } : { ok: false, message: `trace event ${leak.event.kind} carries the token`, atStep: leak.step };
        },
      },
    ],
    probes: ["exec.disconnect.observed", "exec.reconnect.after-disconnect"],
    mutants: [oneShotCache, noConnectGate],
    notTested: [
      "session resume (resumeSessionId) and request replay: out of scope for #23867",
      "the websocket upgrade itself (mock-socket has no HTTP stage in the deterministic lane)",
    ],
  });
}
