/**
 * Seed 000 on the real code: OpenClaw's own `runCodexAppServerAttempt` runs a parent attempt; when
 * its answer starts streaming, a helper it spawned starts on the same app-server (OpenClaw's
 * registry hands it the parent's process) and gets a 401. Observed per release:
 * 2026.4.26 closes the shared process and never tells the parent (it waits out its own timeout);
 * 2026.5.26 closes it and fails the parent ("codex app-server client closed before turn completed");
 * 2026.5.28 (#87375 + #87399) fails the helper alone and the parent completes on the same process.
 * That is the `thread/start` shape. With the turn-level 401 every release tried (2026.4.26,
 * 2026.5.26, 2026.5.28) keeps the parent alive: the pre-fix clearing was on the startup path only,
 * so that shape has no historical release to catch and stands as a regression guard.
 */
import { defineReleaseScenario } from "../../harness/upstream/define.ts";
import { judgeHang, runOpenClawAttempts, type OpenClawRun } from "../../harness/upstream/openclaw.ts";
import type { AnyScenario, Check, Json, ScenarioDef } from "../../harness/scenario/types.ts";
import { differentialCheck, runTwin, type TwinVerdict } from "../../harness/upstream/differential.ts";
import rpcErrorTwin from "../codex/helper-401-rpc-error.scenario.ts";
import turnErrorTwin from "../codex/helper-401-turn-error.scenario.ts";
import type { ReleaseImpl } from "../../harness/upstream/define.ts";
import { FAULT_401_LINE, STORY_DEADLINE_MS, UPSTREAM_WALL_MS, completed, describeAttempt, exactlyOneAppServer, fail, failedWith401, pass, PARENT_ANSWER, second401Script, summarizeRun, type Shape } from "./kit.ts";

export const TARGET = "openclaw@2026.5.28";

type Outcome = OpenClawRun & { readonly differential: TwinVerdict | null };
const TWINS: Record<Shape, AnyScenario> = { "rpc-error": rpcErrorTwin, "turn-error": turnErrorTwin };

const checks: ReadonlyArray<Check<Outcome>> = [
  {
    id: "safety:helper-fails-with-401",
    kind: "safety",
    description: "the spawned helper's attempt fails, and the failure is the 401",
    check: ({ outcome: o }) => (failedWith401(o.second) ? pass() : fail(`helper ${describeAttempt(o.second)}`)),
  },
  {
    id: "safety:parent-turn-completes",
    kind: "safety",
    description: "the parent's in-flight turn completes with its whole answer after the helper's 401",
    check: ({ outcome: o }) => (completed(o.parent, PARENT_ANSWER) ? pass({ parent: o.parent?.assistantText ?? null }) : fail(`parent ${describeAttempt(o.parent)}`)),
  },
  exactlyOneAppServer,
  {
    id: "safety:shared-client-kept-after-helper-failure",
    kind: "safety",
    description: "when the helper's attempt returns, OpenClaw's registry still holds the shared client",
    check: ({ outcome: o }) =>
      o.atSecondEnd !== null && o.atSecondEnd.registry.withClient === 1
        ? pass({ registry: { ...o.atSecondEnd.registry } })
        : fail(`registry when the helper returned: ${JSON.stringify(o.atSecondEnd?.registry ?? null)}`),
  },
];

export function helper401Scenario(shape: Shape): ScenarioDef<ReleaseImpl, Outcome> {
  return defineReleaseScenario<Outcome>({
    id: `upstream/openclaw-helper-401-${shape}`,
    title: `OpenClaw's published attempt: a spawned helper's 401 (${shape === "rpc-error" ? "thread/start JSON-RPC error" : "turn-level 401"}) keeps the parent on one app-server`,
    behavior:
      "OpenClaw #72574 on the published code: a spawned helper's 401 tore down the parent's shared Codex app-server; #87375/#87399 (2026.5.28) keep the shared client for a spawned run's logical failure.",
    seeds: [1],
    tags: ["seed-000", "upstream", "openclaw"],
    budgets: { wallMs: UPSTREAM_WALL_MS },
    target: TARGET,
    historical: shape === "turn-error" ? [] : [
      {
        release: "openclaw@2026.5.26",
        title: "the helper's failure closes the shared app-server; the parent fails \"client closed before turn completed\"",
        recreates: "OpenClaw before #87375/#87399: the startup catch cleared the shared client on every failure",
        expect: { verdict: "fail", violates: ["safety:parent-turn-completes"] },
      },
      {
        release: "openclaw@2026.4.26",
        title: "the helper's failure closes the shared app-server and the parent is never told",
        recreates: "OpenClaw before #82805 and #87375: a mid-turn client close was not surfaced to the running attempt",
        expect: { verdict: "hang" },
      },
    ],
    async run(ctx, impl) {
      const run = await runOpenClawAttempts(ctx, { release: impl.release, story: "spawned-helper", script: second401Script(shape), faultLine: FAULT_401_LINE, storyDeadlineMs: STORY_DEADLINE_MS });
      if (failedWith401(run.second)) ctx.probe("upstream.helper-401");
      // The 401 must land while the parent's turn is still open, or the story proves nothing.
      if (run.turnsCompletedBeforeFault === 0) ctx.probe("upstream.parent-turn-open-at-helper-401");
      await judgeHang(ctx, run);
      const differential = impl.release === TARGET ? await runTwin(TWINS[shape]) : null;
      return { ...run, differential };
    },
    summarize: (o) => ({ ...(summarizeRun(o) as Record<string, Json>), differential: o.differential === null ? null : { ...o.differential } }),
    checks: [...checks, differentialCheck(checks)],
    probes: ["upstream.helper-401", "upstream.parent-turn-open-at-helper-401"],
    notTested: [
      "OpenClaw's gateway and channel layers: the attempt is called directly, as its embedded runner does",
      "the real codex binary (fake-codex answers); the live lane covers the real binary with this project's client",
    ],
  });
}
