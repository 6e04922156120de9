/**
 * Black-box lane, the happy path: the example client (src/cli/run-turn.ts) runs one turn against
 * fake-codex on PATH, prints the final answer, exits 0, and leaves nothing running.
 */
import { clientExitsBeforeDeadline, exitCodeIs, noLeftoverProcesses, outputMatches } from "../../harness/blackbox/checks.ts";
import { runClientInScenario, summarizeClientRun, wallBudgetMs } from "../../harness/blackbox/scenario-kit.ts";
import { viewTranscript } from "../../harness/blackbox/transcript.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import { ANSWER, CLIENT_DEADLINE_MS, normalTurnScript, PROMPT, runTurnClient, type BlackBoxImpl } from "./clients.ts";

export default defineScenario({
  id: "blackbox/example-client-turn",
  title: "The example client completes one turn against fake-codex and exits 0",
  behavior: "A client built on captureTurn prints the final answer and exits 0 when the turn completes, and closes its app-server (openai/codex-plugin-cc #243 baseline).",
  lane: "black-box",
  seeds: [1],
  budgets: { wallMs: wallBudgetMs(CLIENT_DEADLINE_MS) },
  impl: (): BlackBoxImpl => ({ client: runTurnClient }),
  async run(ctx, impl) {
    const result = await runClientInScenario(ctx, { client: impl.client, prompt: PROMPT, fakeCodexScript: normalTurnScript, deadlineMs: CLIENT_DEADLINE_MS });
    // The turn really ran to its end on the fake: it sent turn/completed.
    if (viewTranscript(result.transcript).methods("out").includes("turn/completed")) ctx.probe("fake-codex completed the turn");
    return result;
  },
  summarize: summarizeClientRun,
  checks: [
    clientExitsBeforeDeadline(),
    exitCodeIs(0),
    outputMatches("safety:stdout-has-final-answer", "the final answer is printed on stdout", new RegExp(ANSWER.replace(".", "\\.")), "stdout"),
    noLeftoverProcesses(),
  ],
  probes: ["fake-codex completed the turn"],
  mutants: [],
  notTested: [
    "Real processes on the real clock: timings vary run to run; only the verdict is stable.",
    "Only the example client; any other client command can be run the same way.",
  ],
});
