import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../cli/cli.ts";
import { fakeCli } from "../cli/testing.ts";
import { loadCorpus } from "../explore/corpus.ts";
import { discoverScenarios } from "../runner/discover.ts";
import { REPO_ROOT } from "../runner/run-scenario.ts";
import { changedFiles, GitDiffError } from "./git.ts";
import { touchedScenarios } from "./touched.ts";

const repo = realpathSync(mkdtempSync(join(tmpdir(), "changed-")));
afterAll(() => rmSync(repo, { recursive: true, force: true }));
const git = (...args: string[]): string => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd: repo, encoding: "utf8" });

describe("changedFiles", () => {
  it("lists exactly the files a commit touched since HEAD~1", () => {
    mkdirSync(join(repo, "src/exec"), { recursive: true });
    mkdirSync(join(repo, "src/codex"), { recursive: true });
    writeFileSync(join(repo, "src/exec/client.ts"), "export const a = 1;\n");
    writeFileSync(join(repo, "src/codex/startup.ts"), "export const b = 1;\n");
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "first");
    writeFileSync(join(repo, "src/exec/client.ts"), "export const a = 2;\n");
    git("commit", "-qam", "touch only src/exec");
    expect(changedFiles(repo, "HEAD~1")).toEqual([join(repo, "src/exec/client.ts")]);
    expect(changedFiles(repo)).toEqual([]);
    writeFileSync(join(repo, "src/codex/new.ts"), "export const c = 1;\n");
    expect(changedFiles(repo)).toEqual([join(repo, "src/codex/new.ts")]);
  });

  it("names a ref that is not a commit", () => {
    expect(() => changedFiles(repo, "no-such-ref")).toThrow(GitDiffError);
    expect(() => changedFiles(repo, "no-such-ref")).toThrow(/"no-such-ref" is not a commit/);
  });
});

describe("pnpm scenarios --changed", () => {
  it("on a change that touches only src/exec/ runs only the exec scenarios, plus the corpus", async () => {
    const fake = fakeCli({ scenarios: [], cwd: REPO_ROOT });
    const corpus = await loadCorpus();
    Object.assign(fake.deps, {
      discover: () => discoverScenarios(),
      loadCorpus: () => Promise.resolve(corpus),
      changedFiles: () => [join(REPO_ROOT, "src/exec/client.ts")],
    });
    const out = mkdtempSync(join(tmpdir(), "changed-out-"));
    try {
      await main(["--changed", "HEAD~1", "--out", out], fake.deps);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const ids = new Set(fake.ran.map((r) => r.split(" ")[0]));
    const corpusIds = new Set(corpus.map((c) => c.recipe.scenarioId));
    const outside = [...ids].filter((id) => !(id ?? "").startsWith("exec/") && !corpusIds.has(id ?? ""));
    expect(outside).toEqual([]);
    expect([...ids].filter((id) => (id ?? "").startsWith("exec/")).length).toBeGreaterThanOrEqual(6);
    for (const id of corpusIds) expect(ids).toContain(id);
    expect(fake.stdout.join("")).toMatch(/--changed HEAD~1: src\/exec\/client\.ts; running the \d+ of \d+ scenarios that depend on them, plus the corpus/);
  });

  it("runs everything when the engine changed, and nothing but the corpus when no scenario depends on the change", async () => {
    const all = await discoverScenarios();
    expect(touchedScenarios(all, [join(REPO_ROOT, "harness/sim/kernel.ts")], REPO_ROOT).scenarios).toHaveLength(all.length);
    expect(touchedScenarios(all, [join(REPO_ROOT, "README.md")], REPO_ROOT).scenarios).toEqual([]);
    const sessions = touchedScenarios(all, [join(REPO_ROOT, "src/sessions/fence.ts")], REPO_ROOT).scenarios.map((s) => s.id);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((id) => id.startsWith("sessions/"))).toBe(true);
  });
});
