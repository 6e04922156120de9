/**
 * Explored interleavings: callers call get() at seeded moments while the exec-server drops the
 * first connection at a seeded moment. Whatever the order (before the close, while the close is in
 * flight, during the reconnect handshake, after it), there is at most one replacement session, all
 * callers that got a replacement share it, and nobody who called after the close was visible gets
 * the dead client. 200 seeds = 200 schedules (seeded timings and seeded scheduler choices).
 */
import { sleep } from "../../src/runtime/clock.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import { execImpl, noConnectGate, oneShotCache, settle, stageWebSocketExec, type ExecImpl } from "./exec-world.ts";

const CALLERS = 6;
const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

/** Explicit timings (exploration generates and shrinks them); absent fields are drawn from the run's seed. */
interface RaceParams {
  readonly disconnectAtMs?: number;
  readonly callerDelaysMs?: readonly number[];
}

interface CallerResult {
  readonly caller: number;
  readonly calledAtMs: number;
  /** The first client already reported disconnected when this caller called get(). */
  readonly closeVisibleAtCall: boolean;
  readonly clientId: number | null;
  readonly sessionId: string | null;
  readonly error: string | null;
}

interface Outcome {
  readonly firstClientId: number;
  readonly disconnectAtMs: number;
  readonly callerDelaysMs: readonly number[];
  readonly callers: readonly CallerResult[];
  readonly final: { readonly clientId: number; readonly sessionId: string; readonly connected: boolean } | { readonly error: string };
  readonly connections: number;
  readonly sessions: readonly string[];
}

export default defineScenario<ExecImpl, Outcome, RaceParams>({
  id: "exec/get-races-disconnect",
  title: "get() racing a websocket disconnect keeps one replacement session across 200 explored schedules",
  behavior: "openai/codex#23867: the one-permit connect gate plus the second check make every interleaving of get() and the disconnect produce at most one fresh session",
  lane: "deterministic",
  seeds: SEEDS,
  params: {
    default: {},
    arbitrary: (fc) =>
      fc.record({
        disconnectAtMs: fc.nat({ max: 15 }),
        callerDelaysMs: fc.array(fc.nat({ max: 31 }), { minLength: CALLERS, maxLength: CALLERS }),
      }),
  },
  impl: execImpl,
  async run(ctx, impl) {
    const { server, lazy } = await stageWebSocketExec(ctx, impl);
    const first = await ctx.track("first get()", lazy.get());
    const random = ctx.random("exec.race");
    const startMs = ctx.clock.nowMs();
    const disconnectAtMs = ctx.params.disconnectAtMs ?? random.nextInt(16);
    const callerDelaysMs = Array.from({ length: CALLERS }, (_, i) => ctx.params.callerDelaysMs?.[i] ?? random.nextInt(32));

    // The fault: the server drops connection 1 abnormally at a seeded moment.
    const fault = sleep(ctx.clock, disconnectAtMs, { label: "scripted disconnect" }).then(() => server.disconnect(1, 1006));
    const callers = Array.from({ length: CALLERS }, async (_, caller): Promise<CallerResult> => {
      await sleep(ctx.clock, callerDelaysMs[caller] ?? 0, { label: `caller ${caller} wakes` });
      const calledAtMs = ctx.clock.nowMs() - startMs;
      const closeVisibleAtCall = first.isDisconnected();
      ctx.emit({ kind: "exec.race.get", caller, closeVisibleAtCall });
      const got = await settle(lazy.get());
      ctx.emit({ kind: "exec.race.got", caller, clientId: got.ok ? got.value.clientId : null });
      return got.ok
        ? { caller, calledAtMs, closeVisibleAtCall, clientId: got.value.clientId, sessionId: got.value.sessionId, error: null }
        : { caller, calledAtMs, closeVisibleAtCall, clientId: null, sessionId: null, error: got.error.name };
    });
    const results = await ctx.track("callers racing the disconnect", Promise.all([fault, ...callers]).then(([, ...r]) => r));
    await ctx.track("first client sees the disconnect", first.whenDisconnected);
    if (results.some((r) => r.closeVisibleAtCall)) ctx.probe("exec.get.after-close-visible");

    const final = await ctx.track("final get()", settle(lazy.get()));
    if (final.ok && final.value !== first) ctx.probe("exec.reconnect.after-disconnect");
    const stats = server.stats();
    return {
      firstClientId: first.clientId,
      disconnectAtMs,
      callerDelaysMs,
      callers: results,
      final: final.ok ? { clientId: final.value.clientId, sessionId: final.value.sessionId, connected: !final.value.isDisconnected() } : { error: final.error.name },
      connections: stats.connections,
      sessions: stats.sessions,
    };
  },
  checks: [
    {
      id: "safety:exec-at-most-one-replacement",
      kind: "safety",
      description: "one disconnect yields at most one new connection and one new session",
      check: ({ outcome }) =>
        outcome.connections <= 2 && outcome.sessions.length <= 2
          ? { ok: true }
          : { ok: false, message: `${outcome.connections} connections and sessions [${outcome.sessions.join(", ")}] for one disconnect` },
    },
    {
      id: "safety:exec-replacement-shared",
      kind: "safety",
      description: "every caller that got a replacement got the same one; no caller got an error",
      check: ({ outcome }) => {
        const replacements = new Set(outcome.callers.filter((c) => c.clientId !== outcome.firstClientId).map((c) => c.clientId));
        const errors = outcome.callers.filter((c) => c.error !== null);
        return replacements.size <= 1 && errors.length === 0
          ? { ok: true }
          : { ok: false, message: `replacement clients [${[...replacements].join(", ")}], errors [${errors.map((e) => e.error).join(", ")}]` };
      },
    },
    {
      id: "safety:exec-no-dead-client-after-close",
      kind: "safety",
      description: "a caller that calls get() after the close is visible never gets the dead first client",
      check: ({ outcome }) => {
        const stale = outcome.callers.filter((c) => c.closeVisibleAtCall && c.clientId === outcome.firstClientId);
        return stale.length === 0 ? { ok: true } : { ok: false, message: `callers [${stale.map((c) => c.caller).join(", ")}] got the dead client` };
      },
    },
    {
      id: "liveness:exec-final-get-connected",
      kind: "liveness",
      description: "after the race, get() returns a connected client on the second session",
      check: ({ outcome }) =>
        "connected" in outcome.final && outcome.final.connected && outcome.final.sessionId === "session-2"
          ? { ok: true }
          : { ok: false, message: `final get(): ${JSON.stringify(outcome.final)}` },
    },
  ],
  probes: ["exec.reconnect.after-disconnect"],
  mutants: [noConnectGate, oneShotCache],
  notTested: ["more than one disconnect per run", "cancellation of a caller while it waits on the gate"],
});
