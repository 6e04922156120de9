/**
 * Everything the CLI prints goes through here, and through redactText: a secret that reached a
 * reason or an error message never reaches the terminal or a CI log.
 */
import type { RunResult } from "../runner/types.ts";
import { isCaught, type CatchVerdict, type Verdict } from "../scenario/verdict.ts";
import { redactText } from "../report/redact.ts";

export interface Streams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface Output {
  /** Progress and results (stderr in --json mode, so stdout stays machine-readable). */
  info(line: string): void;
  /** Machine-readable output (stdout). */
  data(text: string): void;
  /** One-line errors, prefixed `scenarios: `. */
  error(line: string): void;
}

export function createOutput(streams: Streams, options: { readonly json: boolean; readonly secrets: readonly string[] }): Output {
  const clean = (text: string): string => redactText(text, { secrets: options.secrets });
  return {
    info: (line) => (options.json ? streams.stderr : streams.stdout)(`${clean(line)}\n`),
    data: (text) => streams.stdout(`${clean(text)}\n`),
    error: (line) => streams.stderr(`scenarios: ${clean(line)}\n`),
  };
}

const LABELS: Readonly<Record<Verdict, string>> = {
  pass: "PASS",
  fail: "FAIL",
  hang: "HANG",
  unknown: "UNKNOWN",
  error: "ERROR",
  nondeterministic: "NONDET",
};

/**
 * `caught`/`missed` for one seed of a mutant; the verdict in capitals for a target run. A seed that
 * does not catch a mutant only "missed" it: SURVIVED is the per-mutant verdict, printed at the end
 * when no seed caught it.
 */
export function statusLabel(verdict: Verdict, target: string, expects?: readonly CatchVerdict[]): string {
  if (target === "src") return LABELS[verdict];
  if (isCaught(verdict, expects)) return "caught";
  return verdict === "pass" ? "missed" : LABELS[verdict];
}

export interface ProgressWidths {
  readonly total: number;
  readonly id: number;
  readonly target: number;
}

/** `[ 3/12] PASS      codex/helper-401  src  seed=1  (412 steps, 3.2 ms)` plus the reason when not a plain pass. */
export function progressLine(index: number, widths: ProgressWidths, r: RunResult, options: { readonly corpus?: boolean } = {}): string {
  const digits = String(widths.total).length;
  const counter = `[${String(index).padStart(digits)}/${widths.total}]`;
  const label = statusLabel(r.verdict, r.target, r.mutant?.expects).padEnd(8);
  const stats = `(${r.stats.steps} steps, ${formatMs(r.wallMs)})`;
  const base = `${counter} ${label}  ${r.scenarioId.padEnd(widths.id)}  ${r.target.padEnd(widths.target)}  seed=${r.seed}${options.corpus === true ? " (corpus)" : ""}  ${stats}`;
  if (r.target === "src" && r.verdict === "pass") return base;
  return `${base} — ${shorten(r.reason, 160)}`;
}

export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
