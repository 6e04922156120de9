/**
 * The package as another repository gets it: `pnpm pack`, a throwaway consumer project in the temp
 * dir (outside this repo) with its own tiny client and helper-401 scenario (harness/package/consumer/),
 * the tarball installed from the file, and there, on Node 20, 22 and 24: `fake-codex --version`,
 * the scenario through `codex-proof --scenarios-dir` (a proof that validates), the same scenario
 * through the vitest integration, and `tsc --noEmit` over the consumer.
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateReport, validateSummary } from "../report/schema.ts";
import { REPO_ROOT } from "../runner/run-scenario.ts";
import { ensureNode, type NodeBinary } from "./nodes.ts";

const FIXTURE = join(REPO_ROOT, "harness/package/consumer");
const SCENARIO = "tiny-agent/helper-401-keeps-parent";

let work = "";
let consumer = "";
let tarball = "";
const nodes: NodeBinary[] = [];

let manifestText = "";
/** The consumer pins the same vitest, typescript and @types/node this repository tests with. */
function devVersion(name: string): string {
  const manifest = JSON.parse(manifestText) as { devDependencies: Record<string, string> };
  return (manifest.devDependencies[name] ?? "").replace(/^\^/, "");
}

beforeAll(async () => {
  manifestText = await readFile(join(REPO_ROOT, "package.json"), "utf8");
  work = await mkdtemp(join(tmpdir(), "clp-package-"));
  await execa("pnpm", ["pack", "--pack-destination", work], { cwd: REPO_ROOT });
  const name = (await readdir(work)).find((f) => f.endsWith(".tgz"));
  if (name === undefined) throw new Error(`pnpm pack wrote no tarball into ${work}`);
  tarball = join(work, name);
  consumer = join(work, "consumer");
  await cp(FIXTURE, consumer, { recursive: true });
  await writeFile(
    join(consumer, "package.json"),
    JSON.stringify({
      name: "tiny-agent",
      private: true,
      type: "module",
      devDependencies: { "codex-lifecycle-proof": `file:${tarball}`, vitest: devVersion("vitest"), typescript: devVersion("typescript"), "@types/node": devVersion("@types/node") },
    }),
  );
  await execa("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: consumer });
  for (const major of [20, 22, 24]) nodes.push(await ensureNode(major));
});

afterAll(async () => {
  if (work !== "") await rm(work, { recursive: true, force: true });
});

describe("the tarball", () => {
  it("holds built JavaScript, declarations and the bins, and no test, golden file or TypeScript source", async () => {
    const { stdout } = await execa("tar", ["tzf", tarball]);
    const files = stdout.split("\n").filter((f) => f !== "" && !f.endsWith("/"));
    const size = (await readFile(tarball)).length;
    console.log(`tarball: ${(size / 1024).toFixed(0)} KiB, ${files.length} files`);
    expect(files).toContain("package/dist/harness/cli/codex-proof.mjs");
    expect(files).toContain("package/dist/fakes/bin/fake-codex.mjs");
    expect(files).toContain("package/dist/harness/scenario/index.d.ts");
    expect(files).toContain("package/dist/fakes/schema/fault-script.schema.json");
    expect(files.filter((f) => /\.test\.|\.e2e\.|testkit|\/golden\/|\/scenarios\/|\/corpus\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });
});

describe.each([20, 22, 24])("a consumer on Node %i", (major) => {
  const run = (file: string, args: readonly string[]) => {
    const node = nodes.find((n) => n.major === major);
    if (node === undefined) throw new Error(`no Node ${major}`);
    return execa(join(consumer, "node_modules/.bin", file), args, {
      cwd: consumer,
      reject: false,
      env: { PATH: `${node.binDir}${delimiter}${process.env["PATH"] ?? ""}`, CI: "1" },
      extendEnv: true,
    });
  };

  it("runs on that Node", async () => {
    const r = await run("fake-codex", ["--version"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^codex-cli \S+/);
    const node = await execa("node", ["--version"], { env: { PATH: `${nodes.find((n) => n.major === major)?.binDir ?? ""}${delimiter}${process.env["PATH"] ?? ""}` } });
    expect(node.stdout).toMatch(new RegExp(`^v${major}\\.`));
  });

  it("resolves the fault-script JSON Schema through the package export", async () => {
    const node = nodes.find((n) => n.major === major);
    const script = 'const { createRequire } = require("node:module"); const s = require(createRequire(process.cwd() + "/").resolve("codex-lifecycle-proof/fault-script.schema.json")); console.log(s.$id);';
    const r = await execa(join(node?.binDir ?? "", "node"), ["-e", script], { cwd: consumer, reject: false });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("https://codex-lifecycle-proof.local/schema/fault-script.schema.json");
  });

  it("proves its own scenario through codex-proof --scenarios-dir, writing a proof that validates", async () => {
    const out = `proof-out-${major}`;
    const r = await run("codex-proof", ["--scenarios-dir", "proof", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/target 3\/3 pass; mutants 1\/1 caught — ok \(exit 0\)/);
    const summary = JSON.parse(await readFile(join(consumer, out, "summary.json"), "utf8")) as {
      command: string;
      runs: Array<{ scenarioId: string; target: string; verdict: string; reportFile: string }>;
    };
    expect(validateSummary(summary)).toEqual({ ok: true });
    expect(summary.command).toBe(`npx codex-proof --scenarios-dir proof --out ${out}`);
    expect(summary.runs.map((x) => `${x.target}:${x.verdict}`)).toEqual(["src:pass", "src:pass", "src:pass", "mutant:close-on-any-failure:fail", "mutant:close-on-any-failure:fail", "mutant:close-on-any-failure:fail"]);
    for (const entry of summary.runs) {
      const report = JSON.parse(await readFile(join(consumer, out, entry.reportFile), "utf8")) as { core: { scenario: { id: string; sourceFile: string } } };
      expect(validateReport(report)).toEqual({ ok: true });
      expect(report.core.scenario).toMatchObject({ id: SCENARIO, sourceFile: "proof/helper-401.scenario.ts" });
    }
    expect(await readFile(join(consumer, out, "summary.md"), "utf8")).toContain(SCENARIO);
  });

  it("runs the same scenario as tests of the consumer's vitest suite", async () => {
    const report = `vitest-${major}.json`;
    const r = await run("vitest", ["run", "--reporter=json", `--outputFile=${report}`]);
    expect(r.exitCode, r.stderr).toBe(0);
    const json = JSON.parse(await readFile(join(consumer, report), "utf8")) as { testResults: Array<{ assertionResults: Array<{ fullName: string; status: string }> }> };
    const tests = json.testResults.flatMap((f) => f.assertionResults.map((a) => `${a.fullName}: ${a.status}`));
    expect(tests).toEqual([`${SCENARIO} src: passed`, `${SCENARIO} mutant:close-on-any-failure: passed`]);
  });

  it("type-checks against the package's declarations", async () => {
    const r = await run("tsc", ["--noEmit", "-p", "."]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
  });
});
