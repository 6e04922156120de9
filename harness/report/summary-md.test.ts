import { describe, expect, it } from "vitest";
import type { RunResult } from "../runner/types.ts";
import { buildProofReport } from "./proof-report.ts";
import { seedRanges, toSummaryMarkdown } from "./summary-md.ts";
import { buildSummary } from "./summary.ts";
import { FIXTURE_CANARY, FIXTURE_ENVIRONMENT, mutantFixture, runResultFixture } from "./testing.ts";
import { reportFileName } from "./write.ts";

const fixed = { environment: FIXTURE_ENVIRONMENT, pathRoots: { repoRoot: "/r", tmpRoots: ["/tmp"] }, secrets: [] } as const;

function markdownOf(results: readonly RunResult[], command = "pnpm scenarios codex --seed 1"): string {
  const entries = results.map((r) => ({ report: buildProofReport(r, fixed), reportFile: reportFileName(r) }));
  return toSummaryMarkdown(buildSummary({ entries, command, environment: FIXTURE_ENVIRONMENT, generatedAt: "2026-01-01T00:00:00.000Z", wallMs: 1500 }));
}

describe("toSummaryMarkdown", () => {
  it("counts the regression-corpus replays and says when the summary is one shard", () => {
    const entries = [mutantFixture()].map((r) => ({ report: buildProofReport(r, fixed), reportFile: "runs/x.corpus.json", corpus: true }));
    const summary = buildSummary({
      entries,
      command: "pnpm scenarios --shard 2/4",
      environment: FIXTURE_ENVIRONMENT,
      generatedAt: "2026-01-01T00:00:00.000Z",
      wallMs: 10,
      shard: { index: 2, count: 4, planRuns: 9 },
    });
    const md = toSummaryMarkdown(summary);
    expect(md).toContain("Regression corpus (`scenarios/corpus/`): 1 recorded failing schedules replayed first; 1/1 held");
    expect(md).toContain("This is shard 2/4 of 9 runs");
  });

  it("has every section of the Real behavior proof block, in order", () => {
    const md = markdownOf([runResultFixture(), mutantFixture()]);
    const headings = ["## Real behavior proof", "**Behavior addressed**", "**Environment**", "**Exact command**", "**Evidence**", "**Observed result**", "**What was not tested**"];
    const positions = headings.map((h) => md.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("names the behavior, the environment and the exact command", () => {
    const md = markdownOf([runResultFixture()]);
    expect(md).toContain("- `codex/helper-401-keeps-parent` — A helper's 401 keeps the parent's shared app-server alive. openclaw#72812");
    expect(md).toContain("node v20.19.0 · linux 6.1.0 x64 · commit `0123456789ab` · vitest 4.1.12 · fast-check 4.10.2 · msw 2.15.0 · lane: deterministic");
    expect(md).toContain("```sh\npnpm scenarios codex --seed 1\n```");
    expect(md).toContain("- the real codex binary (live lane)");
  });

  it("names the invariant that caught each mutant, and the observed totals", () => {
    const md = markdownOf([runResultFixture(), mutantFixture()]);
    expect(md).toContain("| `codex/helper-401-keeps-parent` | 1 | 1/1 pass | `parent-survives`, `one-app-server` | 1/1 |");
    expect(md).toContain("- `codex/helper-401-keeps-parent` × `clear-on-any-failure` (re-creates pre-#87375): **caught** on seed 1 — violated `parent-survives`");
    expect(md).toContain("✅ 1/1 target runs pass; 1/1 mutants caught (2 runs in 1.50 s). Outcome: `ok`, exit 0.");
  });

  it("flags a surviving mutant and a failing target run with its replay command", () => {
    const md = markdownOf([runResultFixture({ seed: 4, verdict: "fail", reason: "invariant parent-survives violated" }), mutantFixture({ verdict: "pass" })]);
    expect(md).toContain("**SURVIVED** on seed 1");
    expect(md).toContain(
      "- `codex/helper-401-keeps-parent` seed 4: **fail** — invariant parent-survives violated (replay: `pnpm scenarios codex/helper-401-keeps-parent --seed 4 --target src`)",
    );
    expect(md).toContain("❌");
  });

  it("keeps long tables and lists short, closing the table with a row", () => {
    const many = Array.from({ length: 30 }, (_, i) => runResultFixture({ scenarioId: `area/s-${String(i).padStart(2, "0")}` }));
    const md = markdownOf(many);
    expect(md).toContain("| `area/s-24` |");
    expect(md).not.toContain("| `area/s-25` |");
    expect(md).toContain("| … 5 more, listed in `summary.json` | | | | |");
  });

  it("never carries a secret, even one in the command line", () => {
    const md = markdownOf([runResultFixture()], `pnpm scenarios --header "Authorization: Bearer ${FIXTURE_CANARY}"`);
    expect(md).not.toContain(FIXTURE_CANARY);
  });
});

describe("seedRanges", () => {
  it("folds runs of three or more consecutive seeds", () => {
    expect(seedRanges([1, 2, 3, 4, 7, 9, 10])).toBe("1-4, 7, 9, 10");
    expect(seedRanges([])).toBe("");
  });
});
