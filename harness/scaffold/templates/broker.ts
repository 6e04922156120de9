import type { TemplateInput } from "../kit-types.ts";

export const brokerTemplate = ({ id, kitImport }: TemplateInput): string => `import {
  brokerImpl,
  captureTurn,
  defineScenario,
  noUpstreamWatchdog,
  startBrokerWorld,
  turnClientFrom,
  type BrokerImpl,
  type CaptureTurnResult,
} from "${kitImport}";

interface Outcome {
  readonly turn: Pick<CaptureTurnResult, "status" | "via" | "exitCode">;
  /** Every exit code the broker asked for. */
  readonly exits: readonly number[];
}

export default defineScenario<BrokerImpl, Outcome>({
  id: "${id}",
  title: "the broker's app-server is killed mid-turn: the client's turn fails and the broker exits 1",
  behavior: "openai/codex-plugin-cc#243: the broker watches its upstream; clients see EOF and their turns resolve",
  lane: "deterministic",
  seeds: [1, 2, 3],
  // A runaway mutant is judged \`hang\` after this many scheduler steps (the default is 200 000).
  budgets: { steps: 20_000 },
  // The src factories under test; a mutant derives its known-bad variant from them.
  impl: brokerImpl,
  async run(ctx, impl) {
    const world = await startBrokerWorld(ctx, impl, {
      model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["Reading the repository."] }] }] },
      // The fault: the upstream app-server is SIGKILLed right after the commentary item completes.
      rules: [{ id: "crash-mid-turn", when: { turn: 0, notification: "item/completed", afterNotification: 2 }, action: { kind: "exit", signal: "SIGKILL" } }],
    });
    void world.upstreamExit.then((exit) => {
      if (exit.signal === "SIGKILL") ctx.probe("upstream.killed-mid-turn");
    });
    const client = await world.connect("client-1");
    const { thread } = await client.threadStart({});
    // ctx.track names each awaited outcome: if the world goes quiet first, the hang report lists it.
    const [turn] = await Promise.all([
      ctx.track(
        "captureTurn(client-1)",
        captureTurn(turnClientFrom(client), {
          threadId: thread.id,
          start: () => client.turnStart({ threadId: thread.id, input: [{ type: "text", text: "review", text_elements: [] }] }),
          clock: ctx.clock,
          emit: ctx.emit,
          exitPolicy: impl.exitPolicy,
        }),
      ),
      ctx.track("broker exit", world.exited),
    ]);
    return { turn: { status: turn.status, via: turn.via, exitCode: turn.exitCode }, exits: [...world.exits] };
  },
  checks: [
    {
      id: "safety:broker-exits-1",
      kind: "safety",
      description: "a dead upstream makes the broker exit 1 (so a supervisor restarts it), and only that",
      check: ({ outcome }) => (outcome.exits.join(",") === "1" ? { ok: true } : { ok: false, message: \`broker exit codes: [\${outcome.exits.join(", ")}]\` }),
    },
    {
      id: "safety:turn-fails",
      kind: "safety",
      description: "the client's turn ends failed with CLI exit code 1",
      check: ({ outcome: { turn } }) =>
        turn.status === "failed" && turn.exitCode === 1 ? { ok: true, evidence: { via: turn.via } } : { ok: false, message: \`turn \${turn.status} via \${turn.via}\` },
    },
  ],
  probes: ["upstream.killed-mid-turn"],
  // The bug re-created: the broker does not watch its upstream, so its clients hang (judged \`hang\`).
  mutants: [noUpstreamWatchdog],
});
`;
