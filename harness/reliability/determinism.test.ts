/**
 * Determinism across processes: two fresh node processes run every deterministic scenario's first
 * declared seed against src and each mutant; every run's proof digest (sha256 over the canonical
 * core, trace included) must be the same in both, and every src run must pass.
 */
import { resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { discoverScenarios } from "../runner/discover.ts";
import { REPO_ROOT } from "../runner/run-scenario.ts";

const CHILD = resolve(import.meta.dirname, "digest-child.ts");

async function digestsOfAFreshProcess(): Promise<Record<string, string>> {
  const child = await execa("node", ["--import", "tsx", CHILD], { cwd: REPO_ROOT, reject: false });
  expect(child.exitCode, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, string>;
}

describe("determinism across processes", () => {
  it("gives every deterministic scenario and mutant the same digest for the same seed in two processes", async () => {
    // Act
    const [first, second] = await Promise.all([digestsOfAFreshProcess(), digestsOfAFreshProcess()]);
    // Assert
    const deterministic = (await discoverScenarios()).filter((s) => s.lane === "deterministic");
    expect(Object.keys(first)).toHaveLength(deterministic.reduce((n, s) => n + 1 + s.mutants.length, 0));
    const srcRuns = Object.keys(first).filter((k) => k.includes(" src "));
    expect(srcRuns).toHaveLength(deterministic.length);
    expect(srcRuns.filter((k) => !k.endsWith(" pass"))).toEqual([]);
    expect(Object.values(first).every((d) => /^[0-9a-f]{64}$/.test(d))).toBe(true);
    expect(second).toEqual(first);
  }, 120_000);
});
