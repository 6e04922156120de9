/**
 * Black-box lane, control case: the naive client is not broken on a normal turn. It prints the
 * answer and exits 0, so its hang in blackbox/example-client-exit-mid-turn comes from the mid-turn
 * exit alone, not from the lane.
 */
import { defineBlackBoxScenario } from "../../harness/blackbox/define.ts";
import { ANSWER_PATTERN, naiveClient, normalTurnScript, PROMPT } from "./clients.ts";

export default defineBlackBoxScenario({
  id: "blackbox/naive-client-normal-turn",
  title: "Control: the naive client completes a normal turn and exits 0",
  behavior: "The pre-#243 client works whenever turn/completed arrives; only the mid-turn exit makes it hang.",
  client: naiveClient,
  prompt: PROMPT,
  fakeCodexScript: normalTurnScript,
  exitCode: 0,
  output: [{ id: "safety:stdout-has-final-answer", description: "the final answer is printed on stdout", pattern: ANSWER_PATTERN, stream: "stdout" }],
  probe: { id: "fake-codex completed the turn", reached: (t) => t.methods("out").includes("turn/completed") },
  notTested: ["A control case: it proves nothing about the fix, only that the lane does not fail the naive client for being naive."],
});
