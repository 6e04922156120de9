/**
 * Black-box lane, PR #243: the app-server exits 0 mid-turn, right after a commentary message, with
 * no final answer and no turn/completed. The example client must notice the exit, fail the turn
 * with a non-zero exit code and a message that says the app-server disconnected, well before its
 * deadline, and leave nothing running. The naive client (the pre-#243 behaviour) waits for
 * turn/completed forever: the lane kills its tree at the deadline and judges the run `hang`.
 */
import { defineBlackBoxScenario } from "../../harness/blackbox/define.ts";
import { EXIT_MID_TURN_RULE, exitMidTurnScript, naiveClientMutant, PROMPT, runTurnClient } from "./clients.ts";

export default defineBlackBoxScenario({
  id: "blackbox/example-client-exit-mid-turn",
  title: "The app-server exits mid-turn: the client fails the turn promptly instead of hanging",
  behavior:
    "openai/codex-plugin-cc #243: captureTurn must resolve when the app-server disconnects mid-turn; a client that waits only for turn/completed hangs forever.",
  client: runTurnClient,
  prompt: PROMPT,
  fakeCodexScript: exitMidTurnScript,
  exitCode: "nonzero",
  output: [
    {
      id: "safety:output-says-disconnected",
      description: "the client says the app-server went away (the #243 test's pattern)",
      pattern: /disconnect|closed|unexpectedly/i,
      stream: "both",
    },
  ],
  // The fault path: the exit rule fired and the fake never sent turn/completed.
  probe: {
    id: "app-server exited mid-turn",
    reached: (t) => t.events("appserver.fault").some((e) => e["rule"] === EXIT_MID_TURN_RULE) && !t.methods("out").includes("turn/completed"),
  },
  mutants: [naiveClientMutant],
  notTested: ["Exit with a non-zero code or a signal mid-turn, and the broker path, are covered by the deterministic turn and broker scenarios."],
});
