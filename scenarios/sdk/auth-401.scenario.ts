/**
 * The model API answers 401. codex exec writes `error` and `turn.failed` and exits 1; the SDK's
 * `run()` must reject with that message, promptly, and the user must report the turn failed — not a
 * hang, not an empty success.
 */
import { API_KEY_401 } from "../../fakes/model-api/api-key-401.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, failsWith, mutant, nothingLeftBehind, runSdkTurn, sdkUsers, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import type { SdkUser } from "./sdk-users.ts";

export default defineScenario<SdkUser, SdkOutcome>({
  id: "sdk/auth-401",
  title: "a model 401 surfaces as the SDK's error, not a hang or an empty success",
  behavior: "@openai/codex-sdk 0.163.0: `turn.failed` after a 401 rejects `thread.run()` with the real message",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 90_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const outcome = await runSdkTurn(ctx, user, { model: { turns: [API_KEY_401] } }, { prompt: "Say hello." });
    if (outcome.eventTypes.includes("turn.failed")) ctx.probe("exec.turn-failed");
    return outcome;
  },
  summarize: summarizeSdk,
  checks: [
    settlesCheck,
    failsWith("safety:401-reported-failed", /unexpected status 401 Unauthorized/),
    {
      id: "safety:codex-exits-1",
      kind: "safety",
      description: "codex exec exits 1 after turn.failed",
      check: ({ outcome }) => (outcome.exits.length === 1 && outcome.exits[0]?.code === 1 ? { ok: true } : { ok: false, message: `exits ${JSON.stringify(outcome.exits)}` }),
    },
    nothingLeftBehind,
  ],
  probes: ["exec.turn-failed"],
  mutants: [mutant("swallows-errors", "catches the SDK's error and reports success", "wrappers that `catch {}` around thread.run()", sdkUsers.swallowsErrors)],
  notTested: SDK_NOT_TESTED,
});
