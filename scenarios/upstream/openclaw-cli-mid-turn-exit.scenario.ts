/**
 * OpenClaw 2026.9's real command line when the app-server exits mid-turn: fake-codex exits (code 1)
 * right after the first answer delta. The CLI must report the failure as an error and exit non-zero
 * on its own — not wait out its 900 s turn timeout (that would be judged `hang`, with the requests
 * still pending) and not print a completed answer.
 */
import { defineReleaseScenario } from "../../harness/upstream/define.ts";
import { judgeCliHang, runOpenClawCli, type OpenClawCliRun } from "../../harness/upstream/openclaw-cli.ts";
import { CLI_MESSAGE, CLI_TARGET, CLI_WALL_MS, describeCli, noProcessOutlivesTheCli, summarizeCli } from "./cli-turn.ts";
import { fail, PARENT_ANSWER, PARENT_TURN, pass } from "./kit.ts";

export default defineReleaseScenario<OpenClawCliRun>({
  id: "upstream/openclaw-cli-mid-turn-exit",
  title: "OpenClaw 2026.9's `openclaw agent --local` CLI: an app-server exit mid-turn ends the CLI with an error, not a hang",
  behavior: "OpenClaw 2026.9 + @openclaw/codex: an app-server that exits while a turn streams fails the CLI turn promptly with an error.",
  seeds: [1],
  tags: ["upstream", "openclaw", "cli"],
  budgets: { wallMs: CLI_WALL_MS },
  target: CLI_TARGET,
  historical: [],
  async run(ctx, impl) {
    const run = await runOpenClawCli(ctx, {
      release: impl.release,
      message: CLI_MESSAGE,
      script: {
        model: { turns: [PARENT_TURN] },
        rules: [{ id: "exit-after-first-delta", when: { turn: 0, afterNotification: 1, notification: "item/agentMessage/delta" }, action: { kind: "exit", code: 1 } }],
      },
    });
    if (run.appServerExits.some((e) => e.code === 1) && run.requests.some((r) => r.method === "turn/start" && r.answered)) ctx.probe("upstream.cli-exit-mid-turn");
    await judgeCliHang(ctx, run);
    return run;
  },
  summarize: summarizeCli,
  checks: [
    {
      id: "liveness:cli-reports-the-exit",
      kind: "liveness",
      description: "the CLI exits non-zero on its own, its JSON result an error naming the app-server",
      check: ({ outcome: o }) =>
        !o.timedOut && o.exitCode !== null && o.exitCode !== 0 && o.error !== null && /app-server|closed|exit/i.test(o.error)
          ? pass({ exitCode: o.exitCode, error: o.error })
          : fail(`the CLI ${describeCli(o)}`),
    },
    {
      id: "safety:no-answer-from-a-dead-turn",
      kind: "safety",
      description: "the CLI does not present the interrupted turn as a completed answer",
      check: ({ outcome: o }) => (o.text !== PARENT_ANSWER && o.exitCode !== 0 ? pass({ text: o.text }) : fail(`the CLI ${describeCli(o)}`)),
    },
    noProcessOutlivesTheCli,
  ],
  probes: ["upstream.cli-exit-mid-turn"],
});
