import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.ts";
import { globToRegExp, matchesFilter, planRuns, selectScenarios } from "./select.ts";
import { fakeScenario } from "./testing.ts";

const all = [
  fakeScenario("codex/helper-401", { mutants: ["clear-on-any"] }),
  fakeScenario("codex/helper-401-startup", { seeds: [5] }),
  fakeScenario("exec/concurrent-get", { mutants: ["one-shot", "no-gate"] }),
  fakeScenario("live/golden-turn", { lane: "live" }),
];
const defaults = { filters: [] as string[], lane: "default" as const };

describe("matchesFilter", () => {
  it("matches substrings, and globs with * inside a segment and ** across", () => {
    expect(matchesFilter("codex/helper-401", "helper")).toBe(true);
    expect(matchesFilter("codex/helper-401", "codex/*")).toBe(true);
    expect(matchesFilter("codex/a/b", "codex/*")).toBe(false);
    expect(matchesFilter("codex/a/b", "codex/**")).toBe(true);
    expect(matchesFilter("exec/x", "e?ec/x")).toBe(true);
    expect(globToRegExp("a.b/*").test("a.b/c")).toBe(true);
    expect(globToRegExp("a.b/*").test("axb/c")).toBe(false);
  });
});

describe("selectScenarios", () => {
  it("keeps every lane but live by default", () => {
    expect(selectScenarios(all, defaults).map((s) => s.id)).toEqual(["codex/helper-401", "codex/helper-401-startup", "exec/concurrent-get"]);
    expect(selectScenarios(all, { ...defaults, lane: "all" })).toHaveLength(4);
  });

  it("selects by any of several filters", () => {
    expect(selectScenarios(all, { ...defaults, filters: ["exec/*", "startup"] }).map((s) => s.id)).toEqual([
      "codex/helper-401-startup",
      "exec/concurrent-get",
    ]);
  });

  it("rejects a filter that matches nothing, naming it", () => {
    expect(() => selectScenarios(all, { ...defaults, filters: ["codex/", "nope"] })).toThrow(UsageError);
    expect(() => selectScenarios(all, { ...defaults, filters: ["codex/", "nope"] })).toThrow('no scenario matches "nope"');
  });

  it("leaves the upstream lane out by default and names it when only upstream scenarios match", () => {
    const withUpstream = [...all, fakeScenario("upstream/openclaw-x", { lane: "upstream" })];
    expect(selectScenarios(withUpstream, defaults).map((s) => s.id)).not.toContain("upstream/openclaw-x");
    expect(selectScenarios(withUpstream, { ...defaults, lane: "upstream" }).map((s) => s.id)).toEqual(["upstream/openclaw-x"]);
    expect(() => selectScenarios(withUpstream, { ...defaults, filters: ["upstream/"] })).toThrow("add --lane upstream");
  });

  it("says which lane to add when only live scenarios match", () => {
    expect(() => selectScenarios(all, { ...defaults, filters: ["live/"] })).toThrow("add --lane live");
  });
});

describe("planRuns", () => {
  it("plans src then each mutant, on the declared seeds, in a fixed order", () => {
    const plan = planRuns(selectScenarios(all, { ...defaults, filters: ["codex/helper-401"] }), { seeds: [], target: "all" });
    expect(plan.map((p) => `${p.scenario.id} ${p.target} ${p.seed}`)).toEqual([
      "codex/helper-401 src 1",
      "codex/helper-401 src 2",
      "codex/helper-401 mutant:clear-on-any 1",
      "codex/helper-401 mutant:clear-on-any 2",
      "codex/helper-401-startup src 5",
    ]);
  });

  it("overrides the declared seeds and narrows to one mutant", () => {
    const plan = planRuns(all.slice(0, 3), { seeds: [9], target: "mutant:no-gate" });
    expect(plan.map((p) => `${p.scenario.id} ${p.target} ${p.seed}`)).toEqual(["exec/concurrent-get mutant:no-gate 9"]);
  });

  it("rejects a mutant no selected scenario has", () => {
    expect(() => planRuns(all.slice(0, 2), { seeds: [], target: "mutant:one-shot" })).toThrow('no selected scenario has mutant "one-shot"');
  });
});
