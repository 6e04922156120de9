/**
 * Process lane: two clients on a real broker's unix socket. While the first owns a running turn,
 * the second's turn/start is refused with -32001 and its turn/interrupt ends the first's turn.
 * Then a broker/shutdown stops the broker with exit 0 and nothing left behind.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { BROKER_BUSY_CODE, BROKER_BUSY_MESSAGE } from "../../src/broker/types.ts";
import { connectUnixSocket } from "../../src/broker/unix-socket.ts";
import { captureTurn } from "../../src/turn/capture-turn.ts";
import { turnClientFrom } from "../../src/turn/client-adapter.ts";
import { processBrokerImpl, startProcessBroker, within, type ProcessBrokerImpl } from "./process-broker.ts";

interface Outcome {
  readonly busy: { readonly code: number | null; readonly message: string } | null;
  readonly interruptResult: string;
  readonly ownerTurn: { readonly status: string; readonly via: string };
  readonly brokerExitCode: number | null;
  readonly leftovers: { brokerAlive: boolean; upstreamAlive: boolean; socketFile: boolean; pidFile: boolean };
}

const input = [{ type: "text" as const, text: "long task", text_elements: [] }];

export default defineScenario<ProcessBrokerImpl, Outcome>({
  id: "broker/process-second-client-busy",
  title: "over a real unix socket, a second stream is refused with -32001 while turn/interrupt is allowed",
  behavior: "codex-plugin-cc broker exclusivity (BROKER_BUSY_RPC_CODE), with real processes",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 20_000 },
  impl: processBrokerImpl,
  async run(ctx, impl) {
    // The model stalls after a commentary message, with no idle timeout: the turn stays open.
    const broker = await startProcessBroker(ctx, impl, {
      model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["Working…"] }], end: "stall" }] },
      provider: { streamIdleTimeoutMs: null },
    });
    const owner = await broker.connect("client-owner");
    const { thread } = await owner.threadStart({});
    const started = new Promise<{ turn: { id: string } }>((resolve) => owner.onNotification("turn/started", resolve));
    const ownerTurn = ctx.track(
      "captureTurn(client-owner)",
      captureTurn(turnClientFrom(owner), { threadId: thread.id, start: () => owner.turnStart({ threadId: thread.id, input }), clock: ctx.clock, emit: ctx.emit }),
    );
    const { turn } = await ctx.track("turn/started at the owner", started);
    const second = await broker.connect("client-second");
    const busy = await second.turnStart({ threadId: thread.id, input }).then(
      () => null,
      (error: unknown) => {
        const code = (error as { code?: unknown }).code;
        return { code: typeof code === "number" ? code : null, message: error instanceof Error ? error.message : String(error) };
      },
    );
    if (busy !== null) ctx.probe("broker.refused-second-stream");
    const interruptResult = JSON.stringify(await second.turnInterrupt({ threadId: thread.id, turnId: turn.id }));
    const ended = await ownerTurn;
    // Clean stop, so the leftovers check means something.
    const stopper = await connectUnixSocket(broker.socketPath);
    stopper.send(JSON.stringify({ id: 1, method: "broker/shutdown" }));
    const exit = await within(ctx.clock, 5_000, broker.exited);
    return {
      busy,
      interruptResult,
      ownerTurn: { status: ended.status, via: ended.via },
      brokerExitCode: exit?.exitCode ?? null,
      leftovers: broker.leftovers(),
    };
  },
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
      description: "the second client's turn/interrupt reaches the app-server and ends the owner's turn as interrupted",
      check: ({ outcome: o }) =>
        o.interruptResult === "{}" && o.ownerTurn.status === "interrupted"
          ? { ok: true }
          : { ok: false, message: `interrupt → ${o.interruptResult}, owner turn ${o.ownerTurn.status} via ${o.ownerTurn.via}` },
    },
    {
      id: "safety:clean-stop",
      kind: "safety",
      description: "broker/shutdown then exits 0 and leaves no process, socket file or pid file",
      check: ({ outcome: o }) =>
        o.brokerExitCode === 0 && !Object.values(o.leftovers).some(Boolean)
          ? { ok: true }
          : { ok: false, message: `exit ${o.brokerExitCode}, leftovers ${JSON.stringify(o.leftovers)}` },
    },
  ],
  probes: ["broker.refused-second-stream"],
  mutants: [],
  notTested: ["the plugin's fallback to a direct app-server after -32001 (a client concern)"],
});
