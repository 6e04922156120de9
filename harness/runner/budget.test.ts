import { describe, expect, it } from "vitest";
import { recipeFromJson } from "../explore/recipe.ts";
import { replayRecipe } from "../explore/replay.ts";
import { buildProofReport } from "../report/proof-report.ts";
import { validateReport } from "../report/schema.ts";
import { FIXTURE_ENVIRONMENT } from "../report/testing.ts";
import { defineScenario } from "../scenario/define.ts";
import { REPORT_DECISION_LIMIT, runScenario } from "./run-scenario.ts";

/** Two retry loops on two channels: every step is a scheduling decision, and the mutant never stops. */
const retryScenario = defineScenario<{ readonly unbounded: boolean }, number>({
  id: "test/unbounded-retry",
  title: "retries until it succeeds",
  behavior: "none",
  lane: "deterministic",
  seeds: [1],
  impl: () => ({ unbounded: false }),
  async run(ctx, impl) {
    const retry = async (channel: string, attempts: number): Promise<number> => {
      for (let n = 0; n < attempts; n++) {
        await new Promise<void>((resolve) => ctx.world.post(channel, "retry", resolve));
        ctx.emit({ kind: "retry", channel, n });
      }
      return attempts;
    };
    const limit = impl.unbounded ? Number.POSITIVE_INFINITY : 3;
    const [a, b] = await Promise.all([retry("a", limit), retry("b", limit)]);
    return a + b;
  },
  checks: [{ id: "safety:retried", kind: "safety", description: "retried", check: ({ outcome }) => (outcome === 6 ? { ok: true } : { ok: false, message: String(outcome) }) }],
  probes: [],
  mutants: [{ id: "unbounded-retry", title: "retries forever", recreates: "a retry loop without a bound", impl: () => ({ unbounded: true }) }],
});

describe("a runaway mutant that exhausts the step budget", () => {
  it("names the budgets field, keeps the report small and counts what it dropped", async () => {
    const result = await runScenario({ scenario: retryScenario, seed: 1, target: "mutant:unbounded-retry" });
    expect(result.verdict).toBe("hang");
    expect(result.reason).toContain("budget exhausted (budget:steps: 200000 scheduler steps, the default; set `budgets: { steps: N }` in the scenario)");

    const report = buildProofReport(result, { environment: FIXTURE_ENVIRONMENT, secrets: [] });
    const bytes = JSON.stringify(report).length;
    // Before the cap: 1.7 MB, nearly all of it the 200 000-entry choice list and schedule.
    expect(bytes).toBeLessThan(100_000);
    expect(report.core["choices"]).toHaveLength(REPORT_DECISION_LIMIT);
    expect(report.core["decisionsDropped"]).toBeGreaterThan(190_000);
    const trace = report.core["trace"] as { kept: number; dropped: number; total: number };
    expect(trace.dropped).toBeGreaterThan(0);
    expect(trace.kept + trace.dropped).toBe(trace.total);
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual({ ok: true });

    // The capped report still replays exactly: by its seed, checked against the decisions it kept.
    const recipe = recipeFromJson(JSON.parse(JSON.stringify(report)), "report");
    const replay = await replayRecipe(recipe, retryScenario, {
      run: (request) => runScenario(request),
      buildReport: (r, options) => buildProofReport(r, { environment: FIXTURE_ENVIRONMENT, secrets: [], ...options }),
    });
    expect(replay.status, replay.message).toBe("reproduced");
  });

  it("keeps every decision of a run that stayed within its budget", async () => {
    const result = await runScenario({ scenario: retryScenario, seed: 1, target: "src" });
    expect(result.verdict).toBe("pass");
    expect(result.decisionsDropped).toBeUndefined();
    expect(result.choices.length).toBe(result.schedule.length);
  });
});
