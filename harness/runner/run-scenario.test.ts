import { describe, expect, it } from "vitest";
import { sleep } from "../../src/runtime/clock.ts";
import { defineScenario } from "../scenario/define.ts";
import type { AnyScenario } from "../scenario/types.ts";
import { runScenario } from "./run-scenario.ts";

interface Impl {
  readonly answerAfterMs: number | undefined;
}

/** A toy story: a server answers after a delay; the mutant never answers. */
const toy = defineScenario<Impl, { answer: string; lines: number }>({
  id: "toy/answer-arrives",
  title: "the answer arrives",
  behavior: "a toy used to test the runner",
  lane: "deterministic",
  seeds: [1],
  impl: () => ({ answerAfterMs: 250 }),
  async run(ctx, impl) {
    const dir = await ctx.tempDir("toy");
    await ctx.fs.writeFile(`${dir}/t.jsonl`, "a\n");
    await ctx.fs.appendFile(`${dir}/t.jsonl`, "b\n");
    const lines = (await ctx.fs.readFile(`${dir}/t.jsonl`)).split("\n").filter(Boolean).length;
    ctx.emit({ kind: "toy.file", path: `${dir}/t.jsonl` });
    const answer = await ctx.track(
      "answer",
      new Promise<string>((resolve) => {
        if (impl.answerAfterMs !== undefined) void sleep(ctx.clock, impl.answerAfterMs).then(() => resolve("42"));
      }),
    );
    ctx.probe("toy.answered");
    return { answer, lines };
  },
  checks: [
    {
      id: "safety:answer-is-42",
      kind: "safety",
      description: "the answer is 42",
      check: ({ outcome }) => (outcome.answer === "42" ? { ok: true } : { ok: false, message: `answer was ${outcome.answer}` }),
    },
    {
      id: "safety:both-lines-written",
      kind: "safety",
      description: "both lines are in the file",
      check: ({ outcome }) => (outcome.lines === 2 ? { ok: true, evidence: { lines: outcome.lines } } : { ok: false, message: `${outcome.lines} lines` }),
    },
  ],
  probes: ["toy.answered"],
  mutants: [{ id: "never-answers", title: "never answers", recreates: "a hang", impl: () => ({ answerAfterMs: undefined }) }],
});

describe("runScenario", () => {
  it("passes the src target with every invariant and probe accounted for", async () => {
    const r = await runScenario({ scenario: toy as AnyScenario, seed: 1, target: "src" });
    expect(r.verdict).toBe("pass");
    expect(r.invariants.map((i) => i.status)).toEqual(["pass", "pass"]);
    expect(r.probes).toEqual([{ id: "toy.answered", hits: 1, required: true }]);
    expect(r.stats.virtualMs).toBe(250);
  });

  it("judges the mutant a hang, names the pending await, and says so in the run-completes invariant", async () => {
    const r = await runScenario({ scenario: toy as AnyScenario, seed: 1, target: "mutant:never-answers" });
    expect(r.verdict).toBe("hang");
    expect(r.hang?.pending).toContain("answer");
    expect(r.invariants[0]?.id).toBe("liveness:run-completes");
    expect(r.reason).toContain("answer");
  });

  it("replaces temp dirs with stable aliases so reports do not depend on the machine", async () => {
    const r = await runScenario({ scenario: toy as AnyScenario, seed: 1, target: "src" });
    const file = r.trace.events.find((e) => e.event.kind === "toy.file");
    expect(file?.event["path"]).toBe("<tmp#0>/t.jsonl");
  });

  it("gives identical results for the same seed", async () => {
    const a = await runScenario({ scenario: toy as AnyScenario, seed: 7, target: "src" });
    const b = await runScenario({ scenario: toy as AnyScenario, seed: 7, target: "src" });
    expect({ ...a, wallMs: 0 }).toEqual({ ...b, wallMs: 0 });
  });

  it("reports unknown when a required probe never fired", async () => {
    const vacuous = { ...toy, probes: ["toy.answered", "toy.never"] } as AnyScenario;
    const r = await runScenario({ scenario: vacuous, seed: 1, target: "src" });
    expect(r.verdict).toBe("unknown");
    expect(r.reason).toContain("toy.never");
  });

  it("turns a failing cleanup into an error verdict that carries the error", async () => {
    const leaky = { ...toy, run: async (ctx: Parameters<typeof toy.run>[0], impl: Impl) => {
      ctx.defer(() => { throw new Error("could not stop the fake"); });
      return toy.run(ctx, impl);
    } } as AnyScenario;
    const r = await runScenario({ scenario: leaky, seed: 1, target: "src" });
    expect(r.verdict).toBe("error");
    expect(r.error?.message).toContain("could not stop the fake");
  });

  it("rejects an unknown mutant target with the known ones listed", async () => {
    await expect(runScenario({ scenario: toy as AnyScenario, seed: 1, target: "mutant:nope" })).rejects.toThrow(/mutant:never-answers/);
  });
});
