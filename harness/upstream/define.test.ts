import { describe, expect, it } from "vitest";
import { defineScenario, releaseMutantId } from "../scenario/define.ts";
import { defineReleaseScenario } from "./define.ts";

const check = { id: "safety:ok", kind: "safety" as const, description: "ok", check: () => ({ ok: true as const }) };
const base = { id: "upstream/x", title: "x", behavior: "x", seeds: [1], checks: [check], probes: [], run: () => Promise.resolve(null) };

describe("defineReleaseScenario", () => {
  it("runs the target as src and each historical release as a mutant with its declared expectation", () => {
    const s = defineReleaseScenario({
      ...base,
      target: "openclaw@2026.5.28",
      historical: [{ release: "openclaw@2026.4.26", title: "hangs", recreates: "pre-#82805", expect: { verdict: "hang" } }],
    });
    expect(s.lane).toBe("upstream");
    expect(s.impl()).toEqual({ release: "openclaw@2026.5.28" });
    expect(s.releases).toEqual({ target: "openclaw@2026.5.28", mutants: ["openclaw@2026.4.26"] });
    const [m] = s.mutants;
    expect(m?.id).toBe("openclaw-2026-4-26");
    expect(m?.expects).toEqual(["hang"]);
    expect(m?.violates).toBeUndefined();
    expect(m?.impl(s.impl())).toEqual({ release: "openclaw@2026.4.26" });
  });

  it("rejects an expectation naming a check the scenario does not have", () => {
    expect(() =>
      defineReleaseScenario({
        ...base,
        target: "openclaw@2026.5.28",
        historical: [{ release: "openclaw@2026.5.26", title: "t", recreates: "r", expect: { verdict: "fail", violates: ["safety:nope"] } }],
      }),
    ).toThrow(/unknown check\(s\) safety:nope/);
  });

  it("rejects a malformed release name", () => {
    expect(() => defineReleaseScenario({ ...base, target: "openclaw-latest", historical: [] })).toThrow(/must look like "<package>@<x.y.z>"/);
  });
});

describe("defineScenario releases", () => {
  it("refuses releases outside the upstream lane and historical releases without an expectation", () => {
    const impl = () => ({ release: "openclaw@2026.5.28" });
    expect(() => defineScenario({ ...base, lane: "process", impl, mutants: [], releases: { target: "openclaw@2026.5.28", mutants: [] } })).toThrow(/upstream lane/);
    const mutant = { id: releaseMutantId("openclaw@2026.5.26"), title: "t", recreates: "r", impl };
    expect(() => defineScenario({ ...base, lane: "upstream", impl, mutants: [mutant], releases: { target: "openclaw@2026.5.28", mutants: ["openclaw@2026.5.26"] } })).toThrow(
      /must declare how it is caught/,
    );
  });
});
