/**
 * Fuzzed fault scripts: 1 000 generated scripts, well-formed and malformed. Each is either rejected
 * by the validator with a readable FakeCodexScriptError (source: path: expected …, got …), or runs
 * the fake app-server in the simulation to a verdict through a generic one-turn scenario. The
 * harness never throws, and every report it writes is complete and schema-valid. The fake-codex
 * command line meets 1 000 more (whole, cut short, or junk): it serves, or exits 2 with one line.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { fakeCodexProgram } from "../../fakes/app-server/program.ts";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { FakeCodexScriptError, validateFakeCodexScript } from "../../fakes/app-server/validate-script.ts";
import { planCli } from "../../fakes/bin/main.ts";
import { createSimSpawner } from "../../fakes/process/sim-spawner.ts";
import { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import { captureTurn } from "../../src/turn/capture-turn.ts";
import { turnClientFrom } from "../../src/turn/client-adapter.ts";
import { buildProofReport } from "../report/proof-report.ts";
import { validateReport } from "../report/schema.ts";
import { FIXTURE_ENVIRONMENT, runResultFixture } from "../report/testing.ts";
import { createReportWriter } from "../report/write.ts";
import { runScenario } from "../runner/run-scenario.ts";
import { defineScenario } from "../scenario/define.ts";
import { VERDICTS } from "../scenario/verdict.ts";
import { anyScript } from "./fuzz-scripts.ts";
import { checkOutputFile, filesUnder } from "./kit.ts";

interface Outcome {
  readonly ended: "turn" | "request-failed";
  readonly detail: string;
}

/** One client, one thread, one turn against the fake app-server running the fuzzed script. */
const fuzzedTurn = defineScenario<null, Outcome, FakeCodexScript>({
  id: "reliability/fuzzed-fault-script",
  title: "a client runs one turn against the fake app-server with a fuzzed fault script",
  behavior: "the fake app-server accepts any valid fault script and the harness judges the run",
  lane: "deterministic",
  seeds: [1],
  budgets: { steps: 50_000, virtualMs: 30 * 60 * 1000 },
  params: { default: {} },
  impl: () => null,
  async run(ctx) {
    const spawner = createSimSpawner(ctx.world, { codex: fakeCodexProgram(ctx.params) });
    const client = CodexAppServerClient.start({ spawner, command: "codex", args: ["app-server"], clock: ctx.clock, emit: ctx.emit, clientId: "fuzz-client" });
    ctx.defer(() => client.close());
    try {
      await client.initialize();
      const { thread } = await client.threadStart({});
      const result = await ctx.track(
        "captureTurn",
        captureTurn(turnClientFrom(client), {
          threadId: thread.id,
          start: () => client.turnStart({ threadId: thread.id, input: [{ type: "text", text: "hello", text_elements: [] }] }),
          clock: ctx.clock,
          emit: ctx.emit,
        }),
      );
      return { ended: "turn", detail: `${result.status} via ${result.via}` };
    } catch (error) {
      return { ended: "request-failed", detail: error instanceof Error ? error.message : String(error) };
    }
  },
  checks: [
    {
      id: "liveness:client-ends",
      kind: "liveness",
      description: "the turn ends, or a request fails with a message",
      check: ({ outcome }) => (outcome.detail.trim() !== "" ? { ok: true, evidence: { ...outcome } } : { ok: false, message: "ended without a reason" }),
    },
  ],
  probes: [],
  mutants: [],
});

/** toJsonSafe's default array cap. */
const ARRAY_CAP = 500;
const READABLE = /^fuzz\.json: \S[^\n]*: expected [^\n]+, got [^\n]+$/;
let out = "";

afterAll(async () => {
  if (out !== "") await rm(out, { recursive: true, force: true });
});

