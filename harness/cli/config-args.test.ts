import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "./cli.ts";
import { fakeCli, fakeScenario } from "./testing.ts";

let dir = "";
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), "cli-config-"))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

function recordingCli(scenarios = [fakeScenario("codex/alpha", { mutants: ["bad"] }), fakeScenario("blackbox/beta", { lane: "black-box", seeds: [4] })]) {
  const cli = fakeCli({ scenarios, cwd: dir });
  const asked: Array<{ dirs: readonly string[] | undefined; projectRoot: string | undefined }> = [];
  const deps = { ...cli.deps, discover: (dirs?: readonly string[], options?: { projectRoot: string }) => (asked.push({ dirs, projectRoot: options?.projectRoot }), cli.deps.discover()) };
  return { cli, deps, asked };
}

describe("the config file and --scenarios-dir", () => {
  it("discovers the --scenarios-dir folders, resolved against the working directory", async () => {
    await mkdir(join(dir, "proof/a"), { recursive: true });
    await mkdir(join(dir, "proof/b"), { recursive: true });
    const { deps, asked } = recordingCli();
    expect(await main(["--list", "--scenarios-dir", "proof/a", "--scenarios-dir", "proof/b"], deps)).toBe(0);
    expect(asked).toEqual([{ dirs: [join(dir, "proof/a"), join(dir, "proof/b")], projectRoot: dir }]);
  });

  it("refuses a --scenarios-dir that is not a folder with exit 2, naming it", async () => {
    const { cli, deps } = recordingCli();
    expect(await main(["--scenarios-dir", "nowhere"], deps)).toBe(2);
    expect(cli.stderr.join("")).toContain(`--scenarios-dir: ${join(dir, "nowhere")} is not a directory`);
  });

  it("takes scenario dirs, out dir, lanes and seeds from codex-proof.config.json", async () => {
    await mkdir(join(dir, "proof"));
    await writeFile(join(dir, "codex-proof.config.json"), JSON.stringify({ scenarioDirs: ["proof"], outDir: "artifacts/proof", lanes: ["deterministic"], seeds: [9] }));
    const { cli, deps, asked } = recordingCli();
    expect(await main([], deps)).toBe(0);
    expect(asked[0]?.dirs).toEqual([join(dir, "proof")]);
    expect(cli.ran).toEqual(["codex/alpha src 9", "codex/alpha mutant:bad 9"]);
    expect((await stat(join(dir, "artifacts/proof/summary.md"))).isFile()).toBe(true);
  });

  it("lets the command line win over the config", async () => {
    await mkdir(join(dir, "proof"));
    await writeFile(join(dir, "codex-proof.config.json"), JSON.stringify({ outDir: "artifacts/proof", lanes: ["deterministic"], seeds: [9] }));
    const { cli, deps } = recordingCli();
    expect(await main(["--seed", "2", "--lane", "all", "--out", "o"], deps)).toBe(0);
    expect(cli.ran).toEqual(["codex/alpha src 2", "codex/alpha mutant:bad 2", "blackbox/beta src 2"]);
    expect((await stat(join(dir, "o/summary.md"))).isFile()).toBe(true);
  });

  it("passes the config's deadline scale to every run", async () => {
    await writeFile(join(dir, "codex-proof.config.json"), JSON.stringify({ deadlineScale: 2.5 }));
    const { cli, deps } = recordingCli();
    const scales: Array<number | undefined> = [];
    const code = await main(["--out", "o"], { ...deps, runScenario: (r) => (scales.push(r.deadlineScale), cli.deps.runScenario(r)) });
    expect(code).toBe(0);
    expect(new Set(scales)).toEqual(new Set([2.5]));
  });

  it("exits 2 on a bad config, naming the file, the field and what was expected", async () => {
    await writeFile(join(dir, "codex-proof.config.json"), JSON.stringify({ lanes: "deterministic" }));
    const { cli, deps } = recordingCli();
    expect(await main([], deps)).toBe(2);
    expect(cli.stderr.join("")).toContain(`${join(dir, "codex-proof.config.json")}: field "lanes": expected a non-empty array of strings (got "deterministic")`);
  });
});
