/**
 * Which runs get a sequence diagram in summary.md: each mutant (the run of its first catching
 * seed, or its first seed when it survived) and each target run that did not pass. Diagrams are
 * collapsed `<details>` blocks; the whole list is cut to fit the character budget it is given.
 */
import { sequenceDiagram } from "./mermaid.ts";
import type { Summary, SummaryEntry } from "./summary.ts";

export interface RunDiagram {
  readonly heading: string;
  readonly reportFile: string;
  readonly diagram: string;
}

export const MAX_DIAGRAMS = 24;

export function diagramsFor(summary: Summary, entries: readonly SummaryEntry[]): RunDiagram[] {
  const byFile = new Map(entries.map((e) => [e.reportFile, e.report]));
  const picks: Array<{ heading: string; reportFile: string }> = [];
  for (const s of summary.scenarios) {
    for (const m of s.mutants) {
      const seed = m.caughtSeeds[0] ?? m.seeds[0];
      const run = summary.runs.find((r) => r.scenarioId === s.id && r.target === `mutant:${m.id}` && r.seed === seed && r.corpus !== true);
      if (run === undefined) continue;
      const what = m.caught ? `caught (${m.violated.join(", ") || run.verdict})` : `NOT caught (${run.verdict})`;
      picks.push({ heading: `\`${s.id}\` × mutant \`${m.id}\`, seed ${run.seed}: ${what}`, reportFile: run.reportFile });
    }
  }
  for (const r of summary.runs) {
    if (r.target === "src" && r.verdict !== "pass") picks.push({ heading: `\`${r.scenarioId}\` against src, seed ${r.seed}: **${r.verdict}**`, reportFile: r.reportFile });
  }
  const out: RunDiagram[] = [];
  for (const pick of picks) {
    if (out.length >= MAX_DIAGRAMS) break;
    const report = byFile.get(pick.reportFile);
    const diagram = report === undefined ? undefined : sequenceDiagram(report);
    if (diagram !== undefined) out.push({ ...pick, diagram });
  }
  return out;
}

/** The diagrams section, at most `budgetChars` long (whole diagrams are dropped from the end). */
export function diagramSection(diagrams: readonly RunDiagram[], budgetChars: number, artifactsUrl?: string): string[] {
  if (diagrams.length === 0) return [];
  const intro = [
    "Messages between client, app-server and model around each fault (⚡ fault struck, ❌ invariant broke, ⏳ hang). Full timelines: `--html` writes `runs/*.html`.",
    "",
  ];
  const blocks = diagrams.map((d) => {
    const file = artifactsUrl === undefined ? `\`${d.reportFile}\`` : `\`${d.reportFile}\` in the [reports artifact](${artifactsUrl})`;
    return ["<details>", `<summary>${d.heading}</summary>`, "", `Report: ${file}`, "", d.diagram, "", "</details>", ""].join("\n");
  });
  const kept: string[] = [];
  let used = intro.join("\n").length;
  for (const block of blocks) {
    if (used + block.length + 80 > budgetChars) break;
    kept.push(block);
    used += block.length + 1;
  }
  const dropped = blocks.length - kept.length;
  return [...intro, ...kept, ...(dropped > 0 ? [`… ${dropped} more diagrams left out to keep this comment under GitHub's size cap.`] : [])];
}
