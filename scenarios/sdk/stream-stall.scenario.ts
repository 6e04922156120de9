/**
 * The model stream goes silent after one delta. codex's stream idle timeout — configured as a user
 * would, through the SDK's `config` option (`--config model_providers.fake.stream_idle_timeout_ms=1500`
 * with `model_provider="fake"`) — fails the turn: `error` + `turn.failed`, exit 1. The SDK must
 * reject with the idle-timeout message soon after; a user who only waits for success hangs.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, failsWith, mutant, nothingLeftBehind, runSdkTurn, sdkUsers, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import { sdkHarness } from "./sdk-kit.ts";
import type { SdkUser } from "./sdk-users.ts";

const IDLE_TIMEOUT_MS = 1_500;
const CONFIG = {
  model_provider: "fake",
  model_providers: { fake: { name: "fake", base_url: "http://127.0.0.1:9/v1", wire_api: "responses", stream_max_retries: 0, stream_idle_timeout_ms: IDLE_TIMEOUT_MS } },
};
// The script plays the model; the provider's retries and idle timeout come from the configuration.
const SCRIPT = {
  model: { turns: [{ output: [{ type: "message" as const, deltas: ["Working on "], done: false }], end: "stall" as const }] },
};

export default defineScenario<SdkUser, SdkOutcome>({
  id: "sdk/stream-stall",
  title: "a stalled model stream ends the SDK turn at the configured idle timeout",
  behavior: "@openai/codex-sdk 0.163.0: codex's stream idle timeout turns a silent model into `turn.failed`, which rejects the run",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 90_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const harness = await sdkHarness(ctx, SCRIPT, { config: CONFIG });
    const outcome = await runSdkTurn(ctx, user, SCRIPT, { prompt: "Say hello.", mode: "streamed" }, harness);
    if (outcome.eventTypes.includes("turn.failed")) ctx.probe("exec.idle-timeout");
    return outcome;
  },
  summarize: summarizeSdk,
  checks: [settlesCheck, failsWith("safety:stall-reported-failed", /idle timeout waiting for SSE/), nothingLeftBehind],
  probes: ["exec.idle-timeout"],
  mutants: [mutant("only-resolves-on-completed", "resolves only on turn.completed", "promise wrappers that never reject", sdkUsers.onlyResolvesOnCompleted)],
  notTested: SDK_NOT_TESTED,
});
