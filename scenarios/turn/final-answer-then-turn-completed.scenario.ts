/** The ordinary turn: a final answer, then turn/completed. The root turn/completed completes it. */
import { defineScenario } from "../../harness/scenario/define.ts";
import { fakeAppServer, runTurnStory, summarizeTurn, turnChecks, turnImpl, type TurnImpl, type TurnOutcome } from "./drive-turn.ts";

export default defineScenario<TurnImpl, TurnOutcome>({
  id: "turn/final-answer-then-turn-completed",
  title: "a normal turn completes through turn/completed",
  behavior: "openai/codex-plugin-cc#243 keeps the cooperative path unchanged",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  impl: turnImpl,
  async run(ctx, impl) {
    const outcome = await runTurnStory(
      ctx,
      impl,
      fakeAppServer({ model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["All ", "good."] }] }] } }),
    );
    if (outcome.result.via === "turn-completed") ctx.probe("turn.completed-by-server");
    return outcome;
  },
  summarize: summarizeTurn,
  checks: [
    turnChecks.status("completed"),
    {
      id: "safety:completed-by-turn-completed",
      kind: "safety",
      description: "the server's turn/completed (not an inference) ends the turn, with the final answer kept",
      check: ({ outcome: { result } }) =>
        result.via === "turn-completed" && result.finalMessage === "All good."
          ? { ok: true }
          : { ok: false, message: `completed via ${result.via} with ${JSON.stringify(result.finalMessage)}` },
    },
  ],
  probes: ["turn.completed-by-server"],
  mutants: [],
});
