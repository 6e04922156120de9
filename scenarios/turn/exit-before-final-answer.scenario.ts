/**
 * The app-server says something in the commentary phase, then exits 0 mid-turn without
 * turn/completed (codex 0.169.0 does exactly this on stdin EOF or SIGTERM). Before PR #243 the
 * turn hung forever; now it fails with the disconnect error and a non-zero CLI exit code.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { DISCONNECTED_MESSAGE } from "../../src/turn/types.ts";
import { fakeAppServer, noExitWatchdogHangs, runTurnStory, summarizeTurn, turnChecks, turnImpl, type TurnImpl, type TurnOutcome } from "./drive-turn.ts";

export default defineScenario<TurnImpl, TurnOutcome>({
  id: "turn/exit-before-final-answer",
  title: "an app-server exiting before any final answer fails the turn instead of hanging it",
  behavior: "openai/codex-plugin-cc#243: captureTurn resolves when the app-server disconnects mid-turn",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  impl: turnImpl,
  run: (ctx, impl) =>
    runTurnStory(
      ctx,
      impl,
      fakeAppServer({
        model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["I'm going to ", "inspect the diff first."] }] }] },
        // The second item/completed of the turn is the commentary message (the first is the user's).
        rules: [{ id: "exit-after-commentary", when: { turn: 0, notification: "item/completed", afterNotification: 2 }, action: { kind: "exit", code: 0 } }],
      }),
    ),
  summarize: summarizeTurn,
  checks: [
    turnChecks.status("failed"),
    {
      id: "safety:disconnect-error-reported",
      kind: "safety",
      description: "the failure names the disconnect, and the commentary is kept as the last message",
      check: ({ outcome: { result } }) =>
        result.error?.message === DISCONNECTED_MESSAGE && result.finalMessage === "I'm going to inspect the diff first."
          ? { ok: true, evidence: { error: result.error.message } }
          : { ok: false, message: `error was ${JSON.stringify(result.error)}, last message ${JSON.stringify(result.finalMessage)}` },
    },
    turnChecks.noWait(),
    turnChecks.noProcessLeft(),
  ],
  probes: ["appserver.gone-mid-turn"],
  mutants: [noExitWatchdogHangs],
  notTested: ["a real codex binary (the live lane covers the stdin-EOF exit shape)", "the plugin's progress line on stderr"],
});
