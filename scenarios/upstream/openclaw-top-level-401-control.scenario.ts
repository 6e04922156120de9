/**
 * Control for seed 000, and a documented finding: the second attempt is another *top-level*
 * session (no `spawnedBy`) and its `thread/start` gets the 401 while the parent streams on the same
 * app-server. OpenClaw 2026.5.28 (#87375 + #87399, the policy `src/codex/startup-policy.ts`
 * models) still clears the shared client for a top-level failure, so the parent is told its client
 * closed. 2026.5.27 (the #87428 backport) differs: it keeps the client for any logical startup
 * failure, top-level or not, and the parent completes. 2026.4.26 clears and never tells the parent.
 * The target is 2026.5.28's policy; 2026.5.27 is caught by the clearing invariant (a policy
 * difference between two post-fix releases, not a regression of seed 000).
 */
import { defineReleaseScenario } from "../../harness/upstream/define.ts";
import { judgeHang, runOpenClawAttempts, type OpenClawRun } from "../../harness/upstream/openclaw.ts";
import { describeAttempt, exactlyOneAppServer, fail, failedWith401, FAULT_401_LINE, pass, second401Script, STORY_DEADLINE_MS, summarizeRun, UPSTREAM_WALL_MS } from "./kit.ts";

export default defineReleaseScenario<OpenClawRun>({
  id: "upstream/openclaw-top-level-401-control",
  title: "OpenClaw's published attempt: a second top-level session's thread/start 401 clears the shared app-server, and the parent is told",
  behavior:
    "OpenClaw #87375/#87399 keep the shared client only for a spawned run's logical failure; a top-level failure still clears it (2026.5.28). The 2026.5.27 backport (#87428) keeps it for any logical failure.",
  seeds: [1],
  tags: ["seed-000", "upstream", "openclaw", "finding"],
  budgets: { wallMs: UPSTREAM_WALL_MS },
  target: "openclaw@2026.5.28",
  historical: [
    {
      release: "openclaw@2026.5.27",
      title: "keeps the shared client after a top-level session's logical startup failure (the parent completes)",
      recreates: "the #87428 backport's policy: keep on every logical startup failure, whether the run is spawned or not",
      expect: { verdict: "fail", violates: ["safety:top-level-failure-clears-shared-client"] },
    },
    {
      release: "openclaw@2026.4.26",
      title: "clears the shared client and never tells the parent",
      recreates: "OpenClaw before #82805: a mid-turn client close was not surfaced to the running attempt",
      expect: { verdict: "hang" },
    },
  ],
  async run(ctx, impl) {
    const run = await runOpenClawAttempts(ctx, { release: impl.release, story: "second-top-level", script: second401Script("rpc-error"), faultLine: FAULT_401_LINE, storyDeadlineMs: STORY_DEADLINE_MS });
    if (failedWith401(run.second)) ctx.probe("upstream.second-session-401");
    if (run.turnsCompletedBeforeFault === 0) ctx.probe("upstream.parent-turn-open-at-401");
    await judgeHang(ctx, run);
    return run;
  },
  summarize: summarizeRun,
  checks: [
    {
      id: "safety:second-session-fails-with-401",
      kind: "safety",
      description: "the second top-level session's attempt fails, and the failure is the 401",
      check: ({ outcome: o }) => (failedWith401(o.second) ? pass() : fail(`second session ${describeAttempt(o.second)}`)),
    },
    exactlyOneAppServer,
    {
      id: "safety:top-level-failure-clears-shared-client",
      kind: "safety",
      description: "a top-level session's failure clears the shared client (2026.5.28's policy)",
      check: ({ outcome: o }) =>
        o.atSecondEnd !== null && o.atSecondEnd.registry.withClient === 0
          ? pass({ registry: { ...o.atSecondEnd.registry } })
          : fail(`the shared client was kept: registry ${JSON.stringify(o.atSecondEnd?.registry ?? null)}; parent ${describeAttempt(o.parent)}`),
    },
    {
      id: "liveness:parent-is-told",
      kind: "liveness",
      description: "the parent's attempt ends (completed, or a prompt error naming the closed client) instead of waiting out its own timeout",
      check: ({ outcome: o }) =>
        o.parent !== null && !o.parent.timedOut && (o.parent.promptError !== null || o.parent.assistantText !== "")
          ? pass({ parent: describeAttempt(o.parent) })
          : fail(`parent ${describeAttempt(o.parent)}`),
    },
  ],
  probes: ["upstream.second-session-401", "upstream.parent-turn-open-at-401"],
  notTested: ["which of the two policies OpenClaw intends long-term: this records the difference, it does not judge the backport wrong"],
});
