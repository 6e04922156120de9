import { describe, expect, it } from "vitest";
import { main } from "./main.ts";

async function cli(argv: string[]): Promise<{ code: number; text: string }> {
  let text = "";
  const code = await main(argv, (t) => (text += t));
  return { code, text };
}

describe("the black-box CLI", () => {
  it("exits 0 and prints PASS for a client that meets its expectations", async () => {
    const { code, text } = await cli(["--expect-exit", "3", "--expect-output", "^bye$", "--", "sh", "-c", "codex app-server </dev/null >/dev/null; echo bye; exit 3"]);

    expect(code, text).toBe(0);
    expect(text).toMatch(/^PASS {2}sh -c codex app-server <\/dev\/null >\/dev\/null; echo bye; exit 3 {2}\(exit 3, signal null,/);
  });

  it("exits 1 and names the failed check when the exit code differs", async () => {
    const { code, text } = await cli(["--expect-exit", "0", "--", "sh", "-c", "codex app-server </dev/null >/dev/null; exit 4"]);

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

  it("rejects a --script with a typo before the client starts, with the fake's own one-line message", async () => {
    const typo = '{"rules":[{"when":{"turn":0,"afterNotifcation":6},"action":{"kind":"exit","code":0}}]}';
    await expect(cli(["--script", typo, "--expect-exit", "nonzero", "--", "sh", "-c", "touch started; exit 1"])).rejects.toThrow(
      /^fake-codex: --script \(inline JSON\): rules\[0\]\.when\.afterNotifcation: expected no such field/,
    );
  });

  it("judges a run whose fake codex never started unknown (exit 5), however the client exited", async () => {
    const { code, text } = await cli(["--expect-exit", "nonzero", "--", "sh", "-c", "echo 'app-server closed before answering initialize' >&2; exit 1"]);

    expect(code).toBe(5);
    expect(text).toMatch(/^UNKNOWN /);
    expect(text).toContain("the fake codex never started");
  });

  it("judges a run whose script rule never fired unknown (exit 5), naming the rule", async () => {
    const never = '{"rules":[{"id":"exit-late","when":{"turn":0,"afterNotification":600},"action":{"kind":"exit","code":0}}]}';
    const { code, text } = await cli(["--script", never, "--deadline-ms", "30000", "--", process.execPath, "--import", "tsx", "src/cli/run-turn.ts", "hi"]);

    expect(code, text).toBe(5);
    expect(text).toContain("fault rule never fired: exit-late");
  }, 60_000);

  it("rejects a malformed expectation before running anything", async () => {
    await expect(cli(["--expect-exit", "often", "--", "true"])).rejects.toThrow('--expect-exit "often" is not a code or "nonzero"');
  });
});
