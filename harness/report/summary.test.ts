import { describe, expect, it } from "vitest";
import type { RunResult } from "../runner/types.ts";
import { buildProofReport } from "./proof-report.ts";
import { validateSummary } from "./schema.ts";
import { mutantClass, runClass, worstClass } from "./outcome.ts";
import { buildSummary } from "./summary.ts";
import { FIXTURE_ENVIRONMENT, mutantFixture, runResultFixture } from "./testing.ts";
import { reportFileName } from "./write.ts";

const fixed = { environment: FIXTURE_ENVIRONMENT, pathRoots: { repoRoot: "/r", tmpRoots: ["/tmp"] }, secrets: [] } as const;

function summaryOf(results: readonly RunResult[]) {
  const entries = results.map((r) => ({ report: buildProofReport(r, fixed), reportFile: reportFileName(r) }));
  return buildSummary({ entries, command: "pnpm scenarios", environment: FIXTURE_ENVIRONMENT, generatedAt: "2026-01-01T00:00:00.000Z", wallMs: 12 });
}

describe("runClass and worstClass", () => {
  it("counts a caught mutant as ok and a surviving one as fail", () => {
    expect(runClass("pass", "src")).toBe("ok");
    expect(runClass("hang", "src")).toBe("hang");
    expect(runClass("fail", "mutant:x")).toBe("ok");
    expect(runClass("hang", "mutant:x")).toBe("hang"); // a hang catches only a mutant that declares it
    expect(runClass("hang", "mutant:x", ["hang"])).toBe("ok");
    expect(runClass("fail", "mutant:x", ["hang"])).toBe("fail");
    expect(runClass("pass", "mutant:x")).toBe("fail");
    expect(runClass("error", "mutant:x")).toBe("error");
  });

  it("orders classes ok < fail < hang < unknown < error < nondeterministic", () => {
    expect(worstClass([])).toBe("ok");
    expect(worstClass(["fail", "hang", "ok"])).toBe("hang");
    expect(worstClass(["unknown", "error", "fail"])).toBe("error");
  });

  it("counts a mutant caught on any seed as ok, as the integration suite does", () => {
    expect(mutantClass(["pass", "fail"])).toBe("ok");
    expect(mutantClass(["pass", "pass"])).toBe("fail");
    expect(mutantClass(["pass", "unknown"])).toBe("unknown");
  });
});

describe("buildSummary", () => {
  it("is ok with exit 0 when every target run passes and every mutant is caught", () => {
    const summary = summaryOf([runResultFixture(), runResultFixture({ seed: 2 }), mutantFixture(), mutantFixture({ seed: 2, verdict: "pass" })]);
    expect(summary).toMatchObject({ outcome: "ok", exitCode: 0 });
    expect(summary.totals).toEqual({
      runs: 4,
      target: { pass: 2, fail: 0, hang: 0, unknown: 0, error: 0, nondeterministic: 0 },
      mutants: { total: 1, caught: 1, survived: 0, inconclusive: 0, runs: 2 },
    });
    expect(summary.scenarios[0]?.mutants[0]).toMatchObject({ id: "clear-on-any-failure", caught: true, seeds: [1, 2], caughtSeeds: [1], violated: ["parent-survives"] });
    expect(validateSummary(summary)).toEqual({ ok: true });
  });

  it("fails with exit 1 when a mutant survives every seed", () => {
    const summary = summaryOf([runResultFixture(), mutantFixture({ verdict: "pass", reason: "all invariants held" })]);
    expect(summary).toMatchObject({ outcome: "fail", exitCode: 1 });
    expect(summary.scenarios[0]).toMatchObject({ verdict: "fail", mutants: [{ caught: false, verdict: "pass" }] });
    expect(summary.totals.mutants).toMatchObject({ survived: 1, caught: 0 });
  });

  it("exits with the worst class present: a hang (3) outweighs a fail (1)", () => {
    const summary = summaryOf([
      runResultFixture({ verdict: "fail" }),
      runResultFixture({ scenarioId: "codex/other", seed: 3, verdict: "hang", hang: { reason: "quiescent", pending: ["turn"], idleTimers: [], atStep: 9, atMs: 100 } }),
    ]);
    expect(summary).toMatchObject({ outcome: "hang", exitCode: 3 });
    expect(summary.scenarios.map((s) => [s.id, s.verdict])).toEqual([
      ["codex/helper-401-keeps-parent", "fail"],
      ["codex/other", "hang"],
    ]);
  });

  it("lists every run with its digest and report file", () => {
    const summary = summaryOf([runResultFixture(), mutantFixture()]);
    expect(summary.runs.map((r) => [r.target, r.caught, r.reportFile])).toEqual([
      ["src", null, "runs/codex__helper-401-keeps-parent.src.seed-1.json"],
      ["mutant:clear-on-any-failure", true, "runs/codex__helper-401-keeps-parent.mutant_clear-on-any-failure.seed-1.json"],
    ]);
    expect(summary.runs.every((r) => /^[0-9a-f]{64}$/.test(r.digest))).toBe(true);
  });
});
