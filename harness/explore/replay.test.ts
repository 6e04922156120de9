import { describe, expect, it } from "vitest";
import { buildProofReport } from "../report/proof-report.ts";
import { FIXTURE_ENVIRONMENT } from "../report/testing.ts";
import { runScenario } from "../runner/run-scenario.ts";
import { explore } from "./explore.ts";
import { corpusEntry, recipeFromJson, RecipeError } from "./recipe.ts";
import { consumedExactly, replayRecipe, type ReplayDeps } from "./replay.ts";
import { toyRace } from "./testing.ts";

const deps: ReplayDeps = {
  run: (request) => runScenario(request),
  buildReport: (result, options) => buildProofReport(result, { environment: FIXTURE_ENVIRONMENT, secrets: [], generatedAt: "2026-01-01T00:00:00Z", ...options }),
};

async function recordedRun(seed = 2): Promise<unknown> {
  const result = await runScenario({ scenario: toyRace, seed, target: "mutant:per-writer-channel" });
  return JSON.parse(JSON.stringify(deps.buildReport(result, { replayCommand: `pnpm scenarios toy/ordered-writers --seed ${seed}` }))) as unknown;
}

describe("replayRecipe", () => {
  it("reproduces the digest of a seeded run from its report", async () => {
    // Arrange
    const report = await recordedRun();
    // Act
    const outcome = await replayRecipe(recipeFromJson(report, "r.json"), toyRace, deps);
    // Assert
    expect(outcome.status).toBe("reproduced");
    expect(outcome.report.digest.value).toBe((report as { digest: { value: string } }).digest.value);
    expect(outcome.message).toMatch(/^replay of "toy\/ordered-writers" \(mutant:per-writer-channel, seed 2\) reproduced digest [0-9a-f]{64}/);
  });

  it("reproduces an explored, shrunk failure including its exploration record", async () => {
    const found = await explore({ scenario: toyRace, target: "mutant:per-writer-channel", seed: 1, runs: 100, timeLimitMs: 10_000, fcSeed: 7 });
    const failure = found.failure!;
    const report = JSON.parse(JSON.stringify(deps.buildReport(failure, { replayCommand: "pnpm scenarios replay x.json" }))) as unknown;
    const outcome = await replayRecipe(recipeFromJson(report, "x.json"), toyRace, deps);
    expect(failure.choices).toEqual([1]);
    expect(outcome.status).toBe("reproduced");
    expect(outcome.report.core["exploration"]).toEqual(failure.exploration);
  });

  it("rejects a report whose choice was edited, naming the first divergent step", async () => {
    // Arrange: pick the second ready writer instead of the recorded one at the first decision.
    const report = (await recordedRun()) as { core: { choices: number[] } };
    report.core.choices[0] = (report.core.choices[0] ?? 0) + 1;
    // Act
    const outcome = await replayRecipe(recipeFromJson(report, "t.json"), toyRace, deps);
    // Assert
    expect(outcome.status).toBe("diverged");
    expect(outcome.message).toMatch(/diverged at step \d+: expected task \d+, ready \[\d+, \d+(, \d+)?\]/);
    expect(outcome.result.divergence?.decision).toBe(0);
  });

  it("reports a digest mismatch when the same schedule gives a different digest", async () => {
    // A corpus entry carries no core, only the digest the run must give.
    const recipe = { ...corpusEntry(recipeFromJson(await recordedRun(), "r.json"), "kept"), digest: "0".repeat(64) };
    const outcome = await replayRecipe(recipeFromJson(recipe, "c.json"), toyRace, deps);
    expect(outcome.status).toBe("digest-mismatch");
    expect(outcome.message).toContain("followed the recorded schedule but its digest differs: expected 0000000000000000…");
  });

  it("rejects a report whose core was edited without breaking the schedule", async () => {
    const report = (await recordedRun()) as { core: { reason: string } };
    report.core.reason = "edited";
    const outcome = await replayRecipe(recipeFromJson(report, "t.json"), toyRace, deps);
    expect(outcome.status).toBe("digest-mismatch");
    expect(outcome.message).toContain("the report was edited — its core no longer matches its own digest");
    expect(outcome.message).toContain("differ from the replay: reason");
  });

  it("replays a corpus entry made from a report", async () => {
    const recipe = recipeFromJson(await recordedRun(3), "r.json");
    const entry = JSON.parse(JSON.stringify(corpusEntry(recipe, "kept"))) as unknown;
    const outcome = await replayRecipe(recipeFromJson(entry, "c.json"), toyRace, deps);
    expect(outcome.status).toBe("reproduced");
  });
});

describe("recipeFromJson", () => {
  it("names the file and the malformed field", () => {
    expect(() => recipeFromJson({ schemaVersion: "corpus-entry/v1", scenarioId: "a/b" }, "c.json")).toThrow(RecipeError);
    expect(() => recipeFromJson({ schemaVersion: "corpus-entry/v1", scenarioId: "a/b" }, "c.json")).toThrow(/^c\.json: field "target"/);
    expect(() => recipeFromJson({ schemaVersion: "other" }, "x.json")).toThrow('x.json: unknown schemaVersion "other"');
  });
});

describe("consumedExactly", () => {
  it("accepts a recorded list followed only by zeros, nothing else", () => {
    expect(consumedExactly([1, 0, 0], [1])).toBe(true);
    expect(consumedExactly([1, 0, 2], [1])).toBe(false);
    expect(consumedExactly([1], [1, 2])).toBe(false);
  });
});
