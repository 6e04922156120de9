import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCorpus } from "../explore/corpus.ts";
import { toyRace } from "../explore/testing.ts";
import { validateReport } from "../report/schema.ts";
import { runScenario } from "../runner/run-scenario.ts";
import type { AnyScenario } from "../scenario/types.ts";
import { main, type CliDeps } from "./cli.ts";
import { fakeCli } from "./testing.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-explore-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The fake CLI wiring with the real runner and the toy race. */
function realCli(scenarios: AnyScenario[] = [toyRace]): { deps: CliDeps; text: () => string; stderr: () => string } {
  const cli = fakeCli({ scenarios, cwd: dir });
  const corpusDir = join(dir, "corpus");
  const deps: CliDeps = { ...cli.deps, runScenario: (r) => runScenario(r), corpusDir, loadCorpus: () => loadCorpus(corpusDir) };
  return { deps, text: () => cli.stdout.join(""), stderr: () => cli.stderr.join("") };
}

const EXPLORED = join("out", "explore", "toy__ordered-writers.mutant_per-writer-channel.json");

describe("--explore", () => {
  it("finds the race on the mutant, shrinks it, writes a valid report and prints its replay command", async () => {
    // Arrange
    const cli = realCli();
    // Act
    const code = await main(["toy/", "--explore", "--runs", "60", "--out", "out"], cli.deps);
    // Assert
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, EXPLORED), "utf8")) as { core: { choices: number[]; exploration: { after: unknown } } };
    expect(validateReport(report)).toEqual({ ok: true });
    expect(report.core.choices).toEqual([1]);
    expect(report.core.exploration.after).toEqual({ choices: 1, faults: 1 });
    expect(cli.text()).toMatch(/PASS +toy\/ordered-writers src: no failure in 60 cases/);
    expect(cli.text()).toMatch(/found +toy\/ordered-writers mutant:per-writer-channel: fail after \d+ cases/);
    expect(cli.text()).toMatch(/shrunk \d+ times: choices \d+ → 1, faults \d+ → 1; fc seed \d+ path "[\d:]+"/);
    expect(cli.text()).toContain(`replay: pnpm scenarios replay ${EXPLORED}`);
  });

  it("removes an earlier exploration's reports, and nothing else", async () => {
    const cli = realCli();
    await main(["toy/", "--explore", "--runs", "60", "--target", "mutants", "--out", "out"], cli.deps);
    await writeFile(join(dir, "out", "explore", "notes.txt"), "mine");
    await main(["toy/", "--explore", "--runs", "5", "--target", "src", "--out", "out"], realCli().deps);
    expect((await readdir(join(dir, "out", "explore"))).sort()).toEqual(["explore.json", "notes.txt"]);
  });

  it("prints a stable fast-check seed per scenario and target, and honours --fc-seed", async () => {
    const a = realCli();
    const b = realCli();
    await main(["toy/", "--explore", "--runs", "5", "--target", "src", "--out", "out"], a.deps);
    await main(["toy/", "--explore", "--runs", "5", "--target", "src", "--out", "out", "--fc-seed", "42"], b.deps);
    const seedOf = (text: string) => /fc-seed=(\d+)/.exec(text)?.[1];
    expect(seedOf(a.text())).toMatch(/^\d+$/);
    expect(seedOf(b.text())).toBe("42");
  });

  it("stops a pair when its share of --time-limit-ms is spent, and says so", async () => {
    const cli = realCli();
    expect(await main(["toy/", "--explore", "--runs", "1000000", "--time-limit-ms", "20", "--target", "src", "--out", "out"], cli.deps)).toBe(0);
    expect(cli.text()).toMatch(/PASS +toy\/ordered-writers src: no failure in \d+ cases \(.*, its .* budget spent\)/);
  });

  it("re-explores one found case from its printed fast-check seed and path", async () => {
    const first = realCli();
    await main(["toy/", "--explore", "--runs", "60", "--target", "mutants", "--out", "out"], first.deps);
    const line = /re-explore: pnpm scenarios (.*)$/m.exec(first.text())?.[1] ?? "";
    const again = realCli();
    expect(await main([...line.split(" "), "--out", "again"], again.deps)).toBe(0);
    const a = JSON.parse(await readFile(join(dir, EXPLORED), "utf8")) as { core: { choices: number[]; faultSchedule: unknown; verdict: string } };
    const b = JSON.parse(await readFile(join(dir, "again", "explore", "toy__ordered-writers.mutant_per-writer-channel.json"), "utf8")) as typeof a;
    expect(line).toMatch(/--fc-seed \d+ --fc-path [\d:]+$/);
    expect([b.core.verdict, b.core.choices, b.core.faultSchedule]).toEqual([a.core.verdict, a.core.choices, a.core.faultSchedule]);
    expect(await main(["toy/", "--explore", "--fc-path", "0:1", "--out", "x"], realCli().deps)).toBe(2);
  });

  it("exits 1 when exploration makes src fail: a real bug", async () => {
    const broken = { ...toyRace, impl: () => ({ channelOf: (w: string) => w }) } as AnyScenario;
    const cli = realCli([broken]);
    expect(await main(["toy/", "--explore", "--runs", "60", "--target", "src", "--out", "out"], cli.deps)).toBe(1);
    expect(cli.text()).toMatch(/FAIL +toy\/ordered-writers src: fail/);
  });

  it("saves the failure to the corpus, and the next run replays it first, marked corpus", async () => {
    const cli = realCli();
    await main(["toy/", "--explore", "--runs", "60", "--target", "mutants", "--save-corpus", "--out", "out"], cli.deps);
    const after = realCli();
    expect(await main(["toy/", "--seed", "1", "--out", "out2"], after.deps)).toBe(0);
    const lines = after.text().split("\n");
    expect(lines[0]).toMatch(/^\[1\/3\] caught +toy\/ordered-writers +mutant:per-writer-channel +seed=1 \(corpus\)/);
    expect(lines[1]).toMatch(/corpus \S*toy__ordered-writers\.mutant_per-writer-channel\.json: reproduced its digest/);
    const summary = JSON.parse(await readFile(join(dir, "out2", "summary.json"), "utf8")) as { runs: Array<{ corpus?: boolean; reportFile: string }> };
    expect(summary.runs[0]).toMatchObject({ corpus: true, reportFile: "runs/toy__ordered-writers.mutant_per-writer-channel.corpus.json" });
    const ctrf = JSON.parse(await readFile(join(dir, "out2", "ctrf.json"), "utf8")) as { results: { tests: Array<{ name: string; status: string }> } };
    expect(ctrf.results.tests[0]).toMatchObject({ name: "toy/ordered-writers [mutant:per-writer-channel] seed=1 (corpus)", status: "passed" });
  });
});

