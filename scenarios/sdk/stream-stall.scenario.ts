/**
 * The model stream goes silent after one delta. codex's stream idle timeout (here 1500 ms, the
 * provider's `stream_idle_timeout_ms`) fails the turn: `error` + `turn.failed`, exit 1. The SDK must
 * reject with the idle-timeout message soon after; a user who only waits for success hangs.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, failsWith, mutant, nothingLeftBehind, runSdkTurn, sdkUsers, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import type { SdkUser } from "./sdk-users.ts";

const IDLE_TIMEOUT_MS = 1_500;
const SCRIPT = {
  provider: { streamIdleTimeoutMs: IDLE_TIMEOUT_MS },
  model: { turns: [{ output: [{ type: "message" as const, deltas: ["Working on "], done: false }], end: "stall" as const }] },
};

export default defineScenario<SdkUser, SdkOutcome>({
  id: "sdk/stream-stall",
  title: "a stalled model stream ends the SDK turn at the configured idle timeout",
  behavior: "@openai/codex-sdk 0.163.0: codex's stream idle timeout turns a silent model into `turn.failed`, which rejects the run",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 40_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const outcome = await runSdkTurn(ctx, user, SCRIPT, { prompt: "Say hello.", mode: "streamed" });
    if (outcome.eventTypes.includes("turn.failed")) ctx.probe("exec.idle-timeout");
    return outcome;
  },
  summarize: summarizeSdk,
  checks: [settlesCheck, failsWith("safety:stall-reported-failed", /idle timeout waiting for SSE/), nothingLeftBehind],
  probes: ["exec.idle-timeout"],
  mutants: [mutant("only-resolves-on-completed", "resolves only on turn.completed", "promise wrappers that never reject", sdkUsers.onlyResolvesOnCompleted)],
  notTested: [...SDK_NOT_TESTED, "the idle timeout set through `-c model_providers.<id>.stream_idle_timeout_ms` (the fault script's provider field sets it here)"],
});
