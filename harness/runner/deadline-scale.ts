/**
 * Real-time budgets that survive a loaded machine without hiding a real hang. Every wall-clock
 * budget of the process, live and black-box lanes (a client's deadline, a bound on a broker's
 * exit, the runner's wall budget) is multiplied by one scale:
 *
 * - explicit: `--deadline-scale N`, else `CODEX_PROOF_DEADLINE_SCALE`, else the config's
 *   `deadlineScale`, else 1;
 * - calibrated: at the start of a run with real-time lanes, the fake codex's own spawn→initialize
 *   latency is measured and compared with its latency on an idle machine; a slow machine widens
 *   the budgets by that ratio (never narrows them, capped at MAX_SCALE).
 *
 * The effective scale is the larger of the two. A hang is still a hang: a client that never exits
 * is killed at its (wider) deadline and judged `hang`; only the time it takes to see it grows. The
 * report records the samples, the ratio and the load average as evidence.
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const FAKE_CODEX = resolve(ROOT, "fakes/bin/fake-codex.mjs");

/** fake-codex spawn→initialize response on an idle 2-CPU machine (median 2026-12, Node 20); see README. */
export const REFERENCE_FAKE_START_MS = 400;
export const MAX_SCALE = 20;
export const DEADLINE_SCALE_ENV = "CODEX_PROOF_DEADLINE_SCALE";

export interface Calibration {
  /** spawn→initialize response of the fake codex, each sample, ms. */
  readonly fakeStartMs: readonly number[];
  readonly medianMs: number;
  readonly referenceMs: number;
  /** max(1, median / reference), capped. */
  readonly calibratedScale: number;
  /** From the flag, the environment or the config (1 when none). */
  readonly explicitScale: number;
  readonly explicitFrom: "flag" | "env" | "config" | "default";
  /** What every real-time budget is multiplied by. */
  readonly effectiveScale: number;
  /** os.loadavg() when calibrated: 1, 5, 15 minutes. */
  readonly loadAverage: readonly number[];
}

/** Parses a scale given by a user: a finite number from 1 to 100. Throws with `where` in the message. */
export function parseScale(value: string, where: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 1 || n > 100) throw new Error(`${where}: expected a number from 1 to 100, got ${JSON.stringify(value)}`);
  return n;
}

/** The explicit scale: the flag wins, then the environment variable, then the config. */
export function explicitScale(options: { flag?: number; env?: string; config?: number }): { scale: number; from: Calibration["explicitFrom"] } {
  if (options.flag !== undefined) return { scale: options.flag, from: "flag" };
  if (options.env !== undefined && options.env !== "") return { scale: parseScale(options.env, DEADLINE_SCALE_ENV), from: "env" };
  if (options.config !== undefined && options.config !== 1) return { scale: options.config, from: "config" };
  return { scale: 1, from: "default" };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The scale from measured samples: never below 1, never above MAX_SCALE, two decimals. */
export function scaleFromSamples(samples: readonly number[], referenceMs = REFERENCE_FAKE_START_MS): number {
  if (samples.length === 0) return 1;
  return Math.round(Math.min(MAX_SCALE, Math.max(1, median(samples) / referenceMs)) * 100) / 100;
}

/** One spawn of the fake codex: ms from spawn to its initialize response (bounded); resolves once it has exited. */
export function measureFakeStart(options: { timeoutMs?: number } = {}): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, [FAKE_CODEX, "app-server"], { stdio: ["pipe", "pipe", "ignore"], env: { ...process.env, FAKE_CODEX_SCRIPT: "", FAKE_CODEX_TRANSCRIPT: "" } });
    let settled = false;
    const exited = new Promise<void>((r) => child.once("close", () => r()));
    const done = (ms: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // stdin EOF ends the fake at once; nothing of the measurement may outlive it.
      child.stdin.end();
      const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
      void exited.then(() => {
        clearTimeout(force);
        resolvePromise(ms);
      });
    };
    const timer = setTimeout(() => done(timeoutMs), timeoutMs);
    let buffered = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffered += chunk;
      if (buffered.includes('"id":1')) done(performance.now() - started);
    });
    child.on("error", () => done(timeoutMs));
    child.on("exit", () => done(performance.now() - started));
    child.stdin.on("error", () => undefined);
    child.stdin.write(`${JSON.stringify({ id: 1, method: "initialize", params: { clientInfo: { name: "calibration", version: "0" } } })}\n`);
  });
}

/** Measures `samples` fake starts one after another and combines them with the explicit scale. */
export async function calibrate(options: { explicit: { scale: number; from: Calibration["explicitFrom"] }; samples?: number; measure?: () => Promise<number> }): Promise<Calibration> {
  const measure = options.measure ?? (() => measureFakeStart());
  const fakeStartMs: number[] = [];
  for (let i = 0; i < (options.samples ?? 3); i++) fakeStartMs.push(Math.round(await measure()));
  const calibratedScale = scaleFromSamples(fakeStartMs);
  return {
    fakeStartMs,
    medianMs: median(fakeStartMs),
    referenceMs: REFERENCE_FAKE_START_MS,
    calibratedScale,
    explicitScale: options.explicit.scale,
    explicitFrom: options.explicit.from,
    effectiveScale: Math.max(calibratedScale, options.explicit.scale),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** `deadline scale 2.5 (calibrated: fake start 1000 ms vs 400 ms idle; load 3.1)` for a progress line. */
export function describeCalibration(c: Calibration): string {
  const from = c.explicitFrom === "default" ? "" : `, ${c.explicitFrom} ${c.explicitScale}`;
  return `deadline scale ${c.effectiveScale} (fake start ${c.medianMs} ms vs ${c.referenceMs} ms idle → ${c.calibratedScale}${from}; load ${c.loadAverage.join(" ")})`;
}

let processCalibration: Promise<Calibration> | undefined;

/**
 * One calibration per process, with `CODEX_PROOF_DEADLINE_SCALE` as the explicit scale: for test
 * suites that run real-time scenarios without the CLI (the CLI calibrates per run).
 */
export function calibrateOnce(): Promise<Calibration> {
  processCalibration ??= calibrate({ explicit: explicitScale({ env: process.env[DEADLINE_SCALE_ENV] ?? "" }) });
  return processCalibration;
}
