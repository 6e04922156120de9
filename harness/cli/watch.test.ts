import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./cli.ts";
import { fakeCli } from "./testing.ts";
import { discoverScenarios } from "../runner/discover.ts";
import { REPO_ROOT } from "../runner/run-scenario.ts";

describe("pnpm scenarios --watch", () => {
  it("runs once, reruns only what a saved file touches, and stops cleanly on Ctrl-C", async () => {
    const fake = fakeCli({ scenarios: [], cwd: REPO_ROOT });
    const children: string[][] = [];
    let save: (file: string) => void = () => {};
    let watching = false;
    let firstRunDone!: () => void;
    const ranOnce = new Promise<void>((resolve) => (firstRunDone = resolve));
    let rerunDone!: () => void;
    const reran = new Promise<void>((resolve) => (rerunDone = resolve));
    let interrupted = false;
    Object.assign(fake.deps, {
      discover: () => discoverScenarios(),
      interrupted: () => interrupted,
      spawnCli: (argv: readonly string[]) => {
        children.push([...argv]);
        (children.length === 1 ? firstRunDone : rerunDone)();
        return Promise.resolve({ code: 0, stdout: "", stderr: "" });
      },
      watchFolders: (_dirs: readonly string[], onChange: (file: string) => void) => {
        watching = true;
        save = onChange;
        return () => void (watching = false);
      },
    });
    const done = main(["exec/", "--watch", "--target", "src"], fake.deps);
    await ranOnce;
    expect(children[0]).toEqual(["exec/", "--target", "src"]);
    save(join(REPO_ROOT, "reports/out/summary.json"));
    save(join(REPO_ROOT, "src/exec/lazy-client.ts"));
    await reran;
    const rerun = children[1] ?? [];
    expect(rerun.slice(-2)).toEqual(["--target", "src"]);
    expect(rerun.slice(0, -2).length).toBeGreaterThan(0);
    expect(rerun.slice(0, -2).every((id) => id.startsWith("exec/"))).toBe(true);
    interrupted = true;
    expect(await done).toBe(130);
    expect(watching).toBe(false);
    expect(children).toHaveLength(2);
  });
});
