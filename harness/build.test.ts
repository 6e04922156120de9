import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIST, staleReason, STEPS } from "../scripts/build.mjs";

describe("scripts/build.mjs", () => {
  it("lists the steps others can extend, each with a description", () => {
    expect(STEPS.map((s) => s.name)).toEqual(expect.arrayContaining(["protocol-validators", "fake-codex"]));
    for (const step of STEPS) expect(step.describe).not.toBe("");
  });

  it("says a step is stale when never built, when a recorded source is newer or gone, and fresh otherwise", () => {
    expect(staleReason("fake-codex", { steps: {} })).toBe("never built");
    expect(staleReason("fake-codex", { steps: { "fake-codex": { builtAtMs: 0, inputs: ["fakes/bin/main.ts"] } } })).toBe("fakes/bin/main.ts changed");
    expect(staleReason("fake-codex", { steps: { "fake-codex": { builtAtMs: Number.MAX_SAFE_INTEGER, inputs: ["fakes/bin/gone.ts"] } } })).toBe("fakes/bin/gone.ts is gone");
    expect(staleReason("fake-codex", { steps: { "fake-codex": { builtAtMs: Number.MAX_SAFE_INTEGER, inputs: ["fakes/bin/main.ts"] } } })).toBeUndefined();
  });

  it("is fresh after the global setup, and records the fake's sources", () => {
    expect(staleReason("fake-codex")).toBeUndefined();
    const stamp = JSON.parse(readFileSync(join(DIST, ".build-stamp.json"), "utf8")) as { steps: Record<string, { inputs: string[] }> };
    expect(stamp.steps["fake-codex"]?.inputs).toEqual(expect.arrayContaining(["fakes/bin/main.ts", "fakes/app-server/server.ts"]));
  });

  it("keeps the server out of the entry module: --version and --help load no server code", () => {
    const staticImports = (code: string): string[] => [...code.matchAll(/^import\s[^;]*?from\s*"([^"]+)"/gm)].flatMap((m) => (m[1]?.startsWith("./") ? [m[1]] : []));
    // The entry answers a bare --version itself and loads the command line (main) on demand…
    const cli = readFileSync(join(DIST, "fake-codex", "cli.js"), "utf8");
    expect(staticImports(cli).every((s) => /^\.\/chunk-/.test(s))).toBe(true);
    const main = /import\("\.\/(main-[A-Z0-9]+\.js)"\)/.exec(cli)?.[1];
    expect(main).toBeDefined();
    // …which loads the server only to serve.
    const cliMain = readFileSync(join(DIST, "fake-codex", main ?? ""), "utf8");
    expect(staticImports(cliMain).every((s) => /^\.\/chunk-/.test(s))).toBe(true);
    expect(cliMain).toMatch(/import\("\.\/serve-[A-Z0-9]+\.js"\)/);
    for (const code of [cli, cliMain]) expect(code).not.toContain("createFakeAppServer");
  });
});
