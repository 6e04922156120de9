/**
 * `--jobs N` runs independent runs on worker threads; nothing a user reads may depend on N: the
 * same progress lines in the same order (timings aside), the same reports, the same digests — for
 * deterministic and process-lane runs, mutants and the corpus replay alike, with
 * `--mutant-seeds until-caught` too — and an interrupt still stops after the run in flight.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../explore/corpus.ts";
import { discoverScenarios } from "../runner/discover.ts";
import { runScenario, sourceInfo } from "../runner/run-scenario.ts";
import { FIXTURE_ENVIRONMENT } from "../report/testing.ts";
import type { AnyScenario } from "../scenario/types.ts";
import { main, type CliDeps } from "./cli.ts";
import { createWorkerPool } from "./pool.ts";

let dir = "";
let scenarios: AnyScenario[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-pool-"));
  scenarios = await discoverScenarios();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Captured {
  readonly code: number;
  readonly lines: string[];
  readonly stderr: string;
  readonly pools: number;
}

async function cli(argv: readonly string[], options: { readonly interruptAfterLines?: number } = {}): Promise<Captured> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let pools = 0;
  let clock = 0;
  const deps: CliDeps = {
    discover: () => Promise.resolve(scenarios),
    runScenario: (request) => runScenario(request),
    sourceInfo,
    loadCorpus: () => loadCorpus(),
    createPool: (jobs) => (pools++, createWorkerPool({ jobs, environment: FIXTURE_ENVIRONMENT, secrets: [] })),
    environment: FIXTURE_ENVIRONMENT,
    secrets: [],
    toolVersion: "0.1.0",
    interrupted: () => options.interruptAfterLines !== undefined && stdout.length >= options.interruptAfterLines,
    wallMs: () => (clock += 1),
    epochMs: () => 1_700_000_000_000,
    stdout: (t) => void stdout.push(t),
    stderr: (t) => void stderr.push(t),
    cwd: dir,
  };
  const code = await main(argv, deps);
  const lines = stdout.join("").split("\n").filter((l) => l.startsWith("["));
  return { code, lines: lines.map((l) => l.replace(/\(\d+ steps, [\d.]+ m?s\)/, "(…)")), stderr: stderr.join(""), pools };
}

async function digests(out: string): Promise<Array<[string, string, string]>> {
  const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as { runs: Array<{ reportFile: string; verdict: string; digest: string }> };
  return summary.runs.map((r) => [r.reportFile, r.verdict, r.digest]);
}

const SELECTION = ["sessions/", "exec/get-races-disconnect", "broker/process-second-client-busy", "--seed", "1"];

describe("--jobs", () => {
  it("gives the lines, reports and digests of --jobs 1, process lane and corpus included", async () => {
    const serial = await cli([...SELECTION, "--jobs", "1", "--out", join(dir, "j1")]);
    const pooled = await cli([...SELECTION, "--jobs", "2", "--out", join(dir, "j2")]);
    expect(serial.code, serial.stderr).toBe(0);
    expect(pooled.code, pooled.stderr).toBe(0);
    expect(serial.pools).toBe(0);
    expect(pooled.pools).toBe(1);
    expect(serial.lines.length).toBeGreaterThan(20);
    expect(serial.lines.some((l) => l.includes("(corpus)"))).toBe(true);
    expect(pooled.lines).toEqual(serial.lines);
    expect(await digests(join(dir, "j2"))).toEqual(await digests(join(dir, "j1")));
    expect((await readdir(join(dir, "j2", "runs"))).sort()).toEqual((await readdir(join(dir, "j1", "runs"))).sort());
  }, 180_000);

  it("skips the same mutant seeds with --mutant-seeds until-caught", async () => {
    const args = ["sessions/", "--seed", "1", "--seed", "2", "--seed", "3", "--mutant-seeds", "until-caught", "--no-corpus"];
    const serial = await cli([...args, "--jobs", "1", "--out", join(dir, "u1")]);
    const pooled = await cli([...args, "--jobs", "2", "--out", join(dir, "u2")]);
    expect(pooled.code).toBe(serial.code);
    expect(pooled.lines).toEqual(serial.lines);
    expect(await digests(join(dir, "u2"))).toEqual(await digests(join(dir, "u1")));
  });

  it("stops after the runs in flight on an interrupt, as --jobs 1 does", async () => {
    const interrupted = await cli(["sessions/", "--seed", "1", "--seed", "2", "--no-corpus", "--jobs", "2", "--out", join(dir, "int")], { interruptAfterLines: 3 });
    expect(interrupted.code).toBe(130);
    expect(interrupted.lines).toHaveLength(3);
    expect(interrupted.stderr).toMatch(/interrupted after 3\//);
  });
});
