import { describe, expect, it } from "vitest";
import { parseArgs, parseSeed } from "./args.ts";
import { UsageError } from "./errors.ts";

describe("parseArgs", () => {
  it("defaults to running everything against every target into reports/out", () => {
    expect(parseArgs([])).toEqual({
      command: "run",
      filters: [],
      seeds: [],
      target: "all",
      lane: "default",
      outDir: "reports/out",
      quiet: false,
      json: false,
    });
  });

  it("reads filters, repeated seeds, target, out and flags in both --opt v and --opt=v forms", () => {
    const args = parseArgs(["codex/", "--seed", "7", "--seed=0", "--target", "mutant:no-fence", "--out=/tmp/x", "-q", "--json", "exec/*"]);
    expect(args).toMatchObject({ filters: ["codex/", "exec/*"], seeds: [7, 0], target: "mutant:no-fence", outDir: "/tmp/x", quiet: true, json: true });
  });

  it("selects the list and help commands", () => {
    expect(parseArgs(["--list"]).command).toBe("list");
    expect(parseArgs(["-h"]).command).toBe("help");
  });

  it("treats everything after -- as filters", () => {
    expect(parseArgs(["--", "--odd"]).filters).toEqual(["--odd"]);
  });

  it.each([
    [["--frob"], 'unknown option "--frob"'],
    [["-x"], 'unknown option "-x"'],
    [["--seed"], "--seed needs a value (N)"],
    [["--seed", "abc"], '--seed "abc" is not a uint32 (0..4294967295)'],
    [["--seed", "-1"], '--seed "-1" is not a uint32 (0..4294967295)'],
    [["--seed", "4294967296"], '--seed "4294967296" is not a uint32 (0..4294967295)'],
    [["--seed", "1.5"], '--seed "1.5" is not a uint32 (0..4294967295)'],
    [["--target", "mutant"], '--target "mutant" is not src, mutant:<id>, mutants or all'],
    [["--lane", "fast"], '--lane "fast" is not one of all, deterministic, process, live, black-box'],
    [["--list=yes"], "--list takes no value"],
    [["--out", " "], "--out needs a non-empty value"],
    [[""], "an empty filter matches nothing"],
  ])("rejects %j with a one-line usage error", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe("parseSeed", () => {
  it("accepts the uint32 range bounds", () => {
    expect(parseSeed("0")).toBe(0);
    expect(parseSeed("4294967295")).toBe(4294967295);
  });
});
