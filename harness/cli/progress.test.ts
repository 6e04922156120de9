import { afterEach, describe, expect, it } from "vitest";
import { progressEnabled } from "./progress.ts";

const argv = process.argv;
const env = process.env["CLP_PROGRESS"];
afterEach(() => {
  process.argv = argv;
  if (env === undefined) delete process.env["CLP_PROGRESS"];
  else process.env["CLP_PROGRESS"] = env;
});

function enabled(args: readonly string[], clpProgress: string | undefined): boolean {
  process.argv = ["node", "entry.ts", ...args];
  if (clpProgress === undefined) delete process.env["CLP_PROGRESS"];
  else process.env["CLP_PROGRESS"] = clpProgress;
  return progressEnabled();
}

describe("start-up progress", () => {
  it("prints with CLP_PROGRESS=1 even on a --quiet run (the bench times a quiet run's first line)", () => {
    expect(enabled(["--quiet"], "1")).toBe(true);
    expect(enabled(["-q", "sessions/"], "1")).toBe(true);
  });

  it("stays silent for --help, and for --quiet without CLP_PROGRESS", () => {
    expect(enabled(["--help"], "1")).toBe(false);
    expect(enabled(["--quiet"], undefined)).toBe(false);
    expect(enabled(["--quiet"], "0")).toBe(false);
  });
});
