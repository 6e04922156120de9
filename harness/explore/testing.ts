/**
 * A toy race for the exploration, replay and CLI tests (not used by production code). Three
 * writers post at once; src puts them on one channel (FIFO: always ordered), the mutant gives each
 * its own channel, so a non-FIFO choice lets a later writer overtake — which the check sees only
 * when at least one fault parameter is active, so both the choice list and the faults shrink.
 */
import { defineScenario } from "../scenario/define.ts";
import type { AnyScenario } from "../scenario/types.ts";

interface ToyImpl {
  readonly channelOf: (writer: string) => string;
}

export const toyRace: AnyScenario = defineScenario<ToyImpl, { order: string[] }, { faults: number[] }>({
  id: "toy/ordered-writers",
  title: "writers stay ordered",
  behavior: "toy race for the explorer",
  lane: "deterministic",
  seeds: [1, 2, 3],
  params: {
    default: { faults: [1] },
    arbitrary: (fc) => fc.record({ faults: fc.array(fc.nat({ max: 3 }), { maxLength: 6 }) }),
  },
  impl: () => ({ channelOf: () => "writers" }),
  async run(ctx, impl) {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      for (const w of ["first", "second", "third"]) {
        ctx.world.post(impl.channelOf(w), w, () => {
          order.push(w);
          if (order.length === 3) resolve();
        });
      }
    });
    ctx.probe("toy.wrote");
    return { order: ctx.params.faults.some((f) => f > 0) ? order : ["first"] };
  },
  checks: [
    {
      id: "safety:first-wins",
      kind: "safety",
      description: "the first writer writes first",
      check: ({ outcome }) => (outcome.order[0] === "first" ? { ok: true } : { ok: false, message: `order ${outcome.order.join(",")}` }),
    },
  ],
  probes: ["toy.wrote"],
  mutants: [{ id: "per-writer-channel", title: "each writer on its own channel", recreates: "toy overtaking", impl: () => ({ channelOf: (w: string) => w }) }],
});
