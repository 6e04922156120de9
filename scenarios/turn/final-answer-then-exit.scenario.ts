/**
 * The app-server completes a final answer, then exits before turn/completed. A dead socket sends
 * nothing more, so the watchdog completes the turn as an inferred success at once: the answer is
 * kept and nothing waits out the 250 ms inferred-completion timer.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { exitAlwaysFails, fakeAppServer, noExitWatchdog, runTurnStory, summarizeTurn, turnChecks, turnImpl, type TurnImpl, type TurnOutcome } from "./drive-turn.ts";

const ANSWER = "Missing empty-state guard in render().";

export default defineScenario<TurnImpl, TurnOutcome>({
  id: "turn/final-answer-then-exit",
  title: "a final answer followed by an exit is a success, without the 250 ms wait",
  behavior: "openai/codex-plugin-cc#243: the exit watchdog keeps a valid final answer",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  impl: turnImpl,
  run: (ctx, impl) =>
    runTurnStory(
      ctx,
      impl,
      fakeAppServer({
        model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["Missing empty-state ", "guard in render()."] }] }] },
        // Exit right after the final answer's item/completed: no tokenUsage, no turn/completed.
        rules: [{ id: "exit-after-final-answer", when: { turn: 0, notification: "item/completed", afterNotification: 2 }, action: { kind: "exit", code: 0 } }],
      }),
    ),
  summarize: summarizeTurn,
  checks: [
    turnChecks.status("completed"),
    {
      id: "safety:final-answer-kept",
      kind: "safety",
      description: "the final answer is the captured message",
      check: ({ outcome: { result } }) =>
        result.finalMessage === ANSWER ? { ok: true } : { ok: false, message: `captured ${JSON.stringify(result.finalMessage)}` },
    },
    turnChecks.noWait(),
    turnChecks.noProcessLeft(),
  ],
  probes: ["appserver.gone-mid-turn"],
  mutants: [exitAlwaysFails, noExitWatchdog],
  notTested: ["a final answer whose exit races the 250 ms timer on a real clock"],
});
