import { describe, expect, it } from "vitest";
import { main } from "./main.ts";

async function cli(argv: string[]): Promise<{ code: number; text: string }> {
  let text = "";
  const code = await main(argv, (t) => (text += t));
  return { code, text };
}

describe("the black-box CLI", () => {
  it("exits 0 and prints PASS for a client that meets its expectations", async () => {
    const { code, text } = await cli(["--expect-exit", "3", "--expect-output", "^bye$", "--", "sh", "-c", "echo bye; exit 3"]);

    expect(code).toBe(0);
    expect(text).toMatch(/^PASS {2}sh -c echo bye; exit 3 {2}\(exit 3, signal null,/);
  });

  it("exits 1 and names the failed check when the exit code differs", async () => {
    const { code, text } = await cli(["--expect-exit", "0", "--", "sh", "-c", "exit 4"]);

    expect(code).toBe(1);
    expect(text).toContain("FAIL safety:client-exit-code-0: exit code 4 (signal null), expected 0");
  });

  it("exits 3 for a client still running at its deadline", async () => {
    const { code, text } = await cli(["--deadline-ms", "300", "--json", "--", "sh", "-c", "sleep 20"]);
    const report = JSON.parse(text) as { verdict: string; evidence: { timedOut: boolean; leftovers: unknown[] } };

    expect(code).toBe(3);
    expect(report.verdict).toBe("hang");
    expect(report.evidence).toMatchObject({ timedOut: true, leftovers: [] });
  });

  it("rejects a malformed expectation before running anything", async () => {
    await expect(cli(["--expect-exit", "often", "--", "true"])).rejects.toThrow('--expect-exit "often" is not a code or "nonzero"');
  });
});
