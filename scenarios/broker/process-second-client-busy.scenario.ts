/**
 * Process lane: two clients on a real broker's unix socket. While the first owns a running turn,
 * the second's turn/start is refused with -32001 and its turn/interrupt ends the first's turn.
 * Then a broker/shutdown stops the broker with exit 0 and nothing left behind.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { connectUnixSocket } from "../../src/broker/unix-socket.ts";
import { contendForStream, interruptAllowed, secondStreamRefused, STALLED_TURN_SCRIPT, type BusyOutcome } from "./busy-story.ts";
import { processBrokerImpl, startProcessBroker, within, type ProcessBrokerImpl } from "./process-broker.ts";

interface Outcome extends BusyOutcome {
  readonly brokerExitCode: number | null;
  readonly leftovers: { brokerAlive: boolean; upstreamAlive: boolean; socketFile: boolean; pidFile: boolean };
}

export default defineScenario<ProcessBrokerImpl, Outcome>({
  id: "broker/process-second-client-busy",
  title: "over a real unix socket, a second stream is refused with -32001 while turn/interrupt is allowed",
  behavior: "codex-plugin-cc broker exclusivity (BROKER_BUSY_RPC_CODE), with real processes",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 20_000 },
  impl: processBrokerImpl,
  async run(ctx, impl) {
    const broker = await startProcessBroker(ctx, impl, STALLED_TURN_SCRIPT);
    const contended = await contendForStream(ctx, (name) => broker.connect(name));
    // Clean stop, so the leftovers check means something.
    const stopper = await connectUnixSocket(broker.socketPath);
    stopper.send(JSON.stringify({ id: 1, method: "broker/shutdown" }));
    const exit = await within(ctx.clock, ctx.scaleMs(5_000), broker.exited);
    return {
      ...contended,
      brokerExitCode: exit?.exitCode ?? null,
      leftovers: broker.leftovers(),
    };
  },
  checks: [
    secondStreamRefused(),
    interruptAllowed(),
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
