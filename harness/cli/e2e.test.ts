/**
 * End to end: the real CLI in a child process over real scenarios, into a temp --out dir.
 * Every written JSON must validate, the same seeds must give the same digests, the canary
 * secrets must appear nowhere, and usage mistakes must exit 2 with one line.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../report/normalize-paths.ts";
import { validateCtrf, validateReport, validateSummary } from "../report/schema.ts";
import { FIXTURE_CANARY } from "../report/testing.ts";

const FILTER = "codex/";
let dir = "";
let canaries: string[] = [FIXTURE_CANARY];

/** scenarios/canary.ts is loaded at run time: harness/ may not import scenarios/ statically. */
async function loadCanaries(): Promise<string[]> {
  const file = join(REPO_ROOT, "scenarios", "canary.ts");
  if (!existsSync(file)) return [];
  const mod = (await import(pathToFileURL(file).href)) as { CANARIES?: readonly string[]; CANARY_BEARER_TOKEN?: string };
  return [...(mod.CANARIES ?? []), ...(mod.CANARY_BEARER_TOKEN === undefined ? [] : [mod.CANARY_BEARER_TOKEN])];
}

function cli(args: readonly string[]) {
  return execa("node", ["--import", "tsx", "harness/cli/main.ts", ...args], { cwd: REPO_ROOT, reject: false, env: { GITHUB_STEP_SUMMARY: "" } });
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-e2e-"));
  canaries = [...canaries, ...(await loadCanaries())];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("pnpm scenarios (end to end)", () => {
  it("runs real scenarios into --out, every JSON validates, and the same seeds give the same digests", async () => {
    // Act: the same selection twice.
    const first = await cli([FILTER, "--out", join(dir, "a")]);
    const second = await cli([FILTER, "--out", join(dir, "b")]);
    // Assert
    expect(first.exitCode, first.stderr).toBe(0);
    expect(second.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^\[ ?1\/\d+\] PASS /);
    expect(first.stdout).toMatch(/runs in .*— ok \(exit 0\)\. Proof: .*summary\.md$/m);
    const summaryA = JSON.parse(await readFile(join(dir, "a", "summary.json"), "utf8")) as { runs: Array<{ digest: string; reportFile: string }> };
    const summaryB = JSON.parse(await readFile(join(dir, "b", "summary.json"), "utf8")) as typeof summaryA;
    expect(validateSummary(summaryA)).toEqual({ ok: true });
    expect(summaryA.runs.length).toBeGreaterThan(0);
    expect(summaryB.runs.map((r) => r.digest)).toEqual(summaryA.runs.map((r) => r.digest));
    for (const run of summaryA.runs) {
      expect(validateReport(JSON.parse(await readFile(join(dir, "a", run.reportFile), "utf8"))), run.reportFile).toEqual({ ok: true });
    }
    expect(validateCtrf(JSON.parse(await readFile(join(dir, "a", "ctrf.json"), "utf8")))).toEqual({ ok: true });
    expect((await readdir(join(dir, "a", "runs"))).length).toBe(summaryA.runs.length);
    // No secret anywhere: not in any output file, not on the terminal.
    const texts = [first.stdout, first.stderr];
    for (const file of await filesUnder(join(dir, "a"))) texts.push(await readFile(file, "utf8"));
    for (const canary of canaries) for (const text of texts) expect(text.includes(canary), canary).toBe(false);
  });

  it.each([
    [["no-such-scenario-anywhere"], /^scenarios: no scenario matches "no-such-scenario-anywhere" \(see --list\)\n?$/],
    [["--bogus"], /^scenarios: unknown option "--bogus" \(see --help\)\n?$/],
    [["--seed", "12x"], /^scenarios: --seed "12x" is not a uint32 \(0\.\.4294967295\) \(see --help\)\n?$/],
  ])("answers %j with one line and exit 2", async (args, line) => {
    const result = await cli([...args, "--out", join(dir, "usage")]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(line);
    expect(result.stdout).toBe("");
    expect(existsSync(join(dir, "usage"))).toBe(false);
  });

  it("stops after the current run on SIGINT, exits 130 and writes the summary of what ran, marked interrupted", async () => {
    // Arrange: a long selection, interrupted as soon as the first run is reported.
    const out = join(dir, "interrupted");
    const child = cli(["sessions/heartbeat-channel-race", "--target", "src", "--out", out]);
    const firstLine = new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
    // Act
    await firstLine;
    child.kill("SIGINT");
    const result = await child;
    // Assert
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/scenarios: interrupted after \d+\/\d+ runs; the summary of those runs is in .*summary\.md \(a partial proof\)/);
    expect(existsSync(join(out, "summary.json"))).toBe(true);
    const reports = await readdir(join(out, "runs"));
    expect(reports.length).toBeGreaterThan(0);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as { interrupted?: { afterRuns: number }; runs: unknown[] };
    expect(summary.interrupted?.afterRuns).toBe(reports.length);
    expect(reports.every((f) => f.endsWith(".json"))).toBe(true);
  });

  it("checks determinism in two separate processes and passes on deterministic scenarios", async () => {
    const result = await cli(["exec/concurrent-get-2", "--check-determinism", "--no-corpus"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^(\d+) runs gave identical digests in two processes \(.*\) — ok$/m);
  });

  it("replays each committed corpus entry and reproduces its digest", async () => {
    for (const entry of (await readdir(join(REPO_ROOT, "scenarios", "corpus"))).filter((f) => f.endsWith(".json"))) {
      const result = await cli(["replay", join("scenarios", "corpus", entry)]);
      expect(result.exitCode, `${entry}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/reproduced digest [0-9a-f]{64} \(verdict fail\)/);
    }
  });

  it("redacts a secret even when the user types it on the command line", async () => {
    const secret = canaries[canaries.length - 1] ?? FIXTURE_CANARY;
    const result = await cli([`Bearer ${secret}`, "--out", join(dir, "usage")]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).not.toContain(secret);
    expect(result.stderr).toContain("<redacted>");
  });
});
