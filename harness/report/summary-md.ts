/**
 * The PR-ready "Real behavior proof" block: behavior addressed, environment, exact command,
 * evidence (invariants held, mutants caught and what caught them), observed result, and what was
 * not tested. Short enough to paste into a pull request; long lists are cut with a count.
 */
import { replayCommand } from "./proof-report.ts";
import { redactText } from "./redact.ts";
import { diagramSection, type RunDiagram } from "./summary-diagrams.ts";
import type { Summary, SummaryMutant, SummaryRun, SummaryScenario } from "./summary.ts";
import type { Target } from "../runner/types.ts";

const MAX_ITEMS = 25;

/** The verdict rules, stated in every proof so a reader knows what "pass" and "caught" required. */
export const VERDICT_RULE =
  "Verdict rules: a target run passes only if every check returned normally and held and every required probe fired. " +
  "A mutant is caught only by a check that returned a violation (`fail`) or by the verdict it declares (e.g. `hang` for a no-watchdog mutant); " +
  "an `error` never counts as caught: a check that threw, or a crash in the story, is a broken proof, not a catch.";
const SHOWN_PACKAGES = ["vitest", "fast-check", "msw", "mock-socket", "ws", "@sinonjs/fake-timers"];

/** GitHub's cap on a comment body; summary.md is posted as one. */
export const COMMENT_LIMIT_CHARS = 65_536;

export interface SummaryMarkdownOptions {
  /** Sequence diagrams of the mutants and failing runs (summary-diagrams.ts). */
  readonly diagrams?: readonly RunDiagram[];
  /** Where CI keeps the reports (the workflow run's artifacts page). */
  readonly artifactsUrl?: string;
}

export function toSummaryMarkdown(summary: Summary, options: SummaryMarkdownOptions = {}): string {
  const sections = [
    "## Real behavior proof",
    section("Behavior addressed", capList(summary.scenarios.map(behaviorLine))),
    section("Environment", [environmentLine(summary)]),
    section("Exact command", ["```sh", summary.command, "```"]),
    section("Evidence", evidence(summary, options.artifactsUrl)),
    section("Observed result", observed(summary)),
    section("What was not tested", notTested(summary)),
  ];
  const base = redactText(`${sections.join("\n\n")}\n`);
  const diagrams = diagramSection(options.diagrams ?? [], COMMENT_LIMIT_CHARS - 1_024 - base.length, options.artifactsUrl);
  if (diagrams.length === 0) return base;
  return redactText(`${[...sections, section("Sequence around each fault", diagrams)].join("\n\n")}\n`);
}

function section(title: string, lines: readonly string[]): string {
  return [`**${title}**`, "", ...lines].join("\n");
}

function behaviorLine(s: SummaryScenario): string {
  return `- \`${s.id}\` — ${s.title}${s.behavior === "" ? "" : `. ${s.behavior}`}`;
}

function environmentLine(summary: Summary): string {
  const env = summary.environment;
  const commit = env.gitCommit === null ? "commit unknown" : `commit \`${env.gitCommit.slice(0, 12)}\`${env.gitDirty === true ? ` (${dirtyText(env)})` : ""}`;
  const packages = SHOWN_PACKAGES.filter((p) => env.packages[p] !== undefined).map((p) => `${p} ${env.packages[p]}`);
  const lanes = [...new Set(summary.scenarios.map((s) => s.lane))].join(", ");
  const c = env.calibration;
  const scale =
    c === undefined
      ? []
      : [`deadline scale ${c.effectiveScale} (fake codex start ${c.medianMs} ms vs ${c.referenceMs} ms idle; load ${c.loadAverage.join(" ")})`];
  return [`node ${env.node}`, `${env.os} ${env.arch}`, commit, ...packages, `lane: ${lanes || "none"}`, ...scale].join(" · ");
}

/** `dirty: 2 modified, 1 untracked scenario`: what the named commit does not contain. */
export function dirtyText(env: Summary["environment"]): string {
  const untracked = env.untracked ?? [];
  const scenarios = untracked.filter((u) => u.path.startsWith("scenarios/") && u.path.endsWith(".scenario.ts")).length;
  const others = untracked.length - scenarios;
  const parts = [
    ...((env.modified ?? 0) > 0 ? [`${env.modified} modified`] : []),
    ...(scenarios > 0 ? [`${scenarios} untracked scenario${scenarios === 1 ? "" : "s"}`] : []),
    ...(others > 0 ? [`${others} untracked file${others === 1 ? "" : "s"}`] : []),
  ];
  return parts.length === 0 ? "dirty" : `dirty: ${parts.join(", ")}`;
}

