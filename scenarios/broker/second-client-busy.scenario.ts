/**
 * One client owns the notification stream with a running turn. A second client's turn/start is
 * refused with -32001 "Shared Codex broker is busy." (the plugin then falls back to a direct
 * app-server), while its turn/interrupt goes through and ends the first client's turn.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { BROKER_BUSY_CODE, BROKER_BUSY_MESSAGE } from "../../src/broker/types.ts";
import { captureTurn } from "../../src/turn/capture-turn.ts";
import { turnClientFrom } from "../../src/turn/client-adapter.ts";
import type { CaptureTurnResult } from "../../src/turn/types.ts";
import { brokerImpl, startBrokerWorld, type BrokerImpl } from "./drive-broker.ts";

interface Outcome {
  readonly busy: { readonly code: number | null; readonly message: string } | null;
  /** The interrupt's result, as JSON text. */
  readonly interruptResult: string;
  readonly ownerTurn: CaptureTurnResult;
}

const input = [{ type: "text" as const, text: "long task", text_elements: [] }];

export default defineScenario<BrokerImpl, Outcome>({
  id: "broker/second-client-busy",
  title: "a second client's turn/start during a stream is refused with -32001; its turn/interrupt is allowed",
  behavior: "codex-plugin-cc broker exclusivity (BROKER_BUSY_RPC_CODE), kept intact by PR #243",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  impl: brokerImpl,
  async run(ctx, impl) {
    // The model's stream stalls after a commentary message: the turn stays open until interrupted.
    const world = await startBrokerWorld(ctx, impl, {
      model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["Working…"] }], end: "stall" }] },
      provider: { streamIdleTimeoutMs: null },
    });
    const owner = await world.connect("client-owner");
    const { thread } = await owner.threadStart({});
    const turnStarted = new Promise<{ turn: { id: string } }>((resolve) => owner.onNotification("turn/started", resolve));
    const ownerTurn = ctx.track(
      "captureTurn(client-owner)",
      captureTurn(turnClientFrom(owner), { threadId: thread.id, start: () => owner.turnStart({ threadId: thread.id, input }), clock: ctx.clock, emit: ctx.emit }),
    );
    const { turn } = await ctx.track("turn/started at the owner", turnStarted);
    const second = await world.connect("client-second");
    const busy = await second.turnStart({ threadId: "thr-other", input }).then(
      () => null,
      (error: unknown) => {
        const code = (error as { code?: unknown }).code;
        return { code: typeof code === "number" ? code : null, message: error instanceof Error ? error.message : String(error) };
      },
    );
    if (busy !== null) ctx.probe("broker.refused-second-stream");
    const interruptResult = JSON.stringify(await ctx.track("turn/interrupt from client-second", second.turnInterrupt({ threadId: thread.id, turnId: turn.id })));
    return { busy, interruptResult, ownerTurn: await ownerTurn };
  },
  summarize: (o) => ({ busy: o.busy, interruptResult: o.interruptResult, ownerTurn: { status: o.ownerTurn.status, via: o.ownerTurn.via } }),
  checks: [
    {
      id: "safety:second-stream-refused",
      kind: "safety",
      description: `the second client's turn/start is refused with ${BROKER_BUSY_CODE} "${BROKER_BUSY_MESSAGE}"`,
      check: ({ outcome: { busy } }) =>
        busy?.code === BROKER_BUSY_CODE && busy.message === BROKER_BUSY_MESSAGE ? { ok: true } : { ok: false, message: `got ${JSON.stringify(busy)}` },
    },
    {
      id: "safety:interrupt-allowed",
      kind: "safety",
      description: "turn/interrupt from another client reaches the app-server and ends the owner's turn as interrupted",
      check: ({ outcome }) =>
        outcome.interruptResult === "{}" && outcome.ownerTurn.status === "interrupted" && outcome.ownerTurn.via === "turn-completed"
          ? { ok: true }
          : { ok: false, message: `interrupt → ${outcome.interruptResult}, owner turn ${outcome.ownerTurn.status} via ${outcome.ownerTurn.via}` },
    },
  ],
  probes: ["broker.refused-second-stream"],
  mutants: [
    {
      id: "no-stream-exclusivity",
      title: "the broker lets a second client start a stream while another owns it",
      recreates: "a broker without BROKER_BUSY: two clients' turns interleave on one notification stream",
      impl: (base) => ({ ...base, exclusiveStream: false }),
    },
    {
      id: "active-request-routing",
      title: "notifications go to the active request connection first",
      recreates:
        "codex-plugin-cc's routing rule: when the interrupt response and the owner's turn/completed share one pipe read, turn/completed reaches the interrupting client and the owner's turn never ends",
      impl: (base) => ({ ...base, notificationRouting: "active-request" }),
    },
  ],
});
