import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CORPUS_DIR, corpusFileName, loadCorpus, saveCorpusEntry } from "./corpus.ts";
import { CORPUS_SCHEMA_VERSION, type CorpusEntry } from "./recipe.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "corpus-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry: CorpusEntry = {
  schemaVersion: CORPUS_SCHEMA_VERSION,
  note: "found by exploration",
  scenarioId: "exec/get-races",
  target: "mutant:no-gate",
  seed: 1,
  choices: [2, 1],
  schedule: [4, 7, 9],
  params: { disconnectAtMs: 3 },
  verdict: "fail",
  digest: "a".repeat(64),
  replayCommand: "pnpm scenarios exec/get-races --seed 1 --target mutant:no-gate --choices=2,1",
};

describe("the regression corpus", () => {
  it("saves an entry under its scenario and target and loads it back as a recipe", async () => {
    const path = await saveCorpusEntry(entry, dir);
    const loaded = await loadCorpus(dir);
    expect(path).toBe(join(dir, "exec__get-races.mutant_no-gate.json"));
    expect(loaded).toHaveLength(1);
    expect(loaded[0]?.recipe).toMatchObject({ scenarioId: "exec/get-races", target: "mutant:no-gate", choices: [2, 1], params: { disconnectAtMs: 3 } });
  });

  it("treats a missing directory as an empty corpus and names a broken entry", async () => {
    expect(await loadCorpus(join(dir, "nope"))).toEqual([]);
    await writeFile(join(dir, "broken.json"), "{");
    await expect(loadCorpus(dir)).rejects.toThrow(/broken\.json: not a readable JSON corpus entry/);
  });

  it("holds only valid entries in the committed corpus", async () => {
    const committed = await loadCorpus(CORPUS_DIR);
    expect(committed.map((e) => corpusFileName(e.recipe))).toEqual(committed.map((e) => e.file.split("/").pop()));
    expect(committed.length).toBeGreaterThanOrEqual(2);
  });
});
