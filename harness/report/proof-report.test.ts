import { describe, expect, it } from "vitest";
import { canonicalDigest } from "./canonical-json.ts";
import { buildProofReport, explicitReplayCommand, replayCommand } from "./proof-report.ts";
import { validateReport } from "./schema.ts";
import { FIXTURE_CANARY, FIXTURE_ENVIRONMENT, mutantFixture, runResultFixture } from "./testing.ts";

const roots = { repoRoot: "/home/dev/proj", tmpRoots: ["/tmp"], homeDir: "/home/dev" };
const fixed = { environment: FIXTURE_ENVIRONMENT, pathRoots: roots, secrets: [] } as const;

describe("buildProofReport", () => {
  it("produces a report that validates against the committed schema", () => {
    const report = buildProofReport(runResultFixture(), fixed);
    expect(validateReport(report)).toEqual({ ok: true });
    expect(report.core["digestScope"]).toBe("full");
    expect(report).not.toHaveProperty("observed");
    expect(validateReport(JSON.parse(JSON.stringify(buildProofReport(mutantFixture(), fixed))))).toEqual({ ok: true });
  });

  it("gives the same digest for the same run whatever the wall time, timestamp or machine", () => {
    // Arrange
    const a = buildProofReport(runResultFixture({ wallMs: 3 }), { ...fixed, generatedAt: "2026-01-01T00:00:00.000Z" });
    const b = buildProofReport(runResultFixture({ wallMs: 900 }), {
      ...fixed,
      generatedAt: "2026-02-02T00:00:00.000Z",
      environment: { ...FIXTURE_ENVIRONMENT, node: "v22.0.0", gitDirty: true },
    });
    // Assert
    expect(a.digest.value).toBe(b.digest.value);
    expect(a.digest.value).toBe(canonicalDigest(a.core));
    expect(a.meta.wallMs).not.toBe(b.meta.wallMs);
  });

  it("changes the digest when anything deterministic changes", () => {
    const base = buildProofReport(runResultFixture(), fixed).digest.value;
    expect(buildProofReport(runResultFixture({ seed: 2 }), fixed).digest.value).not.toBe(base);
    expect(buildProofReport(runResultFixture({ choices: [0, 2, 2] }), fixed).digest.value).not.toBe(base);
  });

  it("redacts the canary token before digesting and writing", () => {
    const report = buildProofReport(
      runResultFixture({ error: { message: `boom: Authorization: Bearer ${FIXTURE_CANARY}`, stack: `Error: sent Bearer ${FIXTURE_CANARY}\n  at x` }, verdict: "error" }),
      fixed,
    );
    const text = JSON.stringify(report);
    expect(text).not.toContain(FIXTURE_CANARY);
    expect(text).toContain("<redacted>");
    expect(report.meta.errorStack).toBeDefined();
    expect(JSON.stringify(report.core)).not.toContain("at x");
  });

  it("scrubs a shapeless secret when it is named as a literal", () => {
    const report = buildProofReport(runResultFixture({ outcome: { note: "plain-secret-value" } }), { ...fixed, secrets: ["plain-secret-value"] });
    expect(report.core["outcome"]).toEqual({ note: "<redacted>" });
  });

  it("replaces temp dirs and the repo root so the digest does not depend on them", () => {
    const withDir = (dir: string) =>
      runResultFixture({
        sourceFile: "/home/dev/proj/scenarios/codex/helper-401-keeps-parent.scenario.ts",
        outcome: { transcript: `/tmp/${dir}/lane-a.jsonl`, cwd: "/home/dev/proj/x" },
      });
    const a = buildProofReport(withDir("run-aB12"), fixed);
    const b = buildProofReport(withDir("run-Zz99"), fixed);
    expect(a.core["outcome"]).toEqual({ transcript: "<tmp>/lane-a.jsonl", cwd: "<repo>/x" });
    expect((a.core["scenario"] as { sourceFile: string }).sourceFile).toBe("scenarios/codex/helper-401-keeps-parent.scenario.ts");
    expect(a.digest.value).toBe(b.digest.value);
  });

  it("bounds the trace to its head and tail and counts what it dropped", () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ step: i, tMs: i, event: { kind: "tick", i } }));
    const report = buildProofReport(runResultFixture({ trace: { events, dropped: 5, total: 55 } }), { ...fixed, traceLimit: 10 });
    const trace = report.core["trace"] as { events: Array<{ step: number }>; kept: number; dropped: number; total: number };
    expect(trace.events.map((e) => e.step)).toEqual([0, 1, 2, 3, 4, 45, 46, 47, 48, 49]);
    expect(trace).toMatchObject({ kept: 10, dropped: 45, total: 55 });
  });

  it("marks a run vacuous when a required probe never fired", () => {
    const report = buildProofReport(
      runResultFixture({ verdict: "unknown", probes: [{ id: "helper-got-401", hits: 0, required: true }] }),
      fixed,
    );
    expect(report.core["vacuous"]).toBe(true);
    expect(buildProofReport(runResultFixture(), fixed).core["vacuous"]).toBe(false);
  });

  it("carries a replay command in core and meta", () => {
    const report = buildProofReport(mutantFixture({ seed: 7 }), fixed);
    const command = "pnpm scenarios codex/helper-401-keeps-parent --seed 7 --target mutant:clear-on-any-failure";
    expect(report.core["replay"]).toEqual({ command });
    expect(report.meta.replay.command).toBe(command);
    expect(replayCommand({ scenarioId: "a/b", seed: 0, target: "src" })).toBe("pnpm scenarios a/b --seed 0 --target src");
  });

  it("survives non-JSON trace values (bigint, Map, Error, undefined, NaN)", () => {
    const events = [{ step: 1, tMs: 0, event: { kind: "odd", n: 10n, m: new Map([["k", 1]]), e: new Error("x"), u: undefined, nan: Number.NaN } }];
    const report = buildProofReport(runResultFixture({ trace: { events, dropped: 0, total: 1 } }), fixed);
    const first = (report.core["trace"] as { events: Array<{ event: unknown }> }).events[0];
    expect(first?.event).toEqual({ kind: "odd", n: "10n", m: [["k", 1]], e: { name: "Error", message: "x" }, nan: "NaN" });
    expect(validateReport(report)).toEqual({ ok: true });
  });
});

