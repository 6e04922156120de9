import { describe, expect, it } from "vitest";
import { ExecUsageError, parseExecArgs } from "./args.ts";

describe("parseExecArgs", () => {
  it("reads the command line the Codex SDK builds, resume and images included", () => {
    const args = parseExecArgs([
      "--experimental-json", "--config", 'approval_policy="never"', "--model", "gpt-5.5", "--thread-source", "sdk",
      "--sandbox", "read-only", "--cd", "/w", "--skip-git-repo-check", "--output-schema", "/tmp/s.json",
      "resume", "01a233f3-37ad-7a73-aeae-5168e41cb904", "--image", "a.png,b.png", "-i", "c.png",
    ]);
    expect(args).toMatchObject({
      json: true, model: "gpt-5.5", sandbox: "read-only", cd: "/w", skipGitRepoCheck: true, outputSchema: "/tmp/s.json",
      config: ['approval_policy="never"'], resume: "01a233f3-37ad-7a73-aeae-5168e41cb904", images: ["a.png", "b.png", "c.png"],
    });
    expect(args.prompt).toBeUndefined();
  });

  it("takes a prompt argument and -C / --color", () => {
    expect(parseExecArgs(["--json", "-C", "/x", "--color", "never", "fix it"])).toMatchObject({ json: true, cd: "/x", color: "never", prompt: "fix it" });
  });

  it("rejects unknown flags, bad values and missing values as clap does (exit 2 messages)", () => {
    expect(() => parseExecArgs(["--frobnicate"])).toThrow(/unexpected argument '--frobnicate' found/);
    expect(() => parseExecArgs(["--sandbox", "yolo"])).toThrow(/invalid value 'yolo' for '--sandbox <SANDBOX_MODE>'/);
    expect(() => parseExecArgs(["--model"])).toThrow(ExecUsageError);
    expect(() => parseExecArgs(["-c", "novalue"])).toThrow(/expected key=value/);
    expect(() => parseExecArgs(["one", "two"])).toThrow(/unexpected argument 'two'/);
  });
});
