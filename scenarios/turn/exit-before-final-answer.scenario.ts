/**
 * The app-server says something in the commentary phase, then exits 0 mid-turn without
 * turn/completed (codex 0.169.0 does exactly this on stdin EOF or SIGTERM). Before PR #243 the
 * turn hung forever; now it fails with the disconnect error and a non-zero CLI exit code.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { DISCONNECTED_MESSAGE } from "../../src/turn/types.ts";
import { noExitWatchdog, runTurnStory, turnChecks, turnImpl, type TurnImpl, type TurnOutcome } from "./drive-turn.ts";
import { step } from "./scripted-app-server.ts";

export default defineScenario<TurnImpl, TurnOutcome>({
  id: "turn/exit-before-final-answer",
  title: "an app-server exiting before any final answer fails the turn instead of hanging it",
  behavior: "openai/codex-plugin-cc#243: captureTurn resolves when the app-server disconnects mid-turn",
  lane: "deterministic",
  seeds: [1, 2, 3],
  impl: turnImpl,
  run: (ctx, impl) =>
    runTurnStory(ctx, impl, {
      steps: [step.turnStarted(), step.agentMessage("commentary", "I'm going to inspect the diff first.")],
      end: { kind: "exit", code: 0 },
    }),
  summarize: ({ result, endAtMs, completedAtMs }) => ({ ...result, error: result.error?.message ?? null, endAtMs, completedAtMs }),
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
  probes: ["appserver.ended-mid-turn"],
  mutants: [noExitWatchdog],
  notTested: ["a real codex binary (the live lane covers the stdin-EOF exit shape)", "the plugin's progress line on stderr"],
});
