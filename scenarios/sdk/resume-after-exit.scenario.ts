/**
 * Resume across processes: the first `codex exec` process runs a turn and exits; a second,
 * through `codex.resumeThread(id)`, continues the same thread from what the first persisted under
 * CODEX_HOME. The thread id must be the same, the second turn must get the thread's next model turn,
 * and the usage must be the thread's running total, as the real binary reports it.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, mutant, nothingLeftBehind, runSdkTurn, sdkUsers, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import { sdkHarness } from "./sdk-kit.ts";
import type { SdkUser } from "./sdk-users.ts";

const SCRIPT = {
  model: {
    turns: [
      { output: [{ type: "message" as const, phase: "final_answer" as const, deltas: ["First."] }] },
      { output: [{ type: "message" as const, phase: "final_answer" as const, deltas: ["Second, same thread."] }] },
    ],
  },
};

interface Outcome {
  readonly first: SdkOutcome;
  readonly second: SdkOutcome;
}

export default defineScenario<SdkUser, Outcome>({
  id: "sdk/resume-after-exit",
  title: "resumeThread(id) continues the thread after the first codex process exited",
  behavior: "@openai/codex-sdk 0.163.0: `codex exec resume <id>` in a new process finds the persisted thread",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 90_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const harness = await sdkHarness(ctx, SCRIPT);
    // The first turn always goes through the reference user: the story is about the resume.
    const first = await runSdkTurn(ctx, sdkUsers.carefulUser, SCRIPT, { prompt: "One." }, harness);
    const threadId = first.report?.threadId ?? undefined;
    const second = await runSdkTurn(ctx, user, SCRIPT, { prompt: "Two.", ...(threadId === undefined ? {} : { resumeId: threadId }) }, harness);
    if (second.argv.some((argv) => argv.includes("resume"))) ctx.probe("exec.resume");
    return { first, second };
  },
  summarize: (o) => ({ first: summarizeSdk(o.first), second: summarizeSdk(o.second) }),
  checks: [
    { ...settlesCheck, check: ({ outcome }) => settlesCheck.check({ outcome: outcome.second, trace: [], events: () => [] }) },
    {
      id: "safety:same-thread-continued",
      kind: "safety",
      description: "the second turn runs on the first turn's thread, gets its next model turn, and reports the thread's total usage",
      check: ({ outcome: { first, second } }) => {
        const a = first.report;
        const b = second.report;
        if (a === null || b === null || a.status !== "completed" || b.status !== "completed") return { ok: false, message: `turns ${a?.status ?? "pending"} / ${b?.status ?? "pending"}: ${b?.error ?? a?.error ?? ""}` };
        const ok = a.threadId !== null && b.threadId === a.threadId && b.finalResponse === "Second, same thread." && b.inputTokens === 2400;
        return ok ? { ok: true, evidence: { threadId: a.threadId } } : { ok: false, message: `thread ${a.threadId} → ${b.threadId}, answer ${JSON.stringify(b.finalResponse)}, input tokens ${b.inputTokens}` };
      },
    },
    { ...nothingLeftBehind, check: ({ outcome }) => nothingLeftBehind.check({ outcome: outcome.second, trace: [], events: () => [] }) },
  ],
  probes: ["exec.resume"],
  mutants: [mutant("starts-new-thread", "ignores the saved thread id and starts a new thread", "apps that lose the thread id between processes", sdkUsers.startsNewThread)],
  notTested: SDK_NOT_TESTED,
});
