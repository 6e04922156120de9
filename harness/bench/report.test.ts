import { describe, expect, it } from "vitest";
import type { Figure } from "./figure.ts";
import { headlineOf, measured, ratioHeadline } from "./figure.ts";
import { BENCH_SCHEMA, markdownTable, tableRows, textTable, toBenchMarkdown } from "./report.ts";
import { ratioOf, spreadOf } from "./stats.ts";

const wall = spreadOf([10_010, 10_004, 10_020]);
const quiet = spreadOf([9, 10, 12]);
const figures: Figure[] = [
  {
    id: "suite",
    title: "The whole deterministic suite",
    headline: headlineOf("runs per second", "runs/s", spreadOf([100, 120, 110])),
    measurements: [measured("wall time", "s", spreadOf([20, 21, 22])), measured("runs per second", "runs/s", spreadOf([100, 120, 110]))],
    facts: { runs: 2342 },
    method: "fresh process per repetition",
  },
  {
    id: "hang-detection",
    title: "Hang detection",
    headline: ratioHeadline("wall-clock deadline / quiescence", ratioOf(wall, quiet), 3),
    measurements: [measured("judged hang by quiescence", "ms", quiet), measured("judged hang by a 10 s deadline", "ms", wall)],
    moreRatios: [ratioHeadline("second pair", ratioOf(wall, wall), 3)],
    facts: { verdicts: ["hang", "hang", "hang"] },
    method: "side by side",
  },
];

describe("bench report", () => {
  it("puts each figure's headline first and does not repeat it as a measurement row", () => {
    const rows = tableRows(figures);
    expect(rows.map((r) => r.what)).toEqual([
      "**runs per second**",
      "wall time",
      "**wall-clock deadline / quiescence**",
      "judged hang by quiescence",
      "judged hang by a 10 s deadline",
      "**second pair**",
    ]);
    expect(rows[5]).toMatchObject({ figure: "", median: "1.00×" });
    expect(rows[0]).toMatchObject({ figure: "1. suite", median: "110 runs/s", spread: "100–120", n: 3 });
    expect(rows[2]?.median).toBe("1,001×"); // 10 010 ms / 10 ms
  });

  it("renders a markdown table, a terminal table and a page that states the machine and the method", () => {
    const md = toBenchMarkdown({
      schema: BENCH_SCHEMA,
      generatedAt: "2026-11-21T12:00:00.000Z",
      machine: { cpus: 2, cpuModel: "Test CPU", memTotalGiB: 23.4, node: "v20.20.2", os: "linux 6.1" },
      command: "pnpm bench",
      totalWallMs: 150_000,
      figures,
    });
    expect(markdownTable(tableRows(figures)).split("\n")).toHaveLength(2 + 6);
    expect(md).toContain("2 CPU (Test CPU), 23.4 GiB RAM, node v20.20.2, linux 6.1");
    expect(md).toContain("| 2. hang-detection | **wall-clock deadline / quiescence** | 1,001× | 834–1,113 | 3 |");
    expect(md).toContain("### 2. Hang detection\n\nside by side");
    expect(md).toContain("IQR");
    const text = textTable(tableRows(figures)).split("\n");
    expect(text[0]).toMatch(/^figure\s+measured\s+median\s+spread \(min–max\)\s+n$/);
    expect(text).toHaveLength(2 + 6);
  });
});
