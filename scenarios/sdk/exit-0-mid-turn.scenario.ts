/**
 * SDK finding (pinned @openai/codex-sdk 0.163.0): when codex exec exits 0 mid-turn — after
 * `turn.started`, with no `turn.completed` or `turn.failed` — `thread.run()` RESOLVES, with
 * `finalResponse: ""`, no items and `usage: null`. The SDK checks the exit code, never that the turn
 * ended. The real binary was not seen exiting 0 mid-turn; a wrapper script, a supervisor or a crash
 * handler that exits 0 is enough. The careful user treats a turn without usage as failed; the bare
 * `thread.run()` user reports an empty success. The story re-proves the finding on every run.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, failsWith, mutant, runSdkTurn, sdkUsers, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import { sdkHarness } from "./sdk-kit.ts";
import type { SdkUser } from "./sdk-users.ts";

const SCRIPT = {
  model: { turns: [{ output: [{ type: "message" as const, deltas: ["Working on "], done: false }], end: "stall" as const }] },
  rules: [{ id: "exit-0-after-turn-started", when: { afterEvent: 1, event: "turn.started" }, action: { kind: "exit" as const, code: 0 }, times: 2 }],
};

interface Outcome extends SdkOutcome {
  /** What the pinned SDK's own `thread.run()` did for the same fault. */
  readonly bareSdk: { readonly resolved: boolean; readonly finalResponse: string; readonly usageNull: boolean; readonly error: string | null } | null;
}

export default defineScenario<SdkUser, Outcome>({
  id: "sdk/exit-0-mid-turn",
  title: "codex exiting 0 mid-turn: the pinned SDK's run() resolves an empty turn; the user must not call it a success",
  behavior: "@openai/codex-sdk 0.163.0 finding: `thread.run()` resolves without `turn.completed` when codex exits 0",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 90_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const harness = await sdkHarness(ctx, SCRIPT);
    const outcome = await runSdkTurn(ctx, user, SCRIPT, { prompt: "Say hello." }, harness);
    // The finding itself: the SDK's run(), unwrapped, on the same fault.
    const thread = harness.codex.startThread({ skipGitRepoCheck: true });
    const bareSdk = await thread.run("Say hello.").then(
      (turn) => ({ resolved: true, finalResponse: turn.finalResponse, usageNull: turn.usage === null, error: null }),
      (error: unknown) => ({ resolved: false, finalResponse: "", usageNull: true, error: error instanceof Error ? error.message : String(error) }),
    );
    if (harness.firedRules().filter((r) => r === "exit-0-after-turn-started").length === 2) ctx.probe("exec.exit-0-mid-turn");
    return { ...outcome, bareSdk };
  },
  summarize: (o) => ({ ...(summarizeSdk(o) as Record<string, never>), bareSdk: o.bareSdk === null ? null : { ...o.bareSdk } }),
  checks: [
    settlesCheck,
    failsWith("safety:incomplete-turn-reported-failed", /without turn\.completed/),
    {
      id: "finding:pinned-sdk-run-resolves-incomplete-turn",
      kind: "safety",
      description: "the pinned SDK's thread.run() still resolves with usage null when codex exits 0 mid-turn (if this fails, the SDK fixed it: retire the finding)",
      check: ({ outcome: { bareSdk } }) =>
        bareSdk?.resolved === true && bareSdk.usageNull && bareSdk.finalResponse === ""
          ? { ok: true, evidence: { ...bareSdk } }
          : { ok: false, message: `thread.run() ${bareSdk?.resolved === true ? "resolved with usage" : `rejected: ${bareSdk?.error ?? "?"}`}` },
    },
  ],
  probes: ["exec.exit-0-mid-turn"],
  mutants: [mutant("bare-run", "trusts whatever thread.run() resolves with", "users of the SDK's documented happy path", sdkUsers.bareRun)],
  notTested: SDK_NOT_TESTED,
});
