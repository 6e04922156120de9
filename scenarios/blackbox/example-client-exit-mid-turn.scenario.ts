/**
 * Black-box lane, PR #243: the app-server exits 0 mid-turn, right after a commentary message, with
 * no final answer and no turn/completed. The example client must notice the exit, fail the turn
 * with a non-zero exit code and a message that says the app-server disconnected, well before its
 * deadline, and leave nothing running. The naive client (the pre-#243 behaviour) waits for
 * turn/completed forever: the lane kills it at the deadline and judges the run `hang`.
 */
import { clientExitsBeforeDeadline, exitCodeNonZero, noLeftoverProcesses, outputMatches } from "../../harness/blackbox/checks.ts";
import { hangAfterDeadline, runClientInScenario, summarizeClientRun, wallBudgetMs } from "../../harness/blackbox/scenario-kit.ts";
import { viewTranscript } from "../../harness/blackbox/transcript.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import { CLIENT_DEADLINE_MS, EXIT_MID_TURN_RULE, exitMidTurnScript, naiveClientMutant, PROMPT, runTurnClient, type BlackBoxImpl } from "./clients.ts";

export default defineScenario({
  id: "blackbox/example-client-exit-mid-turn",
  title: "The app-server exits mid-turn: the client fails the turn promptly instead of hanging",
  behavior:
    "openai/codex-plugin-cc #243: captureTurn must resolve when the app-server disconnects mid-turn; a client that waits only for turn/completed hangs forever.",
  lane: "black-box",
  seeds: [1],
  budgets: { wallMs: wallBudgetMs(CLIENT_DEADLINE_MS) },
  impl: (): BlackBoxImpl => ({ client: runTurnClient }),
  async run(ctx, impl) {
    const result = await runClientInScenario(ctx, { client: impl.client, prompt: PROMPT, fakeCodexScript: exitMidTurnScript, deadlineMs: CLIENT_DEADLINE_MS });
    const transcript = viewTranscript(result.transcript);
    // The fault path: the exit rule fired and the fake really exited 0 without turn/completed.
    if (transcript.events("appserver.fault").some((e) => e["rule"] === EXIT_MID_TURN_RULE) && !transcript.methods("out").includes("turn/completed")) {
      ctx.probe("app-server exited mid-turn");
    }
    if (result.timedOut) return hangAfterDeadline(ctx, result, `client ${impl.client.name} exits after the app-server exited mid-turn`);
    return result;
  },
  summarize: summarizeClientRun,
  checks: [
    clientExitsBeforeDeadline(),
    exitCodeNonZero(),
    outputMatches("safety:output-says-disconnected", "the client says the app-server went away (the #243 test's pattern)", /disconnect|closed|unexpectedly/i, "both"),
    noLeftoverProcesses(),
  ],
  probes: ["app-server exited mid-turn"],
  mutants: [naiveClientMutant],
  notTested: [
    `A hang is seen only at the client's ${CLIENT_DEADLINE_MS} ms wall-clock deadline (real processes): a client slower than that would be judged hang too.`,
    "Exit with a non-zero code or a signal mid-turn, and the broker path, are covered by the deterministic turn and broker scenarios.",
  ],
});
