/**
 * Resuming a thread codex never persisted (a wiped CODEX_HOME, a typo): the real binary prints
 * `Error: thread/resume: thread/resume failed: no rollout found for thread id <id> (code -32600)`
 * and exits 1 before any event. The SDK must reject with that text.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, failsWith, mutant, nothingLeftBehind, runSdkTurn, sdkUsers, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import type { SdkUser } from "./sdk-users.ts";

const MISSING = "01a233f3-37ad-7a73-aeae-5168e41cb904";

export default defineScenario<SdkUser, SdkOutcome>({
  id: "sdk/unknown-thread",
  title: "resuming an unknown thread rejects with codex's 'no rollout found' error",
  behavior: "@openai/codex-sdk 0.163.0: `codex exec resume <unknown id>` exits 1 with the reason on stderr, which the SDK's error carries",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 90_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const outcome = await runSdkTurn(ctx, user, {}, { prompt: "Go on.", resumeId: MISSING });
    if (outcome.exits.some((e) => e.code === 1) && outcome.eventTypes.length === 0) ctx.probe("exec.resume-refused");
    return outcome;
  },
  summarize: summarizeSdk,
  checks: [settlesCheck, failsWith("safety:unknown-thread-reported", /no rollout found for thread id 01a233f3-37ad-7a73-aeae-5168e41cb904/), nothingLeftBehind],
  probes: ["exec.resume-refused"],
  mutants: [mutant("swallows-errors", "catches the SDK's error and reports success", "wrappers that `catch {}` around thread.run()", sdkUsers.swallowsErrors)],
  notTested: SDK_NOT_TESTED,
});
