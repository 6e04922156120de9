/**
 * Black-box lane, the happy path: the example client (src/cli/run-turn.ts) runs one turn against
 * fake-codex on PATH, prints the final answer, exits 0, and leaves nothing running. A client that
 * does all that but leaves a detached broker behind is caught by the leftover scan alone.
 */
import { defineBlackBoxScenario } from "../../harness/blackbox/define.ts";
import { ANSWER_PATTERN, leakyBrokerMutant, normalTurnScript, PROMPT, runTurnClient } from "./clients.ts";

export default defineBlackBoxScenario({
  id: "blackbox/example-client-turn",
  title: "The example client completes one turn against fake-codex and exits 0",
  behavior: "A client built on captureTurn prints the final answer and exits 0 when the turn completes, and closes its app-server (openai/codex-plugin-cc #243 baseline).",
  client: runTurnClient,
  prompt: PROMPT,
  fakeCodexScript: normalTurnScript,
  exitCode: 0,
  output: [{ id: "safety:stdout-has-final-answer", description: "the final answer is printed on stdout", pattern: ANSWER_PATTERN, stream: "stdout" }],
  // The turn really ran to its end on the fake: it sent turn/completed.
  probe: { id: "fake-codex completed the turn", reached: (t) => t.methods("out").includes("turn/completed") },
  mutants: [leakyBrokerMutant],
  notTested: ["Only the example client here; any client command runs the same way (harness/blackbox/main.ts)."],
});
