import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { calibrateOnce, type Calibration } from "../runner/deadline-scale.ts";
import { main } from "./main.ts";

const fixedCalibration = (scale: number) => (explicit: { scale: number; from: Calibration["explicitFrom"] }): Promise<Calibration> =>
  Promise.resolve({ fakeStartMs: [400], medianMs: 400 * scale, referenceMs: 400, calibratedScale: scale, explicitScale: explicit.scale, explicitFrom: explicit.from, effectiveScale: Math.max(scale, explicit.scale), loadAverage: [0, 0, 0] });

/** `scale` fixes the calibration; without it the machine is measured once, as the CLI does. */
async function cli(argv: string[], scale?: number): Promise<{ code: number; text: string }> {
  let text = "";
  const code = await main(argv, (t) => (text += t), { calibrate: scale === undefined ? (e) => calibrateOnce().then((c) => ({ ...c, explicitScale: e.scale, explicitFrom: e.from, effectiveScale: Math.max(c.calibratedScale, e.scale) })) : fixedCalibration(scale) });
  return { code, text };
}

const CODEX = "codex app-server </dev/null >/dev/null";

describe("the black-box CLI on a real client's needs", () => {
  it("runs the client in --cwd, keeps the full transcript in --transcript, and lists faults fired and methods called", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clp-bb-cli-"));
    try {
      const transcript = join(dir, "t.jsonl");
      const script = '{"rules":[{"id":"bye","when":{"method":"initialize"},"action":{"kind":"exit","code":0}}]}';
      const init = `printf '%s\\n' '{"id":1,"method":"initialize","params":{"clientInfo":{"name":"c","version":"1"}}}' | codex app-server >/dev/null; pwd`;
      const { code, text } = await cli(["--cwd", dir, "--transcript", transcript, "--script", script, "--expect-output", `^${dir}$`, "--", "sh", "-c", init]);

      expect(code, text).toBe(0);
      expect(text).toContain("faults fired: bye ×1");
      expect(text).toContain("methods the client called: initialize");
      expect(text).toContain(`transcript: ${transcript}`);
      const lines = readFileSync(transcript, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { dir: string });
      expect(lines.map((l) => l.dir)).toEqual(expect.arrayContaining(["start", "in", "event", "exit"]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("reports temp dirs and unix sockets the client left in its TMPDIR", async () => {
    const leave = `${CODEX}; mkdir "$TMPDIR/client-work"; node -e 'const s=require("net").createServer().listen(process.env.TMPDIR+"/broker.sock",()=>process.exit(0))'`;
    const { code, text } = await cli(["--json", "--", "sh", "-c", leave]);
    const report = JSON.parse(text) as { evidence: { tempLeftovers?: string[] } };

    expect(code, text).toBe(0);
    expect(report.evidence.tempLeftovers).toEqual(["socket broker.sock", "dir client-work"].sort((a, b) => (a.split(" ")[1]! < b.split(" ")[1]! ? -1 : 1)));
  }, 60_000);

  it("gives the client's process tree --grace-ms to exit before calling what is left a leftover", async () => {
    // Scale fixed at 1: the grace is what is under test (a loaded machine multiplies it too).
    const slowHelper = `${CODEX}; (sleep 1.5 &) ; exit 0`;
    const strict = await cli(["--grace-ms", "200", "--", "sh", "-c", slowHelper], 1);
    const patient = await cli(["--grace-ms", "4000", "--", "sh", "-c", slowHelper], 1);

    expect(strict.code, strict.text).toBe(1);
    expect(strict.text).toContain("FAIL safety:no-leftover-processes");
    expect(patient.code, patient.text).toBe(0);
  }, 60_000);

  it("multiplies the deadline by the calibrated scale on a slow machine, and by --deadline-scale", async () => {
    const slow = await cli(["--json", "--deadline-ms", "1000", "--", "sh", "-c", CODEX], 3);
    expect((JSON.parse(slow.text) as { deadline: { ms: number; scale: number } }).deadline).toMatchObject({ ms: 3000, scale: 3 });
    const flagged = await cli(["--json", "--deadline-ms", "1000", "--deadline-scale", "5", "--", "sh", "-c", CODEX], 1);
    expect((JSON.parse(flagged.text) as { deadline: { ms: number; scale: number } }).deadline).toMatchObject({ ms: 5000, scale: 5 });
    await expect(cli(["--deadline-scale", "0.5", "--", "true"])).rejects.toThrow("--deadline-scale: expected a number from 1 to 100");
  }, 60_000);

  it("still judges a client that never exits a hang under a widened deadline", async () => {
    const { code } = await cli(["--deadline-ms", "150", "--", "sh", "-c", `${CODEX}; sleep 30`], 2);
    expect(code).toBe(3);
  }, 60_000);
});



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
