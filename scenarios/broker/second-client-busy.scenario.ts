/**
 * One client owns the notification stream with a running turn. A second client's turn/start is
 * refused with -32001 "Shared Codex broker is busy." (the plugin then falls back to a direct
 * app-server), while its turn/interrupt goes through and ends the first client's turn.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { contendForStream, interruptAllowed, secondStreamRefused, STALLED_TURN_SCRIPT, type BusyOutcome } from "./busy-story.ts";
import { brokerImpl, startBrokerWorld, type BrokerImpl } from "./drive-broker.ts";

export default defineScenario<BrokerImpl, BusyOutcome>({
  id: "broker/second-client-busy",
  title: "a second client's turn/start during a stream is refused with -32001; its turn/interrupt is allowed",
  behavior: "codex-plugin-cc broker exclusivity (BROKER_BUSY_RPC_CODE), kept intact by PR #243",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  impl: brokerImpl,
  async run(ctx, impl) {
    const world = await startBrokerWorld(ctx, impl, STALLED_TURN_SCRIPT);
    return contendForStream(ctx, (name) => world.connect(name));
  },
  checks: [secondStreamRefused(), interruptAllowed()],
  probes: ["broker.refused-second-stream"],
  mutants: [
    {
      id: "no-stream-exclusivity",
      title: "the broker lets a second client start a stream while another owns it",
      recreates: "a broker without BROKER_BUSY: two clients' turns interleave on one notification stream",
      // Both bugs leave a client's turn waiting forever: the hang is the catch.
      expects: ["hang"],
      impl: (base) => ({ ...base, exclusiveStream: false }),
    },
    {
      id: "active-request-routing",
      title: "notifications go to the active request connection first",
      recreates:
        "codex-plugin-cc's routing rule: when the interrupt response and the owner's turn/completed share one pipe read, turn/completed reaches the interrupting client and the owner's turn never ends",
      expects: ["hang"],
      impl: (base) => ({ ...base, notificationRouting: "active-request" }),
    },
  ],
});
