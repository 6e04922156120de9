/**
 * docs/github-actions.md's workflow parses, and every `codex-proof` command in it is one the CLI
 * accepts (options and subcommands from the real parser); the outputs it uploads and posts are
 * the files the CLI writes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseArgs } from "../cli/args.ts";
import { REPO_ROOT } from "../runner/run-scenario.ts";

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Workflow {
  readonly jobs: Record<string, { readonly needs?: string; readonly strategy?: { matrix: { shard: number[] } }; readonly steps: readonly Step[] }>;
}

const doc = readFileSync(join(REPO_ROOT, "docs/github-actions.md"), "utf8");
const yamlText = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
const workflow = parse(yamlText) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
/** Every `npx codex-proof …` command line, with `${{ … }}` expressions given sample values. */
const commands = steps
  .flatMap((s) => (s.run ?? "").split("\n"))
  .map((l) => l.trim())
  .filter((l) => l.startsWith("npx codex-proof"))
  .map((l) => l.replace(/\$\{\{\s*matrix\.shard\s*\}\}/g, "2").replace(/\s*\|\|.*$/, ""));

describe("the GitHub Actions template", () => {
  it("parses, with a shard matrix and a merge job that needs it", () => {
    expect(workflow.jobs["proof"]?.strategy?.matrix.shard).toEqual([1, 2, 3, 4]);
    expect(workflow.jobs["merge"]?.needs).toBe("proof");
  });

  it("runs only commands the CLI accepts", () => {
    expect(commands.length).toBe(2);
    for (const line of commands) {
      const argv = line.split(/\s+/).slice(2);
      expect(() => parseArgs(argv), line).not.toThrow();
    }
    expect(parseArgs(commands[0]?.split(/\s+/).slice(2) ?? [])).toMatchObject({ shard: { index: 2, count: 4 }, html: true, outDir: "reports/out/shard-2" });
    expect(parseArgs(commands[1]?.split(/\s+/).slice(2) ?? [])).toMatchObject({ command: "merge", outDir: "reports/out" });
  });

  it("merges every shard, uploads reports/out, writes the job summary and posts one PR comment from summary.md", () => {
    expect(commands[1]).toContain([1, 2, 3, 4].map((i) => `shards/codex-proof-shard-${i}`).join(" "));
    expect(steps.some((s) => s.uses?.startsWith("actions/upload-artifact@") === true && s.with?.["path"] === "reports/out")).toBe(true);
    expect(steps.some((s) => s.run === 'cat reports/out/summary.md >> "$GITHUB_STEP_SUMMARY"')).toBe(true);
    const comment = steps.find((s) => s.uses?.startsWith("actions/github-script@") === true);
    const script = String(comment?.with?.["script"] ?? "");
    expect(script).toContain('readFileSync("reports/out/summary.md"');
    expect(script).toContain("updateComment");
    expect(script).toContain("## Real behavior proof");
    expect(steps.some((s) => s.env?.["CODEX_PROOF_ARTIFACTS_URL"] !== undefined)).toBe(true);
  });
});
