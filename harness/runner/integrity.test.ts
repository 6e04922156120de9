/**
 * Verdicts need evidence: a check that throws is an `error` (never a violation), an `error` run
 * never catches a mutant, and a mutant is caught only by a violated check or by the verdict it
 * declares (`hang`).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli/cli.ts";
import { fakeCli } from "../cli/testing.ts";
import { defineScenario } from "../scenario/define.ts";
import type { AnyScenario } from "../scenario/types.ts";
import { isCaught } from "../scenario/verdict.ts";
import { runScenario, sourceInfo } from "./run-scenario.ts";

interface Impl {
  readonly answer: { readonly value: number } | null;
  readonly crash?: boolean;
  readonly hang?: boolean;
}

function story(mutants: AnyScenario["mutants"]): AnyScenario {
  return defineScenario<Impl, { answer: { value: number } | null }>({
    id: "toy/integrity",
    title: "integrity toy",
    behavior: "a toy for the verdict rules",
    lane: "deterministic",
    seeds: [1],
    impl: () => ({ answer: { value: 42 } }),
    async run(ctx, impl) {
      if (impl.crash === true) throw new Error("the story crashed");
      if (impl.hang === true) await ctx.track("never", new Promise(() => {}));
      ctx.probe("toy.ran");
      return { answer: impl.answer };
    },
    checks: [
      {
        id: "safety:answer-is-42",
        kind: "safety",
        description: "the answer is 42",
        // Dereferences null on the mutant's outcome: a broken check, not a caught mutant.
        check: ({ outcome }) => (outcome.answer!.value === 42 ? { ok: true } : { ok: false, message: "wrong answer" }),
      },
    ],
    probes: ["toy.ran"],
    mutants,
  }) as AnyScenario;
}

const nullAnswer = { id: "null-answer", title: "no answer", recreates: "a check that crashes", impl: (b: Impl) => ({ ...b, answer: null }) };
const crashes = { id: "crashes", title: "run() throws", recreates: "a story that crashes", impl: (b: Impl) => ({ ...b, crash: true }) };
const hangs = { id: "hangs", title: "never answers", recreates: "a missing watchdog", impl: (b: Impl) => ({ ...b, hang: true }) };
const hangsDeclared = { ...hangs, id: "hangs-declared", expects: ["hang"] as const };

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "clp-integrity-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a check that throws", () => {
  it("makes the run an error naming the check, its message and the first frame in this repo", async () => {
    const r = await runScenario({ scenario: story([nullAnswer]), seed: 1, target: "mutant:null-answer" });
    expect(r.verdict).toBe("error");
    expect(r.error?.check).toBe("safety:answer-is-42");
    expect(r.error?.message).toMatch(/Cannot read properties of null/);
    expect(r.error?.at).toMatch(/^harness\/runner\/integrity\.test\.ts:\d+$/);
    expect(r.reason).toContain("safety:answer-is-42");
    expect(r.reason).toContain(r.error?.at ?? "<none>");
    expect(r.invariants.find((i) => i.id === "safety:answer-is-42")?.status).toBe("error");
    expect(isCaught(r.verdict)).toBe(false);
  });

  it("fails the suite (exit 4) and summary.md names the check and file:line", async () => {
    const cli = fakeCli({ scenarios: [story([nullAnswer])], cwd: dir });
    const code = await main(["--out", "out"], { ...cli.deps, runScenario, sourceInfo });
    expect(code).toBe(4);
    const out = cli.stdout.join("");
    expect(out).toMatch(/ERROR\s+toy\/integrity\s+mutant:null-answer/);
    expect(out).toMatch(/mutants 0\/1 caught/);
    const md = await readFile(join(dir, "out", "summary.md"), "utf8");
    expect(md).toMatch(/`safety:answer-is-42` threw .*Cannot read properties of null.* at `harness\/runner\/integrity\.test\.ts:\d+`/);
    expect(md).toContain("an `error` never counts as caught");
  });
});

describe("what catches a mutant", () => {
  it("a crash inside run() on a mutant is an error, not a catch", async () => {
    const r = await runScenario({ scenario: story([crashes]), seed: 1, target: "mutant:crashes" });
    expect(r.verdict).toBe("error");
    expect(r.error?.at).toMatch(/^harness\/runner\/integrity\.test\.ts:\d+$/);
    expect(isCaught(r.verdict)).toBe(false);
  });

  it("a hang catches only a mutant that declares it", async () => {
    const scenario = story([hangs, hangsDeclared]);
    const cli = fakeCli({ scenarios: [scenario], cwd: dir });
    const code = await main(["--out", "out"], { ...cli.deps, runScenario, sourceInfo });
    const summary = JSON.parse(await readFile(join(dir, "out", "summary.json"), "utf8")) as { scenarios: Array<{ mutants: Array<{ id: string; caught: boolean; verdict: string }> }> };
    const mutants = summary.scenarios[0]?.mutants ?? [];
    expect(mutants.find((m) => m.id === "hangs-declared")).toMatchObject({ caught: true, verdict: "hang" });
    expect(mutants.find((m) => m.id === "hangs")).toMatchObject({ caught: false, verdict: "hang" });
    expect(code).toBe(3);
  });
});
