/**
 * Process lane: a real broker process over a real unix socket, whose real fake-app-server child is
 * SIGKILLed mid-turn. Both connected clients must see EOF, the turn must fail, the broker must
 * exit 1 on its own, and no process, socket file or pid file may be left behind.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { captureTurn } from "../../src/turn/capture-turn.ts";
import { turnClientFrom } from "../../src/turn/client-adapter.ts";
import type { CaptureTurnResult } from "../../src/turn/types.ts";
import { noUpstreamWatchdogProcess, processBrokerImpl, startProcessBroker, within, type ProcessBrokerImpl } from "./process-broker.ts";

/** How long a broker may outlive its upstream before the story calls it lingering (and kills it). */
const EXIT_BOUND_MS = 3_000;

interface Outcome {
  readonly brokerExit: { readonly exitCode: number | null; readonly onItsOwn: boolean };
  readonly turn: { readonly status: string; readonly via: string; readonly error: string | null };
  readonly idleClientSawEof: boolean;
  readonly leftovers: { brokerAlive: boolean; upstreamAlive: boolean; socketFile: boolean; pidFile: boolean };
  readonly watchdogFired: boolean;
}

export default defineScenario<ProcessBrokerImpl, Outcome>({
  id: "broker/process-upstream-crash",
  title: "a real broker process whose app-server is killed mid-turn closes its clients, exits 1 and leaves nothing behind",
  behavior: "openai/codex-plugin-cc#243: the broker's upstream watchdog, proven with real processes and a unix socket",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 20_000 },
  impl: processBrokerImpl,
  async run(ctx, impl) {
    const broker = await startProcessBroker(ctx, impl, {
      model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["Reading the repository."] }] }] },
      rules: [{ id: "crash-mid-turn", when: { turn: 0, notification: "item/completed", afterNotification: 2 }, action: { kind: "exit", signal: "SIGKILL" } }],
    });
    const turnClient = await broker.connect("client-turn");
    const idleClient = await broker.connect("client-idle");
    const { thread } = await turnClient.threadStart({});
    const turn = ctx.track(
      "captureTurn(client-turn)",
      captureTurn(turnClientFrom(turnClient), {
        threadId: thread.id,
        start: () => turnClient.turnStart({ threadId: thread.id, input: [{ type: "text", text: "review", text_elements: [] }] }),
        clock: ctx.clock,
        emit: ctx.emit,
      }),
    );
    const exit = await within(ctx.clock, ctx.scaleMs(EXIT_BOUND_MS), broker.exited);
    if (exit === undefined) broker.kill("SIGKILL"); // a lingering broker: end it so the run leaks nothing
    const final = exit ?? (await broker.exited);
    const result: CaptureTurnResult = await turn;
    await idleClient.closed;
    if (broker.events.some((e) => e.kind === "broker.upstream-exited")) ctx.probe("broker.saw-upstream-die");
    return {
      brokerExit: { exitCode: final.exitCode ?? null, onItsOwn: exit !== undefined },
      turn: { status: result.status, via: result.via, error: result.error?.message ?? null },
      idleClientSawEof: idleClient.isClosed,
      leftovers: broker.leftovers(),
      watchdogFired: broker.events.some((e) => e.kind === "broker.upstream-exited"),
    };
  },
  checks: [
    {
      id: "safety:broker-exits-1-on-its-own",
      kind: "safety",
      description: `the broker exits with code 1 within ${EXIT_BOUND_MS} ms of its upstream dying`,
      check: ({ outcome: { brokerExit } }) =>
        brokerExit.onItsOwn && brokerExit.exitCode === 1
          ? { ok: true }
          : { ok: false, message: brokerExit.onItsOwn ? `broker exited ${brokerExit.exitCode}` : `broker still running ${EXIT_BOUND_MS} ms after its upstream died (killed by the story)` },
    },
    {
      id: "safety:clients-see-eof-and-turn-fails",
      kind: "safety",
      description: "every client sees EOF; the turn fails with exit code 1",
      check: ({ outcome }) =>
        outcome.idleClientSawEof && outcome.turn.status === "failed"
          ? { ok: true, evidence: outcome.turn }
          : { ok: false, message: `idle EOF ${outcome.idleClientSawEof}, turn ${outcome.turn.status} via ${outcome.turn.via}` },
    },
    {
      id: "safety:nothing-left-behind",
      kind: "safety",
      description: "no broker or app-server process, socket file or pid file outlives the broker",
      check: ({ outcome: { leftovers: l } }) =>
        !l.brokerAlive && !l.upstreamAlive && !l.socketFile && !l.pidFile ? { ok: true } : { ok: false, message: `left behind: ${JSON.stringify(l)}` },
    },
  ],
  probes: ["broker.saw-upstream-die"],
  mutants: [noUpstreamWatchdogProcess],
  notTested: ["Windows named pipes", "the real codex binary as upstream (the fake-codex executable stands in, on PATH as `codex`)"],
});
