import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Summary } from "../report/summary.ts";
import type { Verdict } from "../scenario/verdict.ts";
import { validateSummary } from "../report/schema.ts";
import { main, type CliDeps } from "./cli.ts";
import type { ChildResult } from "./commands/determinism.ts";
import { digestsArgv } from "./commands/determinism.ts";
import { fakeCli, fakeScenario } from "./testing.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-scale-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const seeds = Array.from({ length: 9 }, (_, i) => i + 1);
const scenarios = () => [
  fakeScenario("codex/alpha", { seeds, mutants: ["bad-one", "bad-two"] }),
  fakeScenario("exec/beta", { seeds: [3, 4, 5], mutants: ["loose"] }),
  fakeScenario("sessions/gamma", { seeds }),
];
/** Mutants are caught only on odd seeds, so the per-mutant verdicts depend on every shard. */
const verdictOf = (_id: string, target: string, seed: number) => (target === "src" ? "pass" : seed % 2 === 1 ? "fail" : "pass");

async function readSummary(out: string): Promise<Summary> {
  return JSON.parse(await readFile(join(dir, out, "summary.json"), "utf8")) as Summary;
}

/** What must not change between a sharded-and-merged run and the unsharded one. */
function essence(summary: Summary) {
  return {
    runs: summary.runs.map(({ scenarioId, target, seed, verdict, caught, digest, reportFile }) => ({ scenarioId, target, seed, verdict, caught, digest, reportFile })),
    scenarios: summary.scenarios,
    totals: summary.totals,
    outcome: summary.outcome,
  };
}

describe("--shard and merge", () => {
  it("a 4-way shard run merged equals the unsharded summary: same runs, verdicts and digests", async () => {
    // Arrange: the unsharded run.
    expect(await main(["--out", "all"], fakeCli({ scenarios: scenarios(), cwd: dir, verdictOf }).deps)).toBe(0);
    // Act: four slices, then the merge.
    const sizes: number[] = [];
    for (const i of [1, 2, 3, 4]) {
      expect(await main(["--shard", `${i}/4`, "--out", `s${i}`], fakeCli({ scenarios: scenarios(), cwd: dir, verdictOf }).deps)).toBe(0);
      sizes.push((await readSummary(`s${i}`)).runs.length);
    }
    const merge = fakeCli({ scenarios: scenarios(), cwd: dir });
    const code = await main(["merge", "s1", "s2", "s3", "s4", "--out", "merged"], merge.deps);
    // Assert
    expect(code).toBe(0);
    const merged = await readSummary("merged");
    const whole = await readSummary("all");
    expect(validateSummary(merged)).toEqual({ ok: true });
    expect(sizes.every((n) => n > 0 && n < whole.runs.length)).toBe(true);
    expect(essence(merged)).toEqual(essence(whole));
    expect(await readFile(join(dir, "merged", "junit.xml"), "utf8")).toContain("<testsuites");
    expect(JSON.parse(await readFile(join(dir, "merged", "ctrf.json"), "utf8"))).toMatchObject({ results: { summary: { tests: whole.runs.length } } });
    expect(merge.stdout.join("")).toContain("merged 4 outputs");
  });

  it("does not fail a shard for a mutant that only other shards catch, but does for its own target runs", async () => {
    // Seed 2 never catches (one run survives, one is unknown); seed 3 does. Those land in different shards.
    const two = () => [fakeScenario("codex/alpha", { seeds: [2, 3], mutants: ["bad-one", "bad-two"] })];
    const mixed = (_id: string, target: string, seed: number): Verdict =>
      target === "src" ? "pass" : seed === 3 ? "fail" : target === "mutant:bad-one" ? "pass" : "unknown";
    const codes: number[] = [];
    for (const i of [1, 2, 3, 4]) codes.push(await main(["--shard", `${i}/4`, "--out", `s${i}`], fakeCli({ scenarios: two(), cwd: dir, verdictOf: mixed }).deps));
    expect(codes).toEqual([0, 0, 0, 0]);
    const failing = (): Verdict => "fail";
    const all = [1, 2, 3, 4].map((i) => main(["--shard", `${i}/4`, "--out", `f${i}`], fakeCli({ scenarios: two(), cwd: dir, verdictOf: failing }).deps));
    expect((await Promise.all(all)).some((c) => c === 1)).toBe(true);
  });

  it("keeps each run in the same shard when scenarios are added", async () => {
    const before = fakeCli({ scenarios: scenarios(), cwd: dir, verdictOf });
    await main(["--shard", "2/4", "--out", "before"], before.deps);
    const after = fakeCli({ scenarios: [...scenarios(), fakeScenario("turn/delta", { seeds })], cwd: dir, verdictOf });
    await main(["--shard", "2/4", "--out", "after"], after.deps);
    expect(after.ran.filter((r) => !r.startsWith("turn/"))).toEqual(before.ran);
  });

  it("refuses to merge an incomplete set of shards", async () => {
    for (const i of [1, 3]) await main(["--shard", `${i}/4`, "--out", `s${i}`], fakeCli({ scenarios: scenarios(), cwd: dir }).deps);
    const merge = fakeCli({ scenarios: scenarios(), cwd: dir });
    expect(await main(["merge", "s1", "s3", "--out", "merged"], merge.deps)).toBe(4);
    expect(merge.stderr.join("")).toContain("shard 2/4, 4/4 missing");
  });
});

