/**
 * Black-box lane, control case: the naive client is not broken on a normal turn. It prints the
 * answer and exits 0, so its hang in blackbox/example-client-exit-mid-turn comes from the mid-turn
 * exit alone, not from the lane.
 */
import { clientExitsBeforeDeadline, exitCodeIs, noLeftoverProcesses, outputMatches } from "../../harness/blackbox/checks.ts";
import { runClientInScenario, summarizeClientRun, wallBudgetMs } from "../../harness/blackbox/scenario-kit.ts";
import { viewTranscript } from "../../harness/blackbox/transcript.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import { ANSWER, CLIENT_DEADLINE_MS, naiveClient, normalTurnScript, PROMPT, type BlackBoxImpl } from "./clients.ts";

export default defineScenario({
  id: "blackbox/naive-client-normal-turn",
  title: "Control: the naive client completes a normal turn and exits 0",
  behavior: "The pre-#243 client works whenever turn/completed arrives; only the mid-turn exit makes it hang.",
  lane: "black-box",
  seeds: [1],
  budgets: { wallMs: wallBudgetMs(CLIENT_DEADLINE_MS) },
  impl: (): BlackBoxImpl => ({ client: naiveClient }),
  async run(ctx, impl) {
    const result = await runClientInScenario(ctx, { client: impl.client, prompt: PROMPT, fakeCodexScript: normalTurnScript, deadlineMs: CLIENT_DEADLINE_MS });
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
  notTested: ["A control case: it proves nothing about the fix, only that the lane does not fail the naive client for being naive."],
});