describe("--choices and --params", () => {
  it("re-run exactly one interleaving and record that command as the report's replay", async () => {
    const cli = realCli();
    const argv = ["toy/", "--seed", "1", "--target", "mutant:per-writer-channel", "--choices=1", "--params", '{"faults":[2]}', "--no-corpus", "--out", "out"];
    expect(await main(argv, cli.deps)).toBe(0);
    const report = JSON.parse(await readFile(join(dir, "out", "runs", "toy__ordered-writers.mutant_per-writer-channel.seed-1.json"), "utf8")) as {
      core: { verdict: string; choices: number[]; replay: { command: string } };
    };
    expect(report.core.verdict).toBe("fail");
    expect(report.core.choices[0]).toBe(1);
    expect(report.core.replay.command).toBe(`pnpm scenarios toy/ordered-writers --seed 1 --target mutant:per-writer-channel --choices=${report.core.choices.join(",")} --params='{"faults":[2]}'`);
  });
});

describe("replay", () => {
  it("reproduces an explored report's digest and exits 0", async () => {
    const cli = realCli();
    await main(["toy/", "--explore", "--runs", "60", "--target", "mutants", "--out", "out"], cli.deps);
    const replay = realCli();
    expect(await main(["replay", EXPLORED], replay.deps)).toBe(0);
    expect(replay.text()).toMatch(/^replay of "toy\/ordered-writers" \(mutant:per-writer-channel, seed 1\) reproduced digest [0-9a-f]{64} \(verdict fail\)\n$/);
  });

  it("rejects a report whose choice was edited with the divergent step, exit 7", async () => {
    // Arrange: a seeded run's report, then flip its first choice.
    const cli = realCli();
    await main(["toy/", "--seed", "2", "--target", "mutants", "--out", "out"], cli.deps);
    const file = join(dir, "out", "runs", "toy__ordered-writers.mutant_per-writer-channel.seed-2.json");
    const report = JSON.parse(await readFile(file, "utf8")) as { core: { choices: number[] } };
    report.core.choices[0] = (report.core.choices[0] ?? 0) + 1;
    await writeFile(join(dir, "tampered.json"), JSON.stringify(report));
    // Act
    const replay = realCli();
    const code = await main(["replay", "tampered.json"], replay.deps);
    // Assert
    expect(code).toBe(7);
    expect(replay.stderr()).toMatch(/^scenarios: replay of "toy\/ordered-writers" \(mutant:per-writer-channel, seed 2\) diverged at step \d+: expected task \d+, ready \[\d+(, \d+)+\]/);
  });

  it("answers a missing file or a non-report with a usage error", async () => {
    const cli = realCli();
    expect(await main(["replay", "nope.json"], cli.deps)).toBe(2);
    await writeFile(join(dir, "x.json"), '{"schemaVersion":"other"}');
    expect(await main(["replay", "x.json"], cli.deps)).toBe(2);
    expect(cli.stderr()).toContain('x.json: unknown schemaVersion "other"');
  });
});
