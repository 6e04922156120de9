import { describe, expect, it } from "vitest";
import { fakeVsRealFigure, fakeVsRealMarkdown, fakeVsRealRows, type SpawnTiming } from "./fake-vs-real-table.ts";
import { extraTablesMarkdown, extraTablesText, toBenchMarkdown, BENCH_SCHEMA } from "./report.ts";

const timing = (versionMs: number, initializeMs: number, firstDeltaMs: number, completedMs: number): SpawnTiming => ({ versionMs, initializeMs, firstDeltaMs, completedMs });

// Made-up timings: the fake starts slower than 100 ms but answers turns faster than the real binary.
const fake = [timing(120, 150, 10, 12), timing(140, 190, 12, 14), timing(130, 170, 11, 13)];
const real = [timing(20, 300, 50, 60), timing(30, 280, 55, 70), timing(25, 290, 60, 65)];
const samples = { fake, real, nodeFloorMs: [40, 45, 50], loadAverages: [3.5, 4, 4.5] };
const facts = { realBinary: "./.cache/codex", codexVersion: "0.169.0", isolation: "netns", flags: ["-c", 'model_provider="fake"'] };

describe("the fake-codex vs real codex table", () => {
  it("gives each metric both medians with their min–max, the fake ÷ real ratio and whether the target is met", () => {
    // Act
    const rows = fakeVsRealRows(samples);
    // Assert
    expect(rows.map((r) => [r.metric, r.fake.median, r.real.median, r.met])).toEqual([
      ["versionMs", 130, 25, false],
      ["initializeMs", 170, 290, true],
      ["firstDeltaMs", 11, 55, true],
      ["completedMs", 13, 65, true],
    ]);
    expect(rows[0]?.ratio).toEqual({ median: 130 / 25, low: 120 / 30, high: 140 / 20 });
    expect(rows[1]).toMatchObject({ target: "fake median ≤ 200 ms", fake: { min: 150, max: 190 } });
    expect(rows[2]?.target).toBe("fake median ≤ real median");
  });

  it("says a turn target is missed when the fake's median is slower than the real one's", () => {
    const slowTurns = fake.map((t) => ({ ...t, completedMs: 100 }));
    const rows = fakeVsRealRows({ ...samples, fake: slowTurns });
    expect(rows.find((r) => r.metric === "completedMs")?.met).toBe(false);
  });

  it("renders a markdown row per metric with both figures side by side", () => {
    const md = fakeVsRealMarkdown(fakeVsRealRows(samples));
    const lines = md.split("\n");
    expect(lines[0]).toBe("| measured | fake-codex median (min–max) | real codex median (min–max) | fake ÷ real | target | met |");
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe("| `--version` (spawn → exit) | 130 ms (120–140) | 25.0 ms (20.0–30.0) | 5.20× (4.00–7.00) | fake median ≤ 100 ms | no |");
  });

  it("builds a figure that carries the table, the node floor, the load averages and the targets met", () => {
    // Act
    const figure = fakeVsRealFigure(samples, facts);
    // Assert
    expect(figure.id).toBe("fake-vs-real");
    expect(figure.headline).toMatchObject({ label: "fake ÷ real: `--version` (spawn → exit)", n: 3 });
    expect(figure.moreRatios?.map((r) => r.label)).toHaveLength(3);
    expect(figure.measurements.map((m) => m.label)).toContain("`node -e 0` (spawn → exit, the floor of a node program)");
    expect(figure.facts["targetsMet"]).toEqual({ versionMs: false, initializeMs: true, firstDeltaMs: true, completedMs: true });
    expect(figure.facts["loadAverage1m"]).toEqual({ median: 4, min: 3.5, max: 4.5 });
    expect(figure.extraTable?.rows).toHaveLength(4);
  });

  it("appears in bench.md and on the terminal as its own table", () => {
    const figure = fakeVsRealFigure(samples, facts);
    const report = {
      schema: BENCH_SCHEMA,
      generatedAt: "2026-12-02T00:00:00.000Z",
      machine: { cpus: 2, cpuModel: "cpu", memTotalGiB: 4, node: "v20", os: "linux" },
      command: "pnpm bench",
      totalWallMs: 1000,
      figures: [figure],
    } as const;
    expect(extraTablesMarkdown([figure])[0]).toMatch(/^## fake-codex vs real codex\n\n\| measured \|/);
    expect(toBenchMarkdown(report)).toContain("| spawn → `initialize` response | 170 ms (150–190) | 290 ms (280–300) |");
    expect(extraTablesText([figure])[0]).toMatch(/^fake-codex vs real codex\nmeasured +fake-codex median/);
    expect(extraTablesText([figure])[0]).not.toContain("`");
  });
});
