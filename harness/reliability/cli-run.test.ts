/**
 * `pnpm scenarios` over every scenario of every lane but live (seed 1, every target), in a child
 * process with its own TMPDIR and a marker in its environment. Afterwards: the CLI exited by itself
 * (no open handle kept it alive), every file it wrote is complete and schema-valid, no canary secret
 * appears in any file or on stdout/stderr, no process of the run is alive, and its TMPDIR is empty.
 */
import { readdir, readFile, rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signalPid } from "../../src/runtime/signal.ts";
import { checkOutputFile, filesUnder, loadCanaries, markedProcesses, reliabilityRoot, startCli, tempLeftovers, type CliChild } from "./kit.ts";

let root = "";
let run: CliChild;
let result: Awaited<CliChild["child"]>;

beforeAll(async () => {
  root = await reliabilityRoot();
  run = await startCli(["--seed", "1", "--target", "all"], root);
  result = await run.child;
}, 240_000);

afterAll(async () => {
  for (const p of await markedProcesses(run.marker)) signalPid(p.pid, "SIGKILL");
  await rm(root, { recursive: true, force: true });
});

describe("pnpm scenarios over every scenario (all lanes but live)", () => {
  it("finishes on its own with a verdict-class exit code and a summary line", () => {
    expect([0, 1, 3, 4, 5], result.stderr).toContain(result.exitCode);
    expect(result.stdout).toMatch(/\d+ runs in .* \(exit \d\)\. Proof: .*summary\.md$/m);
  });

  it("writes only complete, schema-valid files: one report per run plus the summary files", async () => {
    const files = await filesUnder(run.out);
    const summary = JSON.parse(await readFile(`${run.out}/summary.json`, "utf8")) as { runs: unknown[] };
    expect((await readdir(`${run.out}/runs`)).length).toBe(summary.runs.length);
    const problems: string[] = [];
    for (const file of files) {
      const check = await checkOutputFile(file);
      if (!check.ok) problems.push(`${file}: ${check.errors.slice(0, 2).join("; ")}`);
    }
    expect(problems).toEqual([]);
    expect(files.map((f) => f.slice(run.out.length + 1)).filter((f) => !f.startsWith("runs/"))).toEqual(["ctrf.json", "junit.xml", "summary.json", "summary.md"]);
  });

  it("leaks no canary secret into any report file, stdout or stderr", async () => {
    const canaries = await loadCanaries();
    expect(canaries.length).toBeGreaterThan(0);
    const texts: [string, string][] = [
      ["stdout", result.stdout],
      ["stderr", result.stderr],
    ];
    for (const file of await filesUnder(run.out)) texts.push([file, await readFile(file, "utf8")]);
    const leaks = texts.flatMap(([where, text]) => [
      ...canaries.filter((c) => text.includes(c)).map((c) => `${where}: ${c.slice(0, 12)}…`),
      ...(/Bearer\s+sk-/i.test(text) ? [`${where}: a Bearer sk- token`] : []),
    ]);
    expect(leaks).toEqual([]);
  });

  it("leaves no process of the run alive and nothing in its TMPDIR", async () => {
    expect(await markedProcesses(run.marker)).toEqual([]);
    expect(await tempLeftovers(run.tmp)).toEqual([]);
  });
});
