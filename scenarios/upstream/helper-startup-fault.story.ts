/**
 * #87399 on the published code: keeping the shared client is only for a spawned run's *logical*
 * failure. A helper whose startup is abandoned (its `thread/start` stalls past its startup timeout)
 * or whose write hits a closed pipe (EPIPE) must still clear the shared client. Told on every
 * post-fix release (2026.5.27 and 2026.5.28). No historical release is caught here: the pre-fix
 * releases cleared on every failure, so this is the guard that the fix did not overreach.
 */
import { defineReleaseScenario, type ReleaseImpl } from "../../harness/upstream/define.ts";
import { judgeHang, runOpenClawAttempts, type OpenClawRun } from "../../harness/upstream/openclaw.ts";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { Check, Json, ScenarioDef } from "../../harness/scenario/types.ts";
import { differentialCheck, runTwin, type TwinVerdict } from "../../harness/upstream/differential.ts";
import startupTwin from "../codex/helper-startup-abandoned-clears.scenario.ts";
import { describeAttempt, exactlyOneAppServer, fail, pass, PARENT_TURN, STORY_DEADLINE_MS, summarizeRun, UPSTREAM_WALL_MS } from "./kit.ts";

export type StartupFault = "startup-timeout" | "epipe";
/** The helper's own attempt timeout, which OpenClaw also uses as its startup timeout. */
const HELPER_TIMEOUT_MS = 8_000;

function script(fault: StartupFault): FakeCodexScript {
  const rule =
    fault === "startup-timeout"
      ? { id: "helper-thread-start-stalls", when: { process: 0, method: "thread/start", nth: 2 }, action: { kind: "stall" as const } }
      : // The shared process closes its stdin once the parent's answer streams: the helper's first write breaks the pipe.
        { id: "stdin-closed", when: { process: 0, turn: 0, afterNotification: 1, notification: "item/agentMessage/delta" }, action: { kind: "closeStdin" as const } };
  return { model: { turns: [PARENT_TURN] }, rules: [rule] };
}

const expectedError: Record<StartupFault, RegExp> = { "startup-timeout": /timed out/i, epipe: /EPIPE|closed/i };

type Outcome = OpenClawRun & { readonly differential: TwinVerdict | null };

function checksFor(fault: StartupFault): ReadonlyArray<Check<Outcome>> {
  return [
    {
      id: "safety:helper-fails-with-the-fault",
      kind: "safety",
      description: `the helper's attempt fails with the ${fault}`,
      check: ({ outcome: o }) =>
        o.second !== null && (o.second.threw || o.second.promptError !== null) && expectedError[fault].test(`${o.second.error ?? ""} ${o.second.promptError ?? ""}`)
          ? pass({ helper: describeAttempt(o.second) })
          : fail(`helper ${describeAttempt(o.second)}`),
    },
    exactlyOneAppServer,
    {
      id: "safety:abandoned-or-poisoned-client-cleared",
      kind: "safety",
      description: "when the helper's attempt returns, the shared client is no longer in OpenClaw's registry",
      check: ({ outcome: o }) =>
        o.atSecondEnd !== null && o.atSecondEnd.registry.withClient === 0
          ? pass({ registry: { ...o.atSecondEnd.registry } })
          : fail(`the wedged or poisoned client was kept: registry ${JSON.stringify(o.atSecondEnd?.registry ?? null)}`),
    },
  ];
}

/** 2026.5.28 is the release `src/` models; 2026.5.27 is told the same story without the comparison. */
const MODELLED_RELEASE = "openclaw@2026.5.28";

export function helperStartupFaultScenario(fault: StartupFault, target: string): ScenarioDef<ReleaseImpl, Outcome> {
  const checks = checksFor(fault);
  const version = target.slice(target.indexOf("@") + 1).replaceAll(".", "-");
  return defineReleaseScenario<Outcome>({
    id: `upstream/openclaw-helper-${fault}-clears-${version}`,
    title: `OpenClaw ${target}: a spawned helper's ${fault === "epipe" ? "broken pipe (EPIPE)" : "abandoned startup (timeout)"} still clears the shared app-server`,
    behavior: "OpenClaw #87399: a spawned run keeps the shared client only for a logical failure; an abandoned startup or a broken pipe still clears it.",
    seeds: [1],
    tags: ["upstream", "openclaw"],
    budgets: { wallMs: UPSTREAM_WALL_MS },
    target,
    historical: [],
    async run(ctx, impl) {
      const run = await runOpenClawAttempts(ctx, {
        release: impl.release,
        story: "spawned-helper",
        script: script(fault),
        secondTimeoutMs: HELPER_TIMEOUT_MS,
        faultLine: /"method":"item\/agentMessage\/delta"/,
        storyDeadlineMs: STORY_DEADLINE_MS,
      });
      if (run.second !== null && expectedError[fault].test(`${run.second.error ?? ""} ${run.second.promptError ?? ""}`)) ctx.probe(`upstream.helper-${fault}`);
      await judgeHang(ctx, run);
      const differential = impl.release === MODELLED_RELEASE ? await runTwin(startupTwin) : null;
      return { ...run, differential };
    },
    summarize: (o) => ({ ...(summarizeRun(o) as Record<string, Json>), differential: o.differential === null ? null : { ...o.differential } }),
    checks: [...checks, differentialCheck(checks)],
    probes: [`upstream.helper-${fault}`],
  });
}
