import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectEnvironment } from "./environment.ts";
import { toSummaryMarkdown } from "./summary-md.ts";
import { buildSummary } from "./summary.ts";

let repo = "";
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "clp-env-repo-"));
  git("init", "-q");
  git("config", "user.email", "t@example.invalid");
  git("config", "user.name", "t");
  mkdirSync(join(repo, "scenarios/area"), { recursive: true });
  writeFileSync(join(repo, "scenarios/area/old.scenario.ts"), "export default 1;\n");
  writeFileSync(join(repo, ".gitignore"), "reports/out/\n");
  git("add", ".");
  git("commit", "-qm", "init");
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe("the proof's dirty flag", () => {
  it("is clean on a clean checkout", () => {
    expect(collectEnvironment(repo)).toMatchObject({ gitDirty: false, untracked: [] });
  });

  it("is dirty when the proven scenario is untracked, listing it with its sha256", () => {
    const body = "export default 2;\n";
    writeFileSync(join(repo, "scenarios/area/new.scenario.ts"), body);
    mkdirSync(join(repo, "reports/out"), { recursive: true });
    writeFileSync(join(repo, "reports/out/x.json"), "{}"); // ignored: not part of the proof's source
    writeFileSync(join(repo, "notes.txt"), "scratch"); // outside scenarios/fakes/src/harness

    const env = collectEnvironment(repo);

    expect(env.gitDirty).toBe(true);
    expect(env.untracked).toEqual([{ path: "scenarios/area/new.scenario.ts", sha256: createHash("sha256").update(body).digest("hex") }]);
    const summary = buildSummary({ entries: [], command: "pnpm scenarios", environment: env, generatedAt: "2026-01-01T00:00:00.000Z", wallMs: 1 });
    expect(toSummaryMarkdown(summary)).toContain("(dirty: 1 untracked scenario)");
  });
});
