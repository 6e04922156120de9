import { describe, expect, it } from "vitest";
import { defineScenario } from "../scenario/define.ts";
import type { AnyScenario } from "../scenario/types.ts";
import { countFaults, explore, trimChoices } from "./explore.ts";

/** Fails only when the late writer overtakes the early one and at least two faults are injected. */
const race = defineScenario<object, { order: string[] }, { faults: number[] }>({
  id: "toy/ordered-writers",
  title: "writers stay ordered",
  behavior: "toy race for the explorer",
  lane: "deterministic",
  seeds: [1],
  params: {
    default: { faults: [] },
    arbitrary: (fcApi) => fcApi.record({ faults: fcApi.array(fcApi.nat({ max: 3 }), { maxLength: 6 }) }),
  },
  impl: () => ({}),
  async run(ctx) {
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      for (const w of ["first", "second", "third"]) ctx.world.post(w, w, () => order.push(w));
      ctx.world.post("first", "done", () => resolve());
    });
    await done;
    await new Promise<void>((resolve) => ctx.world.post("third", "drain", resolve));
    await new Promise<void>((resolve) => ctx.world.post("second", "drain", resolve));
    return { order: ctx.params.faults.filter((d) => d > 0).length >= 2 ? order : ["first"] };
  },
  checks: [
    {
      id: "safety:first-wins",
      kind: "safety",
      description: "the first writer writes first",
      check: ({ outcome }) => (outcome.order[0] === "first" ? { ok: true } : { ok: false, message: `order ${outcome.order.join(",")}` }),
    },
  ],
  probes: [],
  mutants: [],
});

describe("explore", () => {
  it("finds a failing interleaving from a cold start and shrinks choices and faults to their minimum", async () => {
    const out = await explore({ scenario: race as AnyScenario, target: "src", seed: 1, runs: 300, timeLimitMs: 20_000, fcSeed: 42 });
    expect(out.failure?.verdict).toBe("fail");
    const info = out.failure?.exploration;
    expect(info?.after.faults).toBe(2);
    expect(info?.after.choices).toBe(1);
    expect(info?.before.choices).toBeGreaterThanOrEqual(info?.after.choices ?? 0);
    expect(out.failure?.choices).toHaveLength(1);
  });

  it("reports no failure when every explored run passes", async () => {
    const safe = { ...race, params: { default: { faults: [] } } } as AnyScenario;
    const out = await explore({ scenario: safe, target: "src", seed: 1, runs: 50, timeLimitMs: 10_000, fcSeed: 1 });
    expect(out.failure).toBeUndefined();
    expect(out.runs).toBe(50);
  });

  it("counts faults and trims choice lists", () => {
    expect(countFaults({ faults: [1, 2] })).toBe(2);
    expect(countFaults([1])).toBe(1);
    expect(trimChoices([3, 0, 1, 0, 0])).toEqual([3, 0, 1]);
  });
});
