import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defineScenario } from "../scenario/define.ts";
import { runScenario } from "./run-scenario.ts";

/** Waits on a real timer, as a scenario author might by mistake; the mutant needs no timer at all. */
const realTimerScenario = defineScenario<{ realWait: boolean }, string>({
  id: "test/real-timer",
  title: "waits on a real setTimeout",
  behavior: "none",
  lane: "deterministic",
  seeds: [1],
  impl: () => ({ realWait: true }),
  async run(ctx, impl) {
    if (impl.realWait) await ctx.track("the real timer", new Promise<void>((resolve) => setTimeout(resolve, 1_000)));
    else await ctx.track("a promise nobody settles", new Promise<void>(() => {}));
    return "done";
  },
  checks: [{ id: "safety:ran", kind: "safety", description: "ran", check: () => ({ ok: true }) }],
  probes: [],
  mutants: [{ id: "plain-hang", title: "a plain hang", recreates: "nothing", impl: () => ({ realWait: false }) }],
});

const timerLine = readFileSync(new URL(import.meta.url), "utf8").split("\n").findIndex((l) => l.includes("setTimeout(resolve, 1_000)")) + 1;

describe("a deterministic run that went quiet on a real timer", () => {
  it("says a real timer was armed and names its file:line", async () => {
    const r = await runScenario({ scenario: realTimerScenario, seed: 1, target: "src" });
    expect(r.verdict).toBe("hang");
    expect(r.reason).toContain("world went quiet");
    expect(r.reason).toContain(`right after a real setTimeout/setInterval (1000 ms) was armed at harness/runner/real-time.test.ts:${timerLine}:`);
    expect(r.reason).toContain("sleep(ctx.clock, ms)");
    const completes = r.invariants.find((i) => i.id === "liveness:run-completes");
    expect(JSON.stringify(completes?.evidence)).toContain(`real-time.test.ts:${timerLine}`);
  });

  it("says nothing of real timers when none was armed", async () => {
    const r = await runScenario({ scenario: realTimerScenario, seed: 1, target: "mutant:plain-hang" });
    expect(r.verdict).toBe("hang");
    expect(r.reason).not.toContain("real");
  });
});
