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
      outDirGiven: false,
      scenariosDirs: [],
      quiet: false,
      json: false,
      paths: [],
      explore: false,
      runs: 200,
      timeLimitMs: 60_000,
      saveCorpus: false,
      checkDeterminism: false,
      mutantSeeds: "all",
      allowNoNetns: false,
      noCorpus: false,
    });
  });

  it("collects --scenarios-dir in order and marks an explicit --out", () => {
    const args = parseArgs(["--scenarios-dir", "a", "--scenarios-dir=b/c", "--out", "x"]);
    expect(args).toMatchObject({ scenariosDirs: ["a", "b/c"], outDir: "x", outDirGiven: true });
    expect(() => parseArgs(["--scenarios-dir", ""])).toThrow(UsageError);
  });

  it("reads the exploration options", () => {
    const args = parseArgs(["exec/", "--explore", "--runs", "50", "--time-limit-ms=2000", "--fc-seed", "9", "--save-corpus"]);
    expect(args).toMatchObject({ filters: ["exec/"], explore: true, runs: 50, timeLimitMs: 2000, fcSeed: 9, saveCorpus: true });
  });

  it("takes replay, merge and digests as the first word, with their paths", () => {
    expect(parseArgs(["replay", "r.json"])).toMatchObject({ command: "replay", paths: ["r.json"], filters: [] });
    expect(parseArgs(["merge", "a", "b", "--out", "m"])).toMatchObject({ command: "merge", paths: ["a", "b"], outDir: "m" });
    expect(parseArgs(["digests", "exec/", "--shard", "2/4"])).toMatchObject({ command: "digests", filters: ["exec/"], shard: { index: 2, count: 4 } });
    expect(parseArgs(["exec/", "replay"])).toMatchObject({ command: "run", filters: ["exec/", "replay"] });
  });

  it("reads a choice list (empty allowed), fault parameters and the mutant-seed mode", () => {
    expect(parseArgs(["--choices=3,0,1", "--params", '{"a":1}', "--mutant-seeds", "until-caught"])).toMatchObject({
      choices: [3, 0, 1],
      params: { a: 1 },
      mutantSeeds: "until-caught",
    });
    expect(parseArgs(["--choices="]).choices).toEqual([]);
  });

  it.each([
    [["replay"], "replay needs exactly one report"],
    [["replay", "a", "b"], "replay needs exactly one report"],
    [["merge"], "merge needs the shard output directories"],
    [["--shard", "5/4"], '--shard "5/4" is not i/n'],
    [["--shard", "0/4"], '--shard "0/4" is not i/n'],
    [["--runs", "0"], '--runs "0" is not a positive integer'],
    [["--mutant-seeds", "some"], '--mutant-seeds "some" is not all or until-caught'],
    [["--choices", "1,x"], "is not a comma-separated list"],
    [["--params", "{"], "--params is not JSON"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
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
