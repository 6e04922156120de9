/**
 * codex exec is SIGKILLed mid-turn, right after `turn.started` (an OOM kill, a container stop).
 * Its stdout closes with no terminal event; the SDK must reject `run()` promptly with the signal, and
 * the user must report the turn failed rather than whatever it had collected.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, failsWith, mutant, nothingLeftBehind, runSdkTurn, sdkUsers, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import type { SdkUser } from "./sdk-users.ts";

const SCRIPT = {
  model: { turns: [{ output: [{ type: "message" as const, deltas: ["Working on "], done: false }], end: "stall" as const }] },
  rules: [{ id: "sigkill-after-turn-started", when: { afterEvent: 1, event: "turn.started" }, action: { kind: "exit" as const, signal: "SIGKILL" } }],
};

export default defineScenario<SdkUser, SdkOutcome>({
  id: "sdk/killed-mid-turn",
  title: "codex exec killed mid-turn rejects the SDK turn promptly",
  behavior: "@openai/codex-sdk 0.163.0: a codex process that dies mid-turn ends the run with `Codex Exec exited with signal SIGKILL`",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 90_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const outcome = await runSdkTurn(ctx, user, SCRIPT, { prompt: "Say hello.", mode: "streamed" });
    if (outcome.firedRules.includes("sigkill-after-turn-started")) ctx.probe("exec.killed-mid-turn");
    return outcome;
  },
  summarize: summarizeSdk,
  checks: [settlesCheck, failsWith("safety:death-reported-failed", /signal SIGKILL|without turn\.completed/), nothingLeftBehind],
  probes: ["exec.killed-mid-turn"],
  mutants: [
    mutant("stream-end-is-success", "treats the end of the event stream as a completed turn", "stream consumers with a catch-all around the for-await loop", sdkUsers.streamEndIsSuccess),
    mutant("only-resolves-on-completed", "resolves only on turn.completed", "promise wrappers that never reject", sdkUsers.onlyResolvesOnCompleted),
  ],
  notTested: SDK_NOT_TESTED,
});
