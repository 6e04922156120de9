/**
 * #82805 "Surface mid-turn app-server client closes as prompt errors" on the published code: the
 * app-server exits right after the parent's first answer delta. 2026.5.28 ends the attempt with a
 * prompt error; 2026.4.26 is never told and waits for its own attempt timeout — judged `hang`,
 * with the pending attempt named.
 */
import { defineReleaseScenario } from "../../harness/upstream/define.ts";
import { judgeHang, runOpenClawAttempts, type OpenClawRun } from "../../harness/upstream/openclaw.ts";
import { describeAttempt, fail, pass, PARENT_TURN, STORY_DEADLINE_MS, summarizeRun, UPSTREAM_WALL_MS } from "./kit.ts";

export default defineReleaseScenario<OpenClawRun>({
  id: "upstream/openclaw-mid-turn-close",
  title: "OpenClaw's published attempt: an app-server exit mid-turn fails the attempt with a prompt error instead of hanging",
  behavior: "OpenClaw #82805: a mid-turn app-server client close is surfaced to the running attempt as a prompt error.",
  seeds: [1],
  tags: ["upstream", "openclaw"],
  budgets: { wallMs: UPSTREAM_WALL_MS },
  target: "openclaw@2026.5.28",
  historical: [
    {
      release: "openclaw@2026.4.26",
      title: "the attempt is never told of the close and waits for its own timeout",
      recreates: "OpenClaw before #82805",
      expect: { verdict: "hang" },
    },
  ],
  async run(ctx, impl) {
    const run = await runOpenClawAttempts(ctx, {
      release: impl.release,
      story: "single",
      script: {
        model: { turns: [PARENT_TURN] },
        rules: [{ id: "exit-after-first-delta", when: { turn: 0, afterNotification: 1, notification: "item/agentMessage/delta" }, action: { kind: "exit", code: 1 } }],
      },
      faultLine: /"method":"item\/agentMessage\/delta"/,
      storyDeadlineMs: STORY_DEADLINE_MS,
    });
    if (run.turnsCompletedBeforeFault === 0) ctx.probe("upstream.exit-mid-turn");
    await judgeHang(ctx, run);
    return run;
  },
  summarize: summarizeRun,
  checks: [
    {
      id: "safety:attempt-fails-with-close-error",
      kind: "safety",
      description: "the attempt ends with a prompt error about the closed app-server client, not a completed answer",
      check: ({ outcome: o }) =>
        o.parent !== null && o.parent.promptError !== null && /closed|exited|app-server/i.test(o.parent.promptError) && !o.parent.timedOut
          ? pass({ promptError: o.parent.promptError })
          : fail(`attempt ${describeAttempt(o.parent)}`),
    },
    {
      id: "safety:one-app-server",
      kind: "safety",
      description: "the attempt did not silently respawn the app-server mid-turn",
      check: ({ outcome: o }) => (o.appServerProcesses === 1 ? pass() : fail(`${o.appServerProcesses} app-server processes`)),
    },
  ],
  probes: ["upstream.exit-mid-turn"],
});
