/** bench.json and bench.md: the figures, the machine, and how each figure was measured. */
import type { ExtraTable, Figure, Headline, Measurement } from "./figure.ts";
import { machineLine, type Machine } from "./machine.ts";
import { formatNumber } from "./stats.ts";

export const BENCH_SCHEMA = "codex-lifecycle-proof/bench.v1";

export interface BenchReport {
  readonly schema: typeof BENCH_SCHEMA;
  readonly generatedAt: string;
  readonly machine: Machine;
  readonly command: string;
  readonly totalWallMs: number;
  readonly figures: readonly Figure[];
}

export interface TableRow {
  readonly figure: string;
  readonly what: string;
  readonly median: string;
  readonly spread: string;
  readonly n: number;
}

function withUnit(value: number, unit: string): string {
  return unit === "×" ? `${formatNumber(value)}×` : `${formatNumber(value)} ${unit}`;
}

function headlineRow(index: number, figure: Figure, h: Headline): TableRow {
  return { figure: `${index}. ${figure.id}`, what: `**${h.label}**`, median: withUnit(h.median, h.unit), spread: `${formatNumber(h.low)}–${formatNumber(h.high)}`, n: h.n };
}

function measurementRow(m: Measurement): TableRow {
  const s = m.spread;
  return { figure: "", what: m.label, median: withUnit(s.median, m.unit), spread: `${formatNumber(s.min)}–${formatNumber(s.max)}`, n: s.n };
}

export function tableRows(figures: readonly Figure[]): TableRow[] {
  // A measurement that is the headline itself is not repeated under it.
  return figures.flatMap((f, i) => [
    headlineRow(i + 1, f, f.headline),
    ...f.measurements.filter((m) => m.label !== f.headline.label).map(measurementRow),
    ...(f.moreRatios ?? []).map((h) => ({ ...headlineRow(i + 1, f, h), figure: "" })),
  ]);
}

export function markdownTable(rows: readonly TableRow[]): string {
  const lines = ["| figure | measured | median | spread (min–max) | n |", "|---|---|---:|---:|---:|"];
  for (const r of rows) lines.push(`| ${r.figure} | ${r.what} | ${r.median} | ${r.spread} | ${r.n} |`);
  return lines.join("\n");
}

function alignedText(header: readonly string[], cells: readonly (readonly string[])[], rightFrom: number): string {
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] ?? "").length)));
  const format = (row: readonly string[]): string => row.map((cell, c) => (c >= rightFrom ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join("  ");
  return [format(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(format)].join("\n");
}

/** A plain-text table for the terminal. */
export function textTable(rows: readonly TableRow[]): string {
  const cells = rows.map((r) => [r.figure, r.what.replaceAll("**", ""), r.median, r.spread, String(r.n)]);
  return alignedText(["figure", "measured", "median", "spread (min–max)", "n"], cells, 2);
}

/** The figures' own tables (markdown), each under its title. */
export function extraTablesMarkdown(figures: readonly Figure[]): string[] {
  return figures.flatMap((f) => (f.extraTable === undefined ? [] : [extraMarkdown(f.extraTable)]));
}

function extraMarkdown(t: ExtraTable): string {
  const lines = [`## ${t.title}`, "", `| ${t.header.join(" | ")} |`, `|${t.header.map(() => "---").join("|")}|`];
  for (const row of t.rows) lines.push(`| ${row.join(" | ")} |`);
  return lines.join("\n");
}

/** The figures' own tables for the terminal, each under its title. */
export function extraTablesText(figures: readonly Figure[]): string[] {
  return figures.flatMap((f) => (f.extraTable === undefined ? [] : [`${f.extraTable.title}\n${alignedText(f.extraTable.header, f.extraTable.rows.map((r) => r.map((c) => c.replaceAll("`", ""))), 1)}`]));
}

export function toBenchMarkdown(report: BenchReport): string {
  const sections = report.figures.map((f, i) => {
    const facts = Object.entries(f.facts).map(([k, v]) => `- ${k}: \`${JSON.stringify(v)}\``);
    const iqr = f.measurements.map((m) => `- ${m.label}: median ${withUnit(m.spread.median, m.unit)}, IQR ${formatNumber(m.spread.q1)}–${formatNumber(m.spread.q3)}, samples ${m.spread.samples.map(formatNumber).join(", ")}`);
    return [`### ${i + 1}. ${f.title}`, "", f.method, "", ...iqr, ...facts].join("\n");
  });
  return [
    "# Benchmarks",
    "",
    `Measured ${report.generatedAt} on ${machineLine(report.machine)}, by \`${report.command}\` in ${formatNumber(report.totalWallMs / 1000)} s.`,
    "Ratios are measured side by side in one run; the spread of a ratio is bounded by the extreme sample ratios (min/max … max/min).",
    "",
    markdownTable(tableRows(report.figures)),
    "",
    ...extraTablesMarkdown(report.figures).flatMap((t) => [t, ""]),
    "## How each figure was measured",
    "",
    sections.join("\n\n"),
    "",
  ].join("\n");
}