describe("fuzzed fault scripts", () => {
  it("are each rejected with a readable error or run to a verdict, and every report written is complete", async () => {
    out = await mkdtemp(join(tmpdir(), "clp-fuzz-reports-"));
    const writer = await createReportWriter({ outDir: out, clear: true });
    const tally = { rejected: 0, ran: 0, written: 0, rejectedButIntendedValid: [] as string[], verdicts: {} as Record<string, number> };
    let index = 0;
    await fc.assert(
      fc.asyncProperty(anyScript, async ({ intended, value }) => {
        const seed = index++;
        let script: FakeCodexScript;
        try {
          script = validateFakeCodexScript(value, "fuzz.json");
        } catch (error) {
          expect(error).toBeInstanceOf(FakeCodexScriptError);
          expect((error as Error).message).toMatch(READABLE);
          tally.rejected++;
          if (intended === "valid") tally.rejectedButIntendedValid.push((error as Error).message);
          return;
        }
        const result = await runScenario({ scenario: fuzzedTurn, seed, target: "src", params: script });
        expect(VERDICTS).toContain(result.verdict);
        expect(result.verdict, `${result.reason}\n${JSON.stringify(script)}`).not.toBe("error");
        tally.verdicts[result.verdict] = (tally.verdicts[result.verdict] ?? 0) + 1;
        tally.ran++;
        const report = buildProofReport(result, { environment: FIXTURE_ENVIRONMENT, secrets: [] });
        const valid = validateReport(report);
        expect(valid, JSON.stringify(valid)).toEqual({ ok: true });
        await writer.writeRun(report);
        tally.written++;
      }),
      { numRuns: 1_000, seed: 20261121, endOnFailure: true },
    );
    await writer.finish({ command: "pnpm scenarios reliability/fuzzed-fault-script", environment: FIXTURE_ENVIRONMENT, generatedAt: "2026-11-21T00:00:00.000Z", wallMs: 1, startMs: 0, stopMs: 1, toolVersion: "0.1.0" });

    // Both kinds really happened, and well-formed scripts were accepted.
    expect(tally.rejected + tally.ran).toBe(1_000);
    expect(tally.rejected).toBeGreaterThan(250);
    expect(tally.ran).toBeGreaterThan(250);
    expect(tally.rejectedButIntendedValid).toEqual([]);
    expect(tally.written).toBeGreaterThan(250);
    // Every file the writer produced parses and validates.
    const files = await filesUnder(out);
    expect(files.length).toBe(tally.written + 4);
    for (const file of files) expect(await checkOutputFile(file), file).toEqual({ ok: true });
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8")) as { runs: unknown[] };
    expect(summary.runs).toHaveLength(tally.written);
  }, 240_000);

  it("never crash the fake-codex command line: a valid script serves, anything else exits 2 with one readable line", () => {
    const text = fc.oneof(
      anyScript.map((s) => JSON.stringify(s.value)),
      anyScript.chain((s) => {
        const json = JSON.stringify(s.value);
        return fc.nat(Math.max(0, json.length - 1)).map((cut) => json.slice(0, cut));
      }),
      fc.string({ maxLength: 30 }).map((junk) => `{${junk}`),
    );
    const outcomes = { serve: 0, exit2: 0 };
    fc.assert(
      fc.property(text, (scriptText) => {
        const plan = planCli(["app-server"], { FAKE_CODEX_SCRIPT: scriptText });
        if (plan.kind !== "exit") {
          outcomes.serve++;
          return;
        }
        expect(plan.code).toBe(2);
        expect(plan.stderr ?? "").toMatch(/^fake-codex: [^\n]+: expected [^\n]+, got [^\n]*\n$/);
        outcomes.exit2++;
      }),
      { numRuns: 1_000, seed: 20261122 },
    );
    expect(outcomes.serve).toBeGreaterThan(100);
    expect(outcomes.exit2).toBeGreaterThan(100);
  });

  // Found by this fuzz: the report's array cap used to cut choices/schedule of long runs, which then
  // failed the schema and could not replay.
  it("gives a run with more than 500 scheduler decisions a schema-valid report that keeps the whole interleaving", () => {
    const choices = Array.from({ length: ARRAY_CAP + 100 }, (_, i) => i % 3);
    const report = buildProofReport(runResultFixture({ choices, schedule: choices.map((_, i) => i) }), { environment: FIXTURE_ENVIRONMENT, secrets: [] });
    expect(validateReport(report)).toEqual({ ok: true });
    expect(report.core["choices"]).toEqual(choices);
  });
});