describe("--mutant-seeds", () => {
  it("until-caught stops each mutant at its first catching seed; all runs every seed", async () => {
    const fast = fakeCli({ scenarios: [fakeScenario("codex/alpha", { seeds: [2, 3, 5], mutants: ["bad-one"] })], cwd: dir, verdictOf });
    await main(["--mutant-seeds", "until-caught", "--out", "out"], fast.deps);
    expect(fast.ran).toEqual(["codex/alpha src 2", "codex/alpha src 3", "codex/alpha src 5", "codex/alpha mutant:bad-one 2", "codex/alpha mutant:bad-one 3"]);
    expect(fast.stdout.join("")).toContain("skipped 1 mutant runs after their mutant was caught");
    const full = fakeCli({ scenarios: [fakeScenario("codex/alpha", { seeds: [2, 3, 5], mutants: ["bad-one"] })], cwd: dir, verdictOf });
    await main(["--out", "out"], full.deps);
    expect(full.ran).toHaveLength(6);
  });

  it('labels a seed that did not catch a mutant "missed", keeping SURVIVED for the per-mutant verdict', async () => {
    const cli = fakeCli({ scenarios: [fakeScenario("codex/alpha", { seeds: [2, 3], mutants: ["bad-one"] })], cwd: dir, verdictOf });
    await main(["--out", "out"], cli.deps);
    const text = cli.stdout.join("");
    expect(text).toMatch(/\[3\/4\] missed +codex\/alpha +mutant:bad-one +seed=2/);
    expect(text).toMatch(/\[4\/4\] caught +codex\/alpha +mutant:bad-one +seed=3/);
    expect(text).not.toMatch(/survived/i);
  });
});

describe("--check-determinism", () => {
  /** Each "process" is a fresh in-memory CLI; `reasonFor(n)` lets the n-th process see a different world. */
  function withChildren(reasonFor: (child: number, seed: number) => string): { deps: CliDeps; spawned: string[][]; out: () => string } {
    const spawned: string[][] = [];
    const parent = fakeCli({ scenarios: scenarios(), cwd: dir });
    const spawnCli = async (argv: readonly string[]): Promise<ChildResult> => {
      const n = spawned.push([...argv]);
      const child = fakeCli({ scenarios: scenarios(), cwd: dir, verdictOf, reasonOf: (_id, _t, seed) => reasonFor(n, seed) });
      const code = await main(argv, child.deps);
      return { code, stdout: child.stdout.join(""), stderr: child.stderr.join("") };
    };
    return { deps: { ...parent.deps, spawnCli }, spawned, out: () => parent.stdout.join("") };
  }

  it("passes when two processes give identical digests for every run", async () => {
    const check = withChildren(() => "same world");
    expect(await main(["codex/", "--check-determinism", "--out", "x", "-q"], check.deps)).toBe(0);
    expect(check.spawned).toEqual([
      ["digests", "codex/"],
      ["digests", "codex/"],
    ]);
    expect(check.out()).toContain("27 runs gave identical digests in two processes");
  });

  it("reports a run whose digest differs between processes as nondeterministic, exit 6", async () => {
    const check = withChildren((child, seed) => (child === 2 && seed === 4 ? "a different world" : "same world"));
    expect(await main(["codex/", "--check-determinism"], check.deps)).toBe(6);
    expect(check.out()).toMatch(/NONDET {2}codex\/alpha\|src\|4: digest [0-9a-f]{16}… \(pass\) vs [0-9a-f]{16}… \(pass\)/);
    expect(check.out()).toContain("NONDETERMINISTIC (exit 6)");
  });

  it("passes the user's selection to the children, without output options", () => {
    expect(digestsArgv(["exec/", "--check-determinism", "--out", "o", "-q", "--json", "--shard=1/2"])).toEqual(["digests", "exec/", "--shard=1/2"]);
  });
});