describe("buildProofReport outside the deterministic lane", () => {
  const processRun = (port: number, tMs: number) =>
    runResultFixture({
      lane: "process",
      reason: `refused at ws://127.0.0.1:${port}/`,
      trace: { events: [{ step: 1, tMs, event: { kind: "connect", port } }], dropped: 0, total: 1 },
      stats: { steps: 9, virtualMs: tMs },
      probes: [{ id: "helper-got-401", hits: 2, required: true }],
    });

  it("digests only what must be stable, so real ports and times do not change it", () => {
    const a = buildProofReport(processRun(33289, 977), fixed);
    const b = buildProofReport(processRun(40409, 689), fixed);
    expect(a.digest.value).toBe(b.digest.value);
    expect(a.core["digestScope"]).toBe("verdict");
    expect(a.core["probes"]).toEqual([{ id: "helper-got-401", required: true, fired: true }]);
    expect(a.core).not.toHaveProperty("trace");
    expect(a.observed).toMatchObject({ reason: "refused at ws://127.0.0.1:33289/", stats: { steps: 9, virtualMs: 977 } });
    expect(validateReport(a)).toEqual({ ok: true });
  });

  it("still changes the digest when the verdict or an invariant status changes", () => {
    const base = buildProofReport(processRun(1, 1), fixed).digest.value;
    expect(buildProofReport({ ...processRun(1, 1), verdict: "fail" }, fixed).digest.value).not.toBe(base);
  });

  it("is rejected by the schema when volatile fields leak into its core", () => {
    const report = JSON.parse(JSON.stringify(buildProofReport(processRun(1, 1), fixed))) as { core: Record<string, unknown>; observed: Record<string, unknown> };
    report.core["trace"] = report.observed["trace"];
    expect(validateReport(report).ok).toBe(false);
  });
});

describe("explicit replay commands", () => {
  it("carry the choice list and the fault parameters, shell-quoted, into the digested core", () => {
    const run = { ...runResultFixture(), choices: [2, 0, 1], params: { note: "it's", delayMs: 3 } };
    const command = explicitReplayCommand(run);
    const report = buildProofReport(run, { ...fixed, replayCommand: command });
    expect(command).toBe(`${replayCommand(run)} --choices=2,0,1 --params='{"note":"it'\\''s","delayMs":3}'`);
    expect(report.core["replay"]).toEqual({ command });
    expect(report.meta.replay.command).toBe(command);
    expect(report.digest.value).not.toBe(buildProofReport(run, fixed).digest.value);
  });
});

describe("validateReport", () => {
  it("explains what is wrong, with the JSON path", () => {
    const report = JSON.parse(JSON.stringify(buildProofReport(runResultFixture(), fixed))) as Record<string, Record<string, unknown>>;
    report["core"]!["verdict"] = "passed";
    report["core"]!["target"] = "mutant:x";
    const result = validateReport(report);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContain("/core/verdict: must be equal to one of the allowed values (pass, fail, hang, unknown, error, nondeterministic)");
    expect(errors.some((e) => e.includes("/core: must have required property 'mutant'"))).toBe(true);
  });
});
