/**
 * Runs every code block of the authoring guide (scenarios/README.md) and the README's "Writing a
 * scenario" example, in page order, in a scratch tree whose scenarios/ links to the real kits: a
 * TypeScript block is the file named on its first line (written, then run on every seed: src must
 * pass, each mutant must be caught); a sh block is `pnpm scenarios …` lines, each run through the
 * CLI and required to exit 0. A block of any other kind fails the test, so nothing can rot.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../cli/cli.ts";
import { fakeCli } from "../cli/testing.ts";
import { scenarioFiles } from "../runner/discover.ts";
import { REPO_ROOT, runScenario } from "../runner/run-scenario.ts";
import type { AnyScenario } from "../scenario/types.ts";
import { isCaught, type Verdict } from "../scenario/verdict.ts";
import { codeBlocks, sectionOf, type CodeBlock } from "./code-blocks.ts";

mkdirSync(join(REPO_ROOT, ".cache"), { recursive: true });
const root = mkdtempSync(join(REPO_ROOT, ".cache", "guide-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// The scratch checkout: the real src/, fakes/, harness/ and every scenarios/ area, linked.
for (const top of ["src", "fakes", "harness", "node_modules"]) symlinkSync(join(REPO_ROOT, top), join(root, top));
mkdirSync(join(root, "scenarios"));
for (const area of readdirSync(join(REPO_ROOT, "scenarios"))) symlinkSync(join(REPO_ROOT, "scenarios", area), join(root, "scenarios", area));

const pages: Array<{ name: string; blocks: CodeBlock[] }> = [
  { name: "scenarios/README.md", blocks: codeBlocks(readFileSync(join(REPO_ROOT, "scenarios/README.md"), "utf8")) },
  { name: "README.md", blocks: codeBlocks(sectionOf(readFileSync(join(REPO_ROOT, "README.md"), "utf8"), "## Writing a scenario")) },
];

let version = 0;

/** Loads a scenario file as it is now (a later block may rewrite it; a fresh URL skips the module cache). */
async function load(file: string): Promise<AnyScenario> {
  const mod = (await import(`${pathToFileURL(file).href}?v=${++version}`)) as { default: AnyScenario };
  return { ...mod.default, sourceFile: file };
}

/** What `pnpm scenarios` would discover in the scratch tree: the examples, not the linked kits. */
async function discover(): Promise<AnyScenario[]> {
  const found = await Promise.all(scenarioFiles(join(root, "scenarios")).map(load));
  return found.sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function runFileBlock(block: CodeBlock): Promise<void> {
  const file = /^\/\/ (scenarios\/\S+\.ts)\n/.exec(block.code)?.[1];
  if (file === undefined) throw new Error("a TypeScript block must start with `// scenarios/<area>/<name>.scenario.ts`");
  const target = join(root, file);
  for (let dir = dirname(target); dir !== root; dir = dirname(dir)) {
    if (lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink() === true) throw new Error(`${file}: examples go in a new area, not in the kit ${dir}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, block.code);
  if (!file.endsWith(".scenario.ts")) return;
  const scenario = await load(target);
  for (const seed of scenario.seeds) {
    const r = await runScenario({ scenario, seed, target: "src" });
    expect(r.verdict, `${scenario.id} seed ${seed}: ${r.reason}`).toBe("pass");
  }
  for (const mutant of scenario.mutants) {
    const verdicts: Verdict[] = [];
    for (const seed of scenario.seeds) verdicts.push((await runScenario({ scenario, seed, target: `mutant:${mutant.id}` })).verdict);
    expect(verdicts.some((v) => isCaught(v, mutant.expects)), `${scenario.id} mutant ${mutant.id}: ${verdicts.join(", ")}`).toBe(true);
  }
}

async function runShellBlock(block: CodeBlock): Promise<void> {
  for (const line of block.code.split("\n").filter((l) => l.trim() !== "")) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== "pnpm" || words[1] !== "scenarios") throw new Error(`only \`pnpm scenarios …\` lines can run here: ${line}`);
    const fake = fakeCli({ scenarios: [], cwd: root });
    Object.assign(fake.deps, { discover, runScenario, scenariosDir: join(root, "scenarios") });
    const code = await main(words.slice(2), fake.deps);
    expect(code, `${line}\n${fake.stdout.join("")}${fake.stderr.join("")}`).toBe(0);
  }
}

describe.each(pages.map((p) => [p.name, p] as const))("every code block of %s runs", (_name, page) => {
  it("has code blocks", () => expect(page.blocks.length).toBeGreaterThan(0));
  it("runs them in page order", async () => {
    for (const block of page.blocks) {
      const where = `${page.name}:${block.line} (${block.lang || "no language"})`;
      try {
        if (block.lang === "ts") await runFileBlock(block);
        else if (block.lang === "sh") await runShellBlock(block);
        else throw new Error("only ts and sh blocks are allowed in a guide (each one is run)");
      } catch (error) {
        throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  });
});