describe("live lane preflight", () => {
  const live = () => [fakeScenario("live/one", { lane: "live" }), fakeScenario("codex/alpha")];

  it("refuses with the preflight's message and exit 2 when the lane is unavailable", async () => {
    const cli = fakeCli({ scenarios: live(), cwd: dir });
    const refusal = Object.assign(new Error("live lane refused: cannot create a loopback-only network namespace (no unshare)"), { name: "LiveLaneUnavailableError" });
    const deps: CliDeps = { ...cli.deps, liveLane: () => Promise.reject(refusal) };
    expect(await main(["--lane", "all", "--out", "out"], deps)).toBe(2);
    expect(cli.stderr.join("")).toContain("scenarios: live lane refused");
    expect(cli.ran).toEqual([]);
  });

  it("runs the preflight once with --allow-no-netns and cleans the lane up at the end", async () => {
    const cli = fakeCli({ scenarios: live(), cwd: dir });
    const calls: string[] = [];
    const deps: CliDeps = {
      ...cli.deps,
      liveLane: (o) => {
        calls.push(`ensure allow=${o.allowNoNamespace} after ${cli.ran.length} runs`);
        return Promise.resolve({ cleanup: () => Promise.resolve(void calls.push(`cleanup after ${cli.ran.length} runs`)) });
      },
    };
    expect(await main(["--lane", "all", "--allow-no-netns", "--out", "out"], deps)).toBe(0);
    expect(calls).toEqual(["ensure allow=true after 0 runs", "cleanup after 4 runs"]);
  });

  it("cleans up on interrupt too, and skips the preflight when no live scenario is selected", async () => {
    const calls: string[] = [];
    const cli = fakeCli({ scenarios: live(), cwd: dir, afterRun: (f) => f.interrupt() });
    const deps: CliDeps = { ...cli.deps, liveLane: () => Promise.resolve({ cleanup: () => Promise.resolve(void calls.push("cleanup")) }) };
    expect(await main(["--lane", "all", "--out", "out"], deps)).toBe(130);
    expect(calls).toEqual(["cleanup"]);
    const other = fakeCli({ scenarios: live(), cwd: dir });
    const never: CliDeps = { ...other.deps, liveLane: () => Promise.reject(new Error("must not be called")) };
    expect(await main(["codex/", "--out", "out"], never)).toBe(0);
  });
});

describe("upstream lane preflight", () => {
  it("installs every named release once, before the first run, and only when upstream scenarios are selected", async () => {
    const upstream = { ...fakeScenario("upstream/one", { lane: "upstream" }), releases: { target: "openclaw@2026.5.28", mutants: ["openclaw@2026.4.26"] } };
    const cli = fakeCli({ scenarios: [upstream, fakeScenario("codex/alpha")], cwd: dir });
    const calls: string[] = [];
    const deps: CliDeps = {
      ...cli.deps,
      upstreamLane: (o) => Promise.resolve(void calls.push(`${o.releases.join(",")} after ${cli.ran.length} runs`)),
    };
    expect(await main(["--lane", "all", "--out", "out"], deps)).toBe(0);
    expect(calls).toEqual(["openclaw@2026.5.28,openclaw@2026.4.26 after 0 runs"]);
    expect(await main(["codex/", "--out", "out"], deps)).toBe(0);
    expect(calls).toHaveLength(1);
  });
});
