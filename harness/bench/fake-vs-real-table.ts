/**
 * The "fake-codex vs real codex" figure, assembled from timings measured side by side in one run
 * (./fake-vs-real.ts): per metric the fake's and the real binary's median and min–max, their
 * ratio, the target and whether it is met. Pure: timings in, figure and table out.
 */
import type { Figure, Headline, Measurement } from "./figure.ts";
import { measured, ratioHeadline } from "./figure.ts";
import { formatNumber, ratioOf, spreadOf, type Spread } from "./stats.ts";

/** One spawn of one binary: what a client waits for, in ms from the moment it acts. */
export interface SpawnTiming {
  /** `codex --version`: spawn → exit. */
  readonly versionMs: number;
  /** `codex app-server`: spawn → the `initialize` response. */
  readonly initializeMs: number;
  /** turn/start sent → the first `item/agentMessage/delta`. */
  readonly firstDeltaMs: number;
  /** turn/start sent → `turn/completed`. */
  readonly completedMs: number;
}

export type Metric = keyof SpawnTiming;

export const METRICS: ReadonlyArray<{ readonly key: Metric; readonly label: string }> = [
  { key: "versionMs", label: "`--version` (spawn → exit)" },
  { key: "initializeMs", label: "spawn → `initialize` response" },
  { key: "firstDeltaMs", label: "turn/start → first agentMessage delta" },
  { key: "completedMs", label: "turn/start → `turn/completed`" },
];

/** A target: an absolute bound on the fake's median, or "no slower than the real binary". */
export type Target = { readonly kind: "atMostMs"; readonly ms: number } | { readonly kind: "noSlowerThanReal" };

export const TARGETS: Readonly<Record<Metric, Target>> = {
  versionMs: { kind: "atMostMs", ms: 100 },
  initializeMs: { kind: "atMostMs", ms: 200 },
  firstDeltaMs: { kind: "noSlowerThanReal" },
  completedMs: { kind: "noSlowerThanReal" },
};

export interface FakeVsRealSamples {
  readonly fake: readonly SpawnTiming[];
  readonly real: readonly SpawnTiming[];
  /** `node -e 0` spawn → exit, the floor under any node program's start-up (optional). */
  readonly nodeFloorMs?: readonly number[];
  /** The 1-minute load average before each repetition. */
  readonly loadAverages: readonly number[];
}

export interface FakeVsRealRow {
  readonly metric: Metric;
  readonly label: string;
  readonly fake: Spread;
  readonly real: Spread;
  /** fake ÷ real: median ratio, bounded by the extreme sample ratios. */
  readonly ratio: { readonly median: number; readonly low: number; readonly high: number };
  readonly target: string;
  readonly met: boolean;
}

function targetText(target: Target): string {
  return target.kind === "atMostMs" ? `fake median ≤ ${target.ms} ms` : "fake median ≤ real median";
}

function isMet(target: Target, fake: Spread, real: Spread): boolean {
  return target.kind === "atMostMs" ? fake.median <= target.ms : fake.median <= real.median;
}

export function fakeVsRealRows(samples: FakeVsRealSamples): FakeVsRealRow[] {
  return METRICS.map(({ key, label }) => {
    const fake = spreadOf(samples.fake.map((s) => s[key]), `fake ${key}`);
    const real = spreadOf(samples.real.map((s) => s[key]), `real ${key}`);
    const target = TARGETS[key];
    return { metric: key, label, fake, real, ratio: ratioOf(fake, real), target: targetText(target), met: isMet(target, fake, real) };
  });
}

const ms = (s: Spread): string => `${formatNumber(s.median)} ms (${formatNumber(s.min)}–${formatNumber(s.max)})`;

export const FAKE_VS_REAL_HEADER: readonly string[] = ["measured", "fake-codex median (min–max)", "real codex median (min–max)", "fake ÷ real", "target", "met"];

/** The table's cells, row by row, for markdown and the terminal. */
export function fakeVsRealCells(rows: readonly FakeVsRealRow[]): string[][] {
  return rows.map((r) => [r.label, ms(r.fake), ms(r.real), `${formatNumber(r.ratio.median)}× (${formatNumber(r.ratio.low)}–${formatNumber(r.ratio.high)})`, r.target, r.met ? "yes" : "no"]);
}

export function fakeVsRealMarkdown(rows: readonly FakeVsRealRow[]): string {
  const lines = [`| ${FAKE_VS_REAL_HEADER.join(" | ")} |`, "|---|---:|---:|---:|---|---|"];
  for (const cells of fakeVsRealCells(rows)) lines.push(`| ${cells.join(" | ")} |`);
  return lines.join("\n");
}

export interface FakeVsRealFacts {
  readonly realBinary: string;
  readonly codexVersion: string;
  readonly isolation: string;
  readonly flags: readonly string[];
}

export function fakeVsRealFigure(samples: FakeVsRealSamples, facts: FakeVsRealFacts): Figure {
  const rows = fakeVsRealRows(samples);
  const n = Math.min(samples.fake.length, samples.real.length);
  const measurements: Measurement[] = rows.flatMap((r) => [measured(`fake-codex: ${r.label}`, "ms", r.fake), measured(`real codex: ${r.label}`, "ms", r.real)]);
  if (samples.nodeFloorMs !== undefined && samples.nodeFloorMs.length > 0) measurements.push(measured("`node -e 0` (spawn → exit, the floor of a node program)", "ms", spreadOf(samples.nodeFloorMs, "node floor")));
  const ratios: Headline[] = rows.map((r) => ratioHeadline(`fake ÷ real: ${r.label}`, r.ratio, n));
  const [headline, ...moreRatios] = ratios;
  const load = samples.loadAverages.length === 0 ? undefined : spreadOf(samples.loadAverages, "load average");
  return {
    id: "fake-vs-real",
    title: "fake-codex vs real codex, side by side",
    headline: headline ?? ratioHeadline("fake ÷ real", { median: Number.NaN, low: Number.NaN, high: Number.NaN }, 0),
    measurements,
    moreRatios,
    extraTable: { title: "fake-codex vs real codex", header: FAKE_VS_REAL_HEADER, rows: fakeVsRealCells(rows) },
    facts: {
      realBinary: facts.realBinary,
      codexVersion: facts.codexVersion,
      isolation: facts.isolation,
      flags: [...facts.flags],
      targetsMet: Object.fromEntries(rows.map((r) => [r.metric, r.met])),
      loadAverage1m: load === undefined ? null : { median: load.median, min: load.min, max: load.max },
    },
    method:
      `Each of ${n} repetitions (after one warm-up each, not counted) spawns both binaries, alternating which goes first, ` +
      "inside one loopback-only network namespace and against the same loopback model server, with the same `-c` provider flags: " +
      "`codex --version` (spawn → exit), then `codex app-server` over stdio (spawn → the `initialize` response; then thread/start, " +
      "and turn/start → the first agentMessage delta and → turn/completed; the model answers two deltas at once). " +
      "The fake is its `codex` launcher (`fake-codex shim`: sh → node → the built bundle), the real one the native binary from the live lane's cache. " +
      "Targets: fake --version ≤ 100 ms and spawn → initialize ≤ 200 ms median on an idle machine; turn latencies no slower than the real binary's. " +
      "The 1-minute load average is recorded before each repetition: on a loaded machine start-up times grow with it.",
  };
}
