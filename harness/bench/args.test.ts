import { describe, expect, it } from "vitest";
import { BenchUsageError, parseBenchArgs } from "./args.ts";

describe("pnpm bench arguments", () => {
  it("defaults to 5 repeats, 3 of the costly suite and 10 s deadline runs, and the upstream 10 s deadline", () => {
    const plan = parseBenchArgs([]);
    expect(plan).toMatchObject({ repeats: 5, suiteRepeats: 3, wallClockRepeats: 3, exploreRuns: 500, deadlineMs: 10_000 });
    expect(plan.outDir).toMatch(/reports\/out$/);
  });

  it("makes --quick a short smoke run and honours --repeats and --out", () => {
    expect(parseBenchArgs(["--quick"])).toMatchObject({ repeats: 2, suiteRepeats: 1, wallClockRepeats: 1, exploreRuns: 20, deadlineMs: 2_000 });
    expect(parseBenchArgs(["--repeats", "2", "--out", "/tmp/x"])).toMatchObject({ repeats: 2, suiteRepeats: 2, outDir: "/tmp/x" });
  });

  it("selects figures with --only and names the known ones when one is unknown", () => {
    expect(parseBenchArgs(["--only", "fake-vs-real,cli"]).only).toEqual(["fake-vs-real", "cli"]);
    expect(parseBenchArgs([]).only).toBeUndefined();
    expect(() => parseBenchArgs(["--only", "nope"])).toThrow(/unknown figure "nope" \(known: cli, suite, .*fake-vs-real\)/);
  });

  it("rejects unknown arguments and bad repeat counts with one readable message", () => {
    expect(() => parseBenchArgs(["--fast"])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(["--repeats", "0"])).toThrow(/--repeats "0" is not an integer in 1\.\.100/);
    expect(() => parseBenchArgs(["--out"])).toThrow(/--out needs a value/);
  });
});
