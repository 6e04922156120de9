/**
 * A sub-agent turn is still running when the app-server exits, even though the root agent already
 * sent a final answer. Pending sub-agent work means the answer is not final: the turn fails.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { noExitWatchdogHangs, runTurnStory, scripted, summarizeTurn, turnChecks, turnImpl, type TurnImpl, type TurnOutcome } from "./drive-turn.ts";
import { step } from "./scripted-app-server.ts";

export default defineScenario<TurnImpl, TurnOutcome>({
  id: "turn/subagent-pending-then-exit",
  title: "an exit while a sub-agent turn is pending fails the turn",
  behavior: "openai/codex-plugin-cc#243: the watchdog only infers success with no pending sub-agent work",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  impl: turnImpl,
  run: (ctx, impl) =>
    runTurnStory(
      ctx,
      impl,
      // The fake app-server has no sub-agents; the scripted one plays the notifications of one.
      scripted({
      steps: [
        step.turnStarted(),
        step.collab("started", "thr-sub"),
        step.turnStarted("thr-sub", "sub-turn-1"),
        step.agentMessage("final_answer", "Waiting on the sub-agent."),
      ],
        end: { kind: "exit", code: 0 },
      }),
    ),
  summarize: summarizeTurn,
  checks: [turnChecks.status("failed"), turnChecks.noWait(), turnChecks.noProcessLeft()],
  probes: ["appserver.gone-mid-turn"],
  mutants: [
    noExitWatchdogHangs,
    {
      id: "exit-ignores-subagents",
      title: "the exit watchdog infers success from any final answer",
      recreates: "a watchdog that skips the pending sub-agent check",
      impl: (base) => ({ ...base, exitPolicy: (view) => (view.finalAnswerSeen ? "succeed" : "fail") }),
    },
  ],
});
