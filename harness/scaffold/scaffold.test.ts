import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../cli/cli.ts";
import { fakeCli } from "../cli/testing.ts";
import { discoverScenarios } from "../runner/discover.ts";
import { REPO_ROOT, runScenario } from "../runner/run-scenario.ts";
import { KITS } from "./kits.ts";

// Generated files go inside the checkout (git-ignored .cache/), as a user's would go under scenarios/.
mkdirSync(join(REPO_ROOT, ".cache"), { recursive: true });
const dir = mkdtempSync(join(REPO_ROOT, ".cache", "scaffold-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(): ReturnType<typeof fakeCli> {
  const fake = fakeCli({ scenarios: [], cwd: dir });
  Object.assign(fake.deps, { discover: () => discoverScenarios(dir), runScenario, scenariosDir: dir });
  return fake;
}

describe.each(KITS.map((k) => [k.name] as const))("pnpm scenarios new --kit %s", (kit) => {
  const id = `gen/${kit}-story`;

  it("writes a scenario that passes on src and catches its mutant as generated", async () => {
    const created = cli();
    expect(await main(["new", id, "--kit", kit], created.deps)).toBe(0);
    expect(created.stdout.join("")).toContain(`run it:   pnpm scenarios ${id}`);
    const text = readFileSync(join(dir, `${id}.scenario.ts`), "utf8");
    expect(text).not.toMatch(/\/\* …|TODO/);

    const run = cli();
    const code = await main([id, "--out", join(dir, "out", kit), "--no-corpus"], run.deps);
    const printed = run.stdout.join("");
    expect(printed, printed).toMatch(/target (\d+)\/\1 pass; mutants 1\/1 caught — ok/);
    expect(code).toBe(0);
  });
});

describe("pnpm scenarios new", () => {
  it("refuses to overwrite an existing scenario", async () => {
    const first = cli();
    expect(await main(["new", "gen/twice"], first.deps)).toBe(0);
    const second = cli();
    expect(await main(["new", "gen/twice"], second.deps)).toBe(2);
    expect(second.stderr.join("")).toMatch(/gen\/twice\.scenario\.ts already exists/);
  });

  it("rejects an id that is not <area>/<name> and an unknown kit", async () => {
    const bad = cli();
    expect(await main(["new", "NoArea"], bad.deps)).toBe(2);
    expect(bad.stderr.join("")).toMatch(/must look like "<area>\/<name>"/);
    const kit = cli();
    expect(await main(["new", "gen/x", "--kit", "nope"], kit.deps)).toBe(2);
    expect(kit.stderr.join("")).toMatch(/unknown kit "nope"; known: turn, shared-client, broker, exec, sessions, blackbox/);
  });

  it("--list-kits describes every kit in one line", async () => {
    const list = cli();
    expect(await main(["--list-kits"], list.deps)).toBe(0);
    const lines = list.stdout.join("").trim().split("\n");
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(KITS.map((k) => k.name));
  });
});
