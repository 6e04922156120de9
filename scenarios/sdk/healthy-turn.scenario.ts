/**
 * A healthy turn through the real SDK, both ways users run one: `thread.run()` and
 * `thread.runStreamed()`. The model comments, runs a command, then answers: the user must report the
 * final answer (not the commentary), the usage, and leave no codex process behind.
 */
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, mutant, nothingLeftBehind, runSdkTurn, sdkUsers, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import type { SdkUser } from "./sdk-users.ts";

const SCRIPT: FakeCodexScript = {
  model: {
    default: [
      { output: [{ type: "message", phase: "commentary", deltas: ["Let me look."] }, { type: "exec_command", cmd: "ls", output: "a.txt\n" }] },
      { output: [{ type: "message", phase: "final_answer", deltas: ["There is ", "a.txt."] }] },
    ],
  },
};

interface Outcome {
  readonly run: SdkOutcome;
  readonly streamed: SdkOutcome;
}

export default defineScenario<SdkUser, Outcome>({
  id: "sdk/healthy-turn",
  title: "thread.run() and runStreamed() report the final answer and usage of a healthy turn",
  behavior: "@openai/codex-sdk 0.163.0 over `codex exec --experimental-json`: the baseline every fault story departs from",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 90_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const run = await runSdkTurn(ctx, user, SCRIPT, { prompt: "What is here?", mode: "run" });
    const streamed = await runSdkTurn(ctx, user, SCRIPT, { prompt: "What is here?", mode: "streamed" });
    if (run.eventTypes.includes("turn.completed") && streamed.eventTypes.includes("turn.completed")) ctx.probe("sdk.turn-completed");
    return { run, streamed };
  },
  summarize: (o) => ({ run: summarizeSdk(o.run), streamed: summarizeSdk(o.streamed) }),
  checks: [
    ...(["run", "streamed"] as const).map((mode) => ({
      id: `safety:${mode}-reports-final-answer`,
      kind: "safety" as const,
      description: `${mode}: completed, with the final answer (not the commentary) and the thread's usage`,
      check: ({ outcome }: { outcome: Outcome }) => {
        const report = outcome[mode].report;
        if (report === null) return { ok: false as const, message: "never settled" };
        const ok = report.status === "completed" && report.finalResponse === "There is a.txt." && report.inputTokens === 2400;
        return ok ? { ok: true as const, evidence: report.finalResponse } : { ok: false as const, message: `${report.status}: ${JSON.stringify(report.finalResponse)}, input tokens ${report.inputTokens}` };
      },
    })),
    ...(["run", "streamed"] as const).flatMap((mode) => [
      { ...settlesCheck, id: `${settlesCheck.id}:${mode}`, check: ({ outcome }: { outcome: Outcome }) => settlesCheck.check({ outcome: outcome[mode], trace: [], events: () => [] }) },
      { ...nothingLeftBehind, id: `${nothingLeftBehind.id}:${mode}`, check: ({ outcome }: { outcome: Outcome }) => nothingLeftBehind.check({ outcome: outcome[mode], trace: [], events: () => [] }) },
    ]),
  ],
  probes: ["sdk.turn-completed"],
  mutants: [mutant("first-message-wins", "takes the first agent message as the answer", "stream consumers that stop at the first item.completed", sdkUsers.firstMessageWins)],
  notTested: SDK_NOT_TESTED,
});
