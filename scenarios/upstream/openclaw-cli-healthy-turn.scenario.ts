/**
 * OpenClaw 2026.9's real command line, healthy: `openclaw agent --local --agent main --message …
 * --json` with the published `@openclaw/codex` plugin drives fake-codex through discovery, login,
 * `thread/start`, a streamed turn, `thread/backgroundTerminals/list` and `thread/unsubscribe`,
 * exits 0 and prints the model's answer.
 */
import { defineReleaseScenario } from "../../harness/upstream/define.ts";
import { judgeCliHang, runOpenClawCli, type OpenClawCliRun } from "../../harness/upstream/openclaw-cli.ts";
import { CLI_MESSAGE, CLI_TARGET, CLI_WALL_MS, describeCli, fakeServedEveryRequest, noProcessOutlivesTheCli, summarizeCli } from "./cli-turn.ts";
import { fail, pass } from "./kit.ts";

const ANSWER = "The repository proves Codex app-server lifecycle fixes.";

export default defineReleaseScenario<OpenClawCliRun>({
  id: "upstream/openclaw-cli-healthy-turn",
  title: "OpenClaw 2026.9's `openclaw agent --local` CLI: a healthy Codex turn exits 0 with the model's answer",
  behavior: "OpenClaw 2026.9 + @openclaw/codex: one CLI turn through the Codex app-server harness completes and reports the answer as JSON.",
  seeds: [1],
  tags: ["upstream", "openclaw", "cli"],
  budgets: { wallMs: CLI_WALL_MS },
  target: CLI_TARGET,
  historical: [],
  async run(ctx, impl) {
    const run = await runOpenClawCli(ctx, {
      release: impl.release,
      message: CLI_MESSAGE,
      script: { model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["The repository proves ", "Codex app-server ", "lifecycle fixes."] }] }] } },
    });
    if (run.requests.some((r) => r.method === "turn/start" && r.answered)) ctx.probe("upstream.cli-turn-started");
    await judgeCliHang(ctx, run);
    return run;
  },
  summarize: summarizeCli,
  checks: [
    {
      id: "liveness:cli-exits-0-with-answer",
      kind: "liveness",
      description: "the CLI exits 0 and its JSON result carries the model's answer",
      check: ({ outcome: o }) => (o.exitCode === 0 && o.error === null && o.text === ANSWER ? pass({ text: o.text, stopReason: o.stopReason }) : fail(`the CLI ${describeCli(o)}`)),
    },
    noProcessOutlivesTheCli,
    fakeServedEveryRequest,
  ],
  probes: ["upstream.cli-turn-started"],
});
