/**
 * The broker's app-server dies mid-turn (SIGKILL, no turn/completed). The watchdog must tear the
 * broker down: every connected client sees EOF, the turn's captureTurn resolves as failed, the
 * broker exits 1, and nothing (process, endpoint, pid file) is left behind. Before PR #243 the
 * broker stayed up with a dead upstream and its clients hung.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { captureTurn } from "../../src/turn/capture-turn.ts";
import { turnClientFrom } from "../../src/turn/client-adapter.ts";
import { DISCONNECTED_MESSAGE, type CaptureTurnResult } from "../../src/turn/types.ts";
import { noExitWatchdog } from "../turn/drive-turn.ts";
import { brokerImpl, noUpstreamWatchdog, startBrokerWorld, type BrokerImpl } from "./drive-broker.ts";

interface Outcome {
  readonly turn: CaptureTurnResult;
  readonly idleClientClose: string;
  readonly exits: readonly number[];
  readonly processesAlive: number;
  readonly endpointRemoved: boolean;
  readonly pidFileRemoved: boolean;
}

export default defineScenario<BrokerImpl, Outcome>({
  id: "broker/upstream-crash-mid-turn",
  title: "a broker whose app-server dies mid-turn closes every client and exits 1",
  behavior: "openai/codex-plugin-cc#243: the broker watches its upstream; clients see EOF and their turns resolve",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  impl: brokerImpl,
  async run(ctx, impl) {
    const world = await startBrokerWorld(ctx, impl, {
      model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["Reading the repository."] }] }] },
      // The app-server is killed right after the commentary message: no turn/completed, ever.
      rules: [{ id: "crash-mid-turn", when: { turn: 0, notification: "item/completed", afterNotification: 2 }, action: { kind: "exit", signal: "SIGKILL" } }],
    });
    const turnClient = await world.connect("client-turn");
    const idleClient = await world.connect("client-idle");
    const { thread } = await turnClient.threadStart({});
    void world.upstreamExit.then((exit) => {
      if (exit.signal === "SIGKILL") ctx.probe("upstream.crashed-mid-turn");
    });
    const [turn, idleClose, exitCode] = await Promise.all([
      ctx.track(
        "captureTurn(client-turn)",
        captureTurn(turnClientFrom(turnClient), {
          threadId: thread.id,
          start: () => turnClient.turnStart({ threadId: thread.id, input: [{ type: "text", text: "review", text_elements: [] }] }),
          clock: ctx.clock,
          emit: ctx.emit,
          exitPolicy: impl.exitPolicy,
        }),
      ),
      ctx.track("EOF at client-idle", idleClient.closed),
      ctx.track("broker exit", world.exited),
    ]);
    ctx.emit({ kind: "story.broker-exited", code: exitCode });
    return {
      turn,
      idleClientClose: idleClose.message,
      exits: [...world.exits],
      processesAlive: world.spawner.alive().length,
      endpointRemoved: world.listener.isClosed,
      pidFileRemoved: world.pidFileRemoved(),
    };
  },
  summarize: (o) => ({ ...o, turn: { status: o.turn.status, via: o.turn.via, exitCode: o.turn.exitCode, error: o.turn.error?.message ?? null } }),
  checks: [
    {
      id: "safety:broker-exits-1",
      kind: "safety",
      description: "a dead upstream makes the broker exit with code 1 (so a supervisor can restart it), and only that",
      check: ({ outcome }) => (outcome.exits.join(",") === "1" ? { ok: true } : { ok: false, message: `broker exit codes: [${outcome.exits.join(", ")}]` }),
    },
    {
      id: "safety:turn-fails-with-disconnect",
      kind: "safety",
      description: "the client's turn ends failed with the disconnect error and CLI exit code 1",
      check: ({ outcome: { turn } }) =>
        turn.status === "failed" && turn.exitCode === 1 && turn.error?.message === DISCONNECTED_MESSAGE
          ? { ok: true, evidence: { via: turn.via } }
          : { ok: false, message: `turn ${turn.status} via ${turn.via}: ${turn.error?.message ?? "no error"}` },
    },
    {
      id: "safety:nothing-left-behind",
      kind: "safety",
      description: "no app-server process, endpoint or pid file outlives the broker",
      check: ({ outcome: o }) =>
        o.processesAlive === 0 && o.endpointRemoved && o.pidFileRemoved
          ? { ok: true }
          : { ok: false, message: `processes alive ${o.processesAlive}, endpoint removed ${o.endpointRemoved}, pid file removed ${o.pidFileRemoved}` },
    },
  ],
  probes: ["upstream.crashed-mid-turn"],
  mutants: [
    noUpstreamWatchdog,
    { ...noExitWatchdog, expects: ["hang"], impl: (base: BrokerImpl) => ({ ...base, exitPolicy: () => "ignore" as const }) },
  ],
  notTested: ["a broker over a real unix socket (see broker/process-upstream-crash)", "named pipes on Windows"],
});
