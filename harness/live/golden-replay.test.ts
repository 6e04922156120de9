/**
 * Keeps the fake faithful in CI without the 400 MB binary: every committed golden transcript of
 * the real codex is replayed — same client, same model script — into the in-process fake, and the
 * normalized transcripts are diffed.
 */
import { describe, expect, it } from "vitest";
import { compareTranscripts } from "./fidelity.ts";
import { GOLDEN_CASES } from "./golden-cases.ts";
import { goldenFilePath, readGoldenFile } from "./golden-file.ts";
import { KNOWN_FAKE_GAPS } from "./known-fake-gaps.ts";
import { normalizeTranscript } from "./normalize.ts";
import { runGoldenOnFake } from "./run-fake.ts";

describe.each(GOLDEN_CASES.map((c) => [c.id, c] as const))("golden case %s", (id, golden) => {
  it("was recorded from the real binary with this case's model script and action", () => {
    const file = readGoldenFile(goldenFilePath(id));
    expect(file.codexVersion).toBe("0.169.0");
    expect(file.case).toEqual(golden);
    expect(file.transcript.timedOut).toBe(false);
  });

  it("replays into the fake with exactly the known differences", async () => {
    // Arrange
    const real = readGoldenFile(goldenFilePath(id)).transcript;
    // Act
    const fake = await runGoldenOnFake({ golden, seed: 1 });
    const report = compareTranscripts({ expected: normalizeTranscript(real), actual: normalizeTranscript(fake), expectedLabel: "codex 0.169.0", actualLabel: "fake" });
    // Assert
    expect(
      report.differences.map((d) => d.detail),
      "the fake's differences from the real codex changed: fix the fake, or (when it got better) shrink harness/live/known-fake-gaps.ts",
    ).toEqual(KNOWN_FAKE_GAPS[id] ?? []);
  });

  it("gives the same fake transcript on every seed (the client's view does not depend on interleaving)", async () => {
    const reference = normalizeTranscript(await runGoldenOnFake({ golden, seed: 1 }));
    for (const seed of [2, 3, 4]) {
      const other = normalizeTranscript(await runGoldenOnFake({ golden, seed }));
      const report = compareTranscripts({ expected: reference, actual: other, expectedLabel: "seed 1", actualLabel: `seed ${seed}` });
      expect(report.differences.map((d) => d.detail)).toEqual([]);
    }
  });
});
