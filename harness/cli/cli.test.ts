import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateReport, validateSummary } from "../report/schema.ts";
import { FIXTURE_CANARY } from "../report/testing.ts";
import { commandLine, main } from "./cli.ts";
import { fakeCli, fakeScenario } from "./testing.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const scenarios = () => [fakeScenario("codex/alpha", { mutants: ["bad-one"] }), fakeScenario("exec/beta", { seeds: [3] })];

describe("main", () => {
  it("runs src and mutants, prints one line per run and a final line, and exits 0", async () => {
    // Arrange
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir });
    // Act
    const code = await main(["--out", "out"], cli.deps);
    // Assert
    expect(code).toBe(0);
    const lines = cli.stdout.join("").trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^\[1\/5\] PASS {6}codex\/alpha {2}src {13}seed=1 {2}\(42 steps, 3\.2 ms\)$/);
    expect(lines[2]).toMatch(/^\[3\/5\] caught {4}codex\/alpha {2}mutant:bad-one {2}seed=1 .* — inv violated$/);
    expect(lines[5]).toMatch(/^5 runs in .*: target 3\/3 pass; mutants 1\/1 caught — ok \(exit 0\)\. Proof: .*out\/summary\.md$/);
    expect(cli.stderr).toEqual([]);
  });

  it("writes reports and a summary that validate, listing every run", async () => {
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir });
    await main(["--out", "out"], cli.deps);
    const summary = JSON.parse(await readFile(join(dir, "out", "summary.json"), "utf8")) as { runs: Array<{ reportFile: string }>; command: string };
    expect(validateSummary(summary)).toEqual({ ok: true });
    expect(summary.command).toBe("pnpm scenarios --out out");
    expect(summary.runs).toHaveLength(5);
    for (const run of summary.runs) {
      expect(validateReport(JSON.parse(await readFile(join(dir, "out", run.reportFile), "utf8")))).toEqual({ ok: true });
    }
  });

  it.each([
    ["a mutant that survives every seed", () => "pass" as const, 1],
    ["a target run that hangs", (_id: string, t: string) => (t === "src" ? "hang" : "fail") as "hang" | "fail", 3],
    ["a target run that errors", (_id: string, t: string) => (t === "src" ? "error" : "fail") as "error" | "fail", 4],
    ["a vacuous target run", (_id: string, t: string) => (t === "src" ? "unknown" : "fail") as "unknown" | "fail", 5],
  ])("exits with the class of %s", async (_what, verdictOf, expected) => {
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir, verdictOf });
    expect(await main(["--out", "out"], cli.deps)).toBe(expected);
  });

  it("names a mutant that survived every seed", async () => {
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir, verdictOf: () => "pass" });
    await main(["--out", "out", "-q"], cli.deps);
    expect(cli.stdout.join("")).toContain("SURVIVED  codex/alpha  mutant:bad-one on every seed (1, 2)");
  });

  it("turns a runner that throws into an error run, and keeps going", async () => {
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir });
    const run = cli.deps.runScenario;
    const deps = { ...cli.deps, runScenario: (r: Parameters<typeof run>[0]) => (r.scenario.id === "exec/beta" ? Promise.reject(new Error("kaput")) : run(r)) };
    expect(await main(["--out", "out"], deps)).toBe(4);
    const report = JSON.parse(await readFile(join(dir, "out", "runs", "exec__beta.src.seed-3.json"), "utf8")) as { core: { verdict: string; reason: string } };
    expect(report.core).toMatchObject({ verdict: "error", reason: "the runner threw: kaput" });
    expect(validateReport(report)).toEqual({ ok: true });
  });

  it.each([
    [["nope"], 'scenarios: no scenario matches "nope" (see --list)'],
    [["--frob"], 'scenarios: unknown option "--frob" (see --help)'],
    [["--seed", "x"], 'scenarios: --seed "x" is not a uint32 (0..4294967295) (see --help)'],
    [["--target", "mutant:zzz"], 'scenarios: no selected scenario has mutant "zzz" (see --list)'],
  ])("answers %j with one line on stderr, exit 2, and writes nothing", async (argv, line) => {
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir });
    expect(await main([...argv, "--out", "out"], cli.deps)).toBe(2);
    expect(cli.stderr).toEqual([`${line}\n`]);
    expect(cli.stdout).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("stops after the current run on interrupt, exits 130 and writes the summary of what ran, marked partial", async () => {
    // Arrange: a stale summary from an earlier run must not survive to look current.
    await mkdir(join(dir, "out"), { recursive: true });
    await writeFile(join(dir, "out", "summary.json"), "{}");
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir, afterRun: (f) => f.interrupt() });
    // Act
    const code = await main(["--out", "out"], cli.deps);
    // Assert
    expect(code).toBe(130);
    expect(cli.ran).toHaveLength(1);
    expect((await readdir(join(dir, "out"))).sort()).toEqual(["ctrf.json", "junit.xml", "runs", "summary.json", "summary.md"]);
    const summary = JSON.parse(await readFile(join(dir, "out", "summary.json"), "utf8")) as { interrupted?: unknown; runs: unknown[] };
    expect(summary.interrupted).toEqual({ afterRuns: 1, planRuns: 5 });
    expect(summary.runs).toHaveLength(1);
    expect(await readFile(join(dir, "out", "summary.md"), "utf8")).toContain("**Interrupted** (Ctrl-C) after 1 of 5 planned runs: this proof is partial.");
    expect(cli.stderr.join("")).toMatch(/^scenarios: interrupted after 1\/5 runs/);
  });

  it("never prints or writes the canary token, not even one typed on the command line", async () => {
    // Arrange: a secret in a reason, and one in an argument (an odd --out dir name).
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir, reasonOf: () => `upstream said Authorization: Bearer ${FIXTURE_CANARY}` });
    const out = join(dir, `token=${FIXTURE_CANARY}`);
    // Act
    await main(["--out", out, "codex/"], cli.deps);
    // Assert
    expect([...cli.stdout, ...cli.stderr].join("")).not.toContain(FIXTURE_CANARY);
    for (const f of [...(await readdir(out)), ...(await readdir(join(out, "runs"))).map((n) => join("runs", n))]) {
      if (f === "runs") continue;
      expect(await readFile(join(out, f), "utf8"), f).not.toContain(FIXTURE_CANARY);
    }
    expect(cli.stdout.join("")).toContain("token=<redacted>");
  });

  it("appends the proof block to the GitHub step summary when one is given", async () => {
    const stepSummaryPath = join(dir, "step-summary.md");
    await writeFile(stepSummaryPath, "earlier step\n");
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir });
    expect(await main(["--out", "out"], { ...cli.deps, stepSummaryPath })).toBe(0);
    const text = await readFile(stepSummaryPath, "utf8");
    expect(text.startsWith("earlier step\n## Real behavior proof")).toBe(true);
    expect(text).toContain(await readFile(join(dir, "out", "summary.md"), "utf8"));
  });

  it("prints the summary as JSON on stdout with --json, progress on stderr", async () => {
    const cli = fakeCli({ scenarios: scenarios(), cwd: dir });
    expect(await main(["--out", "out", "--json"], cli.deps)).toBe(0);
    const summary = JSON.parse(cli.stdout.join("")) as { exitCode: number };
    expect(summary.exitCode).toBe(0);
    expect(cli.stderr.join("")).toContain("[1/5] PASS");
  });

  it("lists scenarios with seeds and mutants, and prints help, both exiting 0", async () => {
    const cli = fakeCli({ scenarios: [fakeScenario("codex/alpha", { seeds: [1, 2, 3, 4, 9], mutants: ["bad-one"] })], cwd: dir });
    expect(await main(["--list"], cli.deps)).toBe(0);
    expect(cli.stdout[0]).toBe("codex/alpha  deterministic  seeds 1-4,9  mutants: bad-one\n");
    expect(await main(["--help"], cli.deps)).toBe(0);
    expect(cli.stdout.join("")).toContain("Usage: pnpm scenarios [filter...] [options]");
    expect(cli.stdout.join("")).toContain("--seed N");
  });
});

describe("commandLine", () => {
  it("quotes arguments a shell would split", () => {
    expect(commandLine(["codex/*", "--seed", "1", "it's"])).toBe("pnpm scenarios 'codex/*' --seed 1 'it'\\''s'");
  });
});
