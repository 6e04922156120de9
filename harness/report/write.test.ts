import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic-write.ts";
import { buildProofReport } from "./proof-report.ts";
import { validateCtrf, validateReport, validateSummary } from "./schema.ts";
import { FIXTURE_CANARY, FIXTURE_ENVIRONMENT, mutantFixture, runResultFixture } from "./testing.ts";
import { appendStepSummary, clearOutputs, createReportWriter, reportFileName } from "./write.ts";

const fixed = { environment: FIXTURE_ENVIRONMENT, secrets: [] } as const;
let dir = "";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "report-write-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const finishOptions = {
  command: "pnpm scenarios",
  environment: FIXTURE_ENVIRONMENT,
  generatedAt: "2026-01-01T00:00:00.000Z",
  wallMs: 10,
  startMs: 1_700_000_000_000,
  stopMs: 1_700_000_000_010,
  toolVersion: "0.1.0",
};

describe("writeFileAtomic", () => {
  it("writes the content and leaves no temp file behind", async () => {
    const file = join(dir, "a.json");
    await writeFileAtomic(file, "one");
    await writeFileAtomic(file, "two");
    expect(await readFile(file, "utf8")).toBe("two");
    expect(await readdir(dir)).toEqual(["a.json"]);
  });

  it("removes its temp file when the write fails", async () => {
    await expect(writeFileAtomic(join(dir, "missing", "a.json"), "x")).rejects.toThrow(/ENOENT/);
    await mkdir(join(dir, "target-is-dir"));
    await expect(writeFileAtomic(join(dir, "target-is-dir"), "x")).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(["target-is-dir"]);
  });
});

describe("createReportWriter", () => {
  it("writes one valid report per run plus a valid summary, CTRF, JUnit and Markdown", async () => {
    // Arrange
    const writer = await createReportWriter({ outDir: dir, clear: true });
    // Act
    await writer.writeRun(buildProofReport(runResultFixture(), fixed));
    await writer.writeRun(buildProofReport(mutantFixture(), fixed));
    const summary = await writer.finish(finishOptions);
    // Assert
    expect((await readdir(dir)).sort()).toEqual(["ctrf.json", "junit.xml", "runs", "summary.json", "summary.md"]);
    const runFiles = (await readdir(join(dir, "runs"))).sort();
    expect(runFiles).toEqual([
      "codex__helper-401-keeps-parent.mutant_clear-on-any-failure.seed-1.json",
      "codex__helper-401-keeps-parent.src.seed-1.json",
    ]);
    for (const f of runFiles) expect(validateReport(JSON.parse(await readFile(join(dir, "runs", f), "utf8")))).toEqual({ ok: true });
    expect(validateSummary(JSON.parse(await readFile(join(dir, "summary.json"), "utf8")))).toEqual({ ok: true });
    const ctrf = JSON.parse(await readFile(join(dir, "ctrf.json"), "utf8")) as { results: { tests: Array<{ status: string }> } };
    expect(validateCtrf(ctrf)).toEqual({ ok: true });
    expect(ctrf.results.tests.map((t) => t.status)).toEqual(["passed", "passed"]);
    expect(await readFile(join(dir, "junit.xml"), "utf8")).toContain('<testsuite name="codex/helper-401-keeps-parent" tests="2" failures="0"');
    expect(summary.exitCode).toBe(0);
  });

  it("writes behind the caller: flush waits for every file, and a failed write is thrown, not lost", async () => {
    const writer = await createReportWriter({ outDir: dir, clear: true });
    for (let seed = 1; seed <= 40; seed++) await writer.writeRun(buildProofReport(runResultFixture({ seed }), fixed));
    await writer.flush();
    expect(await readdir(join(dir, "runs"))).toHaveLength(40);
    // A directory where the next report file must go makes its write fail.
    const blocked = join(dir, reportFileName({ scenarioId: "codex/helper-401-keeps-parent", target: "src", seed: 41 }));
    await mkdir(blocked);
    await writer.writeRun(buildProofReport(runResultFixture({ seed: 41 }), fixed));
    await expect(writer.finish(finishOptions)).rejects.toThrow();
    await expect(readFile(join(dir, "summary.json"))).rejects.toThrow(/ENOENT/);
  });

  it("writes no file that carries the canary token", async () => {
    const writer = await createReportWriter({ outDir: dir, clear: true });
    await writer.writeRun(buildProofReport(runResultFixture({ reason: `got Bearer ${FIXTURE_CANARY}` }), fixed));
    await writer.finish(finishOptions);
    const files = [...(await readdir(dir)).filter((f) => f !== "runs"), ...(await readdir(join(dir, "runs"))).map((f) => join("runs", f))];
    for (const f of files) expect(await readFile(join(dir, f), "utf8"), f).not.toContain(FIXTURE_CANARY);
  });

  it("maps verdicts onto CTRF statuses, hang as a timeout", async () => {
    const writer = await createReportWriter({ outDir: dir, clear: true });
    const hang = { reason: "quiescent", pending: ["turn"], idleTimers: [], atStep: 3, atMs: 9 } as const;
    await writer.writeRun(buildProofReport(runResultFixture({ verdict: "hang", hang }), fixed));
    await writer.writeRun(buildProofReport(runResultFixture({ seed: 2, verdict: "unknown" }), fixed));
    await writer.writeRun(buildProofReport(mutantFixture({ verdict: "pass" }), fixed));
    await writer.finish(finishOptions);
    const ctrf = JSON.parse(await readFile(join(dir, "ctrf.json"), "utf8")) as { results: { tests: Array<{ status: string; rawStatus: string }>; summary: Record<string, number> } };
    expect(ctrf.results.tests.map((t) => [t.status, t.rawStatus])).toEqual([
      ["failed", "timeout"],
      ["other", "unknown"],
      ["failed", "pass"],
    ]);
    expect(ctrf.results.summary).toMatchObject({ tests: 3, passed: 0, failed: 2, other: 1 });
  });

  it("clears stale outputs of an earlier run but never a file it does not own", async () => {
    await mkdir(join(dir, "runs"), { recursive: true });
    await writeFile(join(dir, reportFileName({ scenarioId: "old/gone", target: "src", seed: 9 })), "{}");
    await writeFile(join(dir, "runs", "notes.txt"), "mine");
    await writeFile(join(dir, "summary.json.tmp-123"), "{");
    await writeFile(join(dir, "README.md"), "keep");
    expect(await clearOutputs(dir)).toBe(2);
    expect(await readdir(join(dir, "runs"))).toEqual(["notes.txt"]);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(["README.md", "runs"]));
  });
});

describe("appendStepSummary", () => {
  it("appends under the cap and cuts what would exceed it, on a character boundary", async () => {
    const file = join(dir, "step.md");
    await writeFile(file, "x".repeat(100));
    await appendStepSummary(file, "é".repeat(200), 300);
    const text = await readFile(file, "utf8");
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(300);
    expect(text).toContain("cut to fit");
    expect(text).not.toContain("\uFFFD");
    await appendStepSummary(join(dir, "new.md"), "short", 300);
    expect(await readFile(join(dir, "new.md"), "utf8")).toBe("short\n");
  });
});
