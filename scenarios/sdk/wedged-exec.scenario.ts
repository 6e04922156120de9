/**
 * SDK finding (pinned @openai/codex-sdk 0.163.0): the SDK has no liveness bound of its own. When
 * codex exec wedges mid-turn — alive, stdout open, silent (here an `afterEvent` stall after
 * `turn.started`; in the wild a stuck tool or a provider with no idle timeout) — `thread.run()`
 * stays pending for as long as the process lives. Only the caller's AbortSignal ends it: the SDK
 * then kills codex (SIGTERM) and rejects. The careful user passes one; the bare user hangs.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, failsWith, mutant, nothingLeftBehind, runSdkTurn, sdkUsers, settleBoundMs, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import type { SdkUser } from "./sdk-users.ts";

/** The careful user's abort: long enough to tell a wedge from a slow turn, short enough to keep the run quick. */
const TURN_TIMEOUT_MS = 3_000;
const SCRIPT = {
  model: { turns: [{ output: [{ type: "message" as const, phase: "final_answer" as const, deltas: ["Never seen."] }] }] },
  rules: [{ id: "wedge-after-turn-started", when: { afterEvent: 1, event: "turn.started" }, action: { kind: "stall" as const } }],
};

export default defineScenario<SdkUser, SdkOutcome>({
  id: "sdk/wedged-exec",
  title: "a wedged codex exec hangs thread.run() until the caller's AbortSignal ends it",
  behavior: "@openai/codex-sdk 0.163.0 finding: no built-in turn timeout; `TurnOptions.signal` is the only way out",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 90_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const outcome = await runSdkTurn(ctx, user, SCRIPT, { prompt: "Say hello.", turnTimeoutMs: TURN_TIMEOUT_MS });
    if (outcome.firedRules.includes("wedge-after-turn-started")) ctx.probe("exec.wedged");
    return outcome;
  },
  summarize: summarizeSdk,
  checks: [settlesCheck, failsWith("safety:wedge-ends-by-abort", /abort/i), nothingLeftBehind],
  probes: ["exec.wedged"],
  mutants: [mutant("bare-run", `passes no AbortSignal (still pending after ${settleBoundMs(TURN_TIMEOUT_MS)} ms)`, "users of the SDK's documented happy path", sdkUsers.bareRun)],
  notTested: SDK_NOT_TESTED,
});
