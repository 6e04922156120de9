import { describe, expect, it } from "vitest";
import { EXEC_GOLDEN_CASES } from "./exec-golden-cases.ts";
import { readExecGolden } from "./exec-golden-scenario.ts";
import { diffJson, normalizeExecTranscript, runExecGoldenOnFake } from "./exec-golden.ts";

describe("exec golden transcripts of the real codex 0.169.0, replayed into the fake", () => {
  for (const golden of EXEC_GOLDEN_CASES) {
    it(`the fake writes what the real binary wrote: ${golden.id}`, async () => {
      const recorded = readExecGolden(golden.id);
      expect(recorded.codexVersion).toBe("0.169.0");
      const fake = normalizeExecTranscript(await runExecGoldenOnFake({ golden, seed: 7 }));
      expect(diffJson(recorded.normalized, fake)).toEqual([]);
    });
  }

  it("a difference is reported with its path", () => {
    expect(diffJson([{ exit: { code: 0 } }], [{ exit: { code: 1 } }])).toEqual(["[0].exit.code: expected 0, got 1"]);
    expect(diffJson({ events: [1] }, { events: [1, 2] })).toEqual(["[1]: unexpected 2".replace("[1]", ".events[1]")]);
  });
});
