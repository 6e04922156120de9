import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "./load.ts";
import { ConfigError, validateConfig } from "./schema.ts";

let root: string;
beforeEach(() => void (root = mkdtempSync(join(tmpdir(), "proof-config-"))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("loadConfig", () => {
  it("gives defaults when the project has no config file", async () => {
    expect(await loadConfig(root)).toEqual({ root, deadlineScale: 1 });
  });

  it("reads a JSON config and resolves its paths against the file's folder", async () => {
    writeFileSync(join(root, "codex-proof.config.json"), JSON.stringify({ scenarioDirs: ["proof/scenarios"], outDir: "out/proof", lanes: ["deterministic"], deadlineScale: 3, seeds: [7, 8] }));
    expect(await loadConfig(root)).toEqual({
      file: join(root, "codex-proof.config.json"),
      root,
      scenarioDirs: [join(root, "proof/scenarios")],
      outDir: join(root, "out/proof"),
      lanes: ["deterministic"],
      deadlineScale: 3,
      seeds: [7, 8],
    });
  });

  it("reads a JS config's default export", async () => {
    writeFileSync(join(root, "codex-proof.config.js"), "export default { seeds: [3] };\n");
    expect(await loadConfig(root)).toMatchObject({ seeds: [3], deadlineScale: 1 });
  });

  it("refuses two config files in one folder", async () => {
    writeFileSync(join(root, "codex-proof.config.js"), "export default {};\n");
    writeFileSync(join(root, "codex-proof.config.json"), "{}");
    await expect(loadConfig(root)).rejects.toThrow(/more than one config file .*codex-proof\.config\.js, codex-proof\.config\.json/);
  });

  it("names the file when the JSON does not parse", async () => {
    writeFileSync(join(root, "codex-proof.config.json"), "{ seeds: [1] }");
    await expect(loadConfig(root)).rejects.toThrow(`${join(root, "codex-proof.config.json")}: is not valid JSON`);
  });

  it("names the file when a JS config has no default export", async () => {
    writeFileSync(join(root, "codex-proof.config.js"), "export const seeds = [1];\n");
    await expect(loadConfig(root)).rejects.toThrow(/has no default export/);
  });
});

describe("validateConfig", () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ["an unknown field (a typo)", { scenarioDir: ["x"] }, /field "scenarioDir": unknown field; expected one of scenarioDirs, outDir/],
    ["a lane that does not exist", { lanes: ["fast"] }, /field "lanes": "fast" is not a lane; expected deterministic, process, live, black-box/],
    ["a seed that is not a uint32", { seeds: [1, -2] }, /field "seeds\[1\]": expected a uint32 \(0\.\.4294967295\) \(got -2\)/],
    ["a deadline scale below 1", { deadlineScale: 0.5 }, /field "deadlineScale": expected a number from 1 to 100 \(got 0\.5\)/],
    ["scenario dirs given as one string", { scenarioDirs: "scenarios" }, /field "scenarioDirs": expected a non-empty array of strings \(got "scenarios"\)/],
    ["an empty out dir", { outDir: " " }, /field "outDir": expected a non-empty path/],
    ["a config that is not an object", [1], /cfg\.json: expected an object/],
  ];
  it.each(bad)("rejects %s, naming the file, the field and what was expected", (_what, value, message) => {
    expect(() => validateConfig(value, "cfg.json")).toThrow(ConfigError);
    expect(() => validateConfig(value, "cfg.json")).toThrow(message);
  });
});