function evidence(summary: Summary, artifactsUrl: string | undefined): string[] {
  const table = [
    "| scenario | seeds | target runs | invariants checked | mutants caught |",
    "|---|---|---|---|---|",
    ...capList(summary.scenarios.map((s) => scenarioRow(s, summary.runs)), (n) => `| … ${n} more, listed in \`summary.json\` | | | | |`),
  ];
  const mutants = summary.scenarios.flatMap((s) => s.mutants.map((m) => mutantLine(s, m)));
  const out = [...table];
  out.push("", VERDICT_RULE);
  if (mutants.length > 0) out.push("", "Mutants (known-bad variants the scenario must catch):", ...capList(mutants));
  const corpus = summary.runs.filter((r) => r.corpus === true);
  if (corpus.length > 0) {
    const held = corpus.filter((r) => (r.target === "src" ? r.verdict === "pass" : r.caught === true)).length;
    out.push("", `Regression corpus (\`scenarios/corpus/\`): ${corpus.length} recorded failing schedules replayed first; ${held}/${corpus.length} held (mutant still caught, src passes).`);
  }
  if (summary.shard !== undefined) {
    out.push("", `This is shard ${summary.shard.index}/${summary.shard.count} of ${summary.shard.planRuns} runs: mutant verdicts are final only after \`pnpm scenarios merge\`.`);
  }
  const where = artifactsUrl === undefined ? "" : ` in the [reports artifact](${artifactsUrl})`;
  out.push("", `Per-run proof reports with sha256 digests (RFC 8785 over the deterministic core): \`runs/*.json\`, listed in \`summary.json\`${where}.`);
  return out;
}

function scenarioRow(s: SummaryScenario, runs: readonly SummaryRun[]): string {
  const own = runs.filter((r) => r.scenarioId === s.id && r.target === "src");
  const passed = own.filter((r) => r.verdict === "pass").length;
  const caught = s.mutants.filter((m) => m.caught).length;
  const cells = [
    `\`${s.id}\``,
    seedRanges(s.seeds),
    own.length === 0 ? "not run" : `${passed}/${own.length} pass`,
    s.invariants.map((i) => `\`${i}\``).join(", "),
    s.mutants.length === 0 ? "—" : `${caught}/${s.mutants.length}`,
  ];
  return `| ${cells.map(cell).join(" | ")} |`;
}

function mutantLine(s: SummaryScenario, m: SummaryMutant): string {
  const what = `\`${s.id}\` × \`${m.id}\`${m.recreates === "" ? "" : ` (re-creates ${m.recreates})`}`;
  if (m.caught) {
    const by = m.violated.length === 0 ? "" : ` — violated ${m.violated.map((v) => `\`${v}\``).join(", ")}`;
    return `- ${what}: **caught** on seed ${seedRanges(m.caughtSeeds)}${by}`;
  }
  const undeclared = (m.verdict === "fail" || m.verdict === "hang") && !m.expects.includes(m.verdict);
  const how =
    m.verdict === "pass" ? "**SURVIVED**" : undeclared ? `**not caught** (${m.verdict}, but it declares ${m.expects.join(" or ")})` : `**not judged** (${m.verdict})`;
  const errors = (m.errors ?? []).map(
    (e) => `${e.check === undefined ? "the story threw" : `\`${e.check}\` threw`} on seed ${e.seed}: ${oneLine(e.message)}${e.at === undefined ? "" : ` at \`${e.at}\``}`,
  );
  return `- ${what}: ${how} on seed ${seedRanges(m.seeds)}${errors.length === 0 ? "" : ` — error: ${errors.slice(0, 3).join("; ")}`}`;
}

function observed(summary: Summary): string[] {
  const t = summary.totals;
  const targetRuns = Object.values(t.target).reduce((a, b) => a + b, 0);
  const icon = summary.outcome === "ok" ? "✅" : "❌";
  const lines = [
    ...(summary.interrupted === undefined
      ? []
      : [`**Interrupted** (Ctrl-C) after ${summary.interrupted.afterRuns} of ${summary.interrupted.planRuns} planned runs: this proof is partial.`, ""]),
    `${icon} ${t.target.pass}/${targetRuns} target runs pass; ${t.mutants.caught}/${t.mutants.total} mutants caught` +
      ` (${t.runs} runs in ${(summary.wallMs / 1000).toFixed(2)} s). Outcome: \`${summary.outcome}\`, exit ${summary.exitCode}.`,
  ];
  const bad = summary.runs.filter((r) => r.target === "src" && r.verdict !== "pass");
  if (bad.length > 0) lines.push("", "Target runs that did not pass:", ...capList(bad.map(badRunLine)));
  return lines;
}

function badRunLine(r: SummaryRun): string {
  // The reason of an `error` run already names the check and file:line.
  const replay = replayCommand({ scenarioId: r.scenarioId, seed: r.seed, target: r.target as Target });
  return `- \`${r.scenarioId}\` seed ${r.seed}: **${r.verdict}** — ${oneLine(r.reason)} (replay: \`${replay}\`)`;
}

function notTested(summary: Summary): string[] {
  const items = [...new Set(summary.scenarios.flatMap((s) => s.notTested))];
  return items.length === 0 ? ["- (nothing declared by the scenarios)"] : capList(items.map((i) => `- ${i}`));
}

function capList(lines: readonly string[], more = (n: number) => `- … and ${n} more, listed in \`summary.json\``): string[] {
  if (lines.length <= MAX_ITEMS) return [...lines];
  return [...lines.slice(0, MAX_ITEMS), more(lines.length - MAX_ITEMS)];
}

/** `1,2,3,4,7` → `1-4, 7`: a scenario may declare hundreds of seeds. */
export function seedRanges(seeds: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < seeds.length) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === (seeds[j] ?? 0) + 1) j += 1;
    parts.push(j - i >= 2 ? `${seeds[i]}-${seeds[j]}` : seeds.slice(i, j + 1).join(", "));
    i = j + 1;
  }
  return parts.join(", ");
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, "\\|");
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
