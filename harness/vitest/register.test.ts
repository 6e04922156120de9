import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverScenarios } from "../runner/discover.ts";
import { REPO_ROOT, runScenario } from "../runner/run-scenario.ts";
import { defineScenario } from "../scenario/define.ts";
import { registerScenarioTests, ScenarioTestFailure, type TestApi } from "./register.ts";

function capture(): { api: TestApi; tests: Map<string, () => Promise<void>>; timeouts: number[] } {
  const tests = new Map<string, () => Promise<void>>();
  const timeouts: number[] = [];
  let prefix = "";
  return {
    tests,
    timeouts,
    api: {
      describe: (name, body) => {
        prefix = name;
        body();
        prefix = "";
      },
      test: (name, body, timeoutMs) => {
        tests.set(`${prefix} > ${name}`, body);
        timeouts.push(timeoutMs);
      },
    },
  };
}

describe("registerScenarioTests", () => {
  it("registers one src test and one test per mutant under the scenario id, with no seed in any name", async () => {
    const scenarios = await discoverScenarios(join(REPO_ROOT, "scenarios/turn"));
    const { api, tests } = capture();
    registerScenarioTests(scenarios, { runScenario, seeds: [5] }, api);
    const names = [...tests.keys()];
    expect(names).toContain("turn/exit-before-final-answer > src");
    expect(names).toContain("turn/exit-before-final-answer > mutant:no-exit-watchdog");
    expect(names.length).toBe(scenarios.reduce((n, s) => n + 1 + s.mutants.length, 0));
    expect(names.some((n) => /seed|\b5\b/.test(n))).toBe(false);
  });

  it("runs the real scenario: src passes and the mutant is caught", async () => {
    const scenarios = await discoverScenarios(join(REPO_ROOT, "scenarios/turn"));
    const { api, tests } = capture();
    registerScenarioTests(scenarios.filter((s) => s.id === "turn/exit-before-final-answer"), { runScenario }, api);
    await expect(tests.get("turn/exit-before-final-answer > src")?.()).resolves.toBeUndefined();
    await expect(tests.get("turn/exit-before-final-answer > mutant:no-exit-watchdog")?.()).resolves.toBeUndefined();
  });

  it("fails a mutant test that survives every seed, naming the seeds and a replay command", async () => {
    const survivor = defineScenario<{ ok: boolean }, boolean>({
      id: "toy/always-fine",
      title: "t",
      behavior: "b",
      lane: "deterministic",
      seeds: [1, 2],
      impl: () => ({ ok: true }),
      run: (_ctx, impl) => Promise.resolve(impl.ok),
      checks: [{ id: "safety:ok", kind: "safety", description: "ok", check: ({ outcome }) => (outcome ? { ok: true } : { ok: false, message: "not ok" }) }],
      probes: [],
      mutants: [{ id: "harmless", title: "h", recreates: "nothing", impl: (b) => b }],
    });
    const { api, tests } = capture();
    registerScenarioTests([survivor], { runScenario }, api);
    await expect(tests.get("toy/always-fine > src")?.()).resolves.toBeUndefined();
    const failure = tests.get("toy/always-fine > mutant:harmless")?.();
    await expect(failure).rejects.toThrow(ScenarioTestFailure);
    await expect(failure).rejects.toThrow(/survived every seed[\s\S]*seed 1: pass[\s\S]*seed 2: pass[\s\S]*replay: .*toy\/always-fine --seed 1 --target mutant:harmless/);
  });
});
