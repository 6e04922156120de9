import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRealClock } from "../../src/runtime/real-clock.ts";
import { fileTranscript } from "./transcript.ts";

const dir = mkdtempSync(join(tmpdir(), "transcript-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fileTranscript size cap", () => {
  it("writes entries up to the cap, then one truncated marker, and still the exit with the dropped count", () => {
    const path = join(dir, "t.jsonl");
    const t = fileTranscript(path, createRealClock(), 1_000);
    for (let i = 0; i < 50; i++) t.record({ dir: "out", line: `{"method":"item/agentMessage/delta","n":${i}}` });
    t.record({ dir: "exit", code: 0, signal: null });
    const text = readFileSync(path, "utf8");
    expect(Buffer.byteLength(text)).toBeLessThan(1_200);
    const entries = text.trim().split("\n").map((l) => JSON.parse(l) as { dir: string; droppedEntries?: number; maxBytes?: number });
    const marker = entries.findIndex((e) => e.dir === "truncated");
    expect(marker).toBeGreaterThan(0);
    expect(entries[marker]).toMatchObject({ maxBytes: 1_000 });
    expect(entries.at(-1)).toMatchObject({ dir: "exit", code: 0 });
    expect(entries.filter((e) => e.dir === "out").length + (entries.at(-1)?.droppedEntries ?? 0)).toBe(50);
  });
});
