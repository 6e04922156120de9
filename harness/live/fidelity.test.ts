import { describe, expect, it } from "vitest";
import type { Json } from "../scenario/types.ts";
import { compareTranscripts } from "./fidelity.ts";
import { goldenFilePath, readGoldenFile } from "./golden-file.ts";
import { normalizeText, normalizeTranscript } from "./normalize.ts";
import type { Transcript, TranscriptEntry } from "./transcript.ts";

const golden = (id: string): Transcript => readGoldenFile(goldenFilePath(id)).transcript;

function compare(expected: Transcript, actual: Transcript) {
  return compareTranscripts({
    expected: normalizeTranscript(expected),
    actual: normalizeTranscript(actual),
    expectedLabel: "real",
    actualLabel: "candidate",
  });
}

function withEntries(t: Transcript, entries: TranscriptEntry[]): Transcript {
  return { ...t, entries };
}

describe("compareTranscripts", () => {
  it("finds no difference between a golden transcript and itself", () => {
    // Arrange
    const t = golden("success");
    // Act
    const report = compare(t, t);
    // Assert
    expect(report.differences).toEqual([]);
    expect(report.compared.received).toBeGreaterThan(10);
  });

  it("matches two runs whose thread, turn and item ids differ", () => {
    const t = golden("success");
    const renamed = JSON.parse(JSON.stringify(t).replace(/01a1fd[0-9a-f-]{30}/g, (id) => `ffff${id.slice(4)}`).replace(/msg_1/g, "item-x")) as Transcript;
    expect(JSON.stringify(renamed)).not.toEqual(JSON.stringify(t));
    expect(compare(t, renamed).differences).toEqual([]);
  });

  it("reports a terminal turn/completed after stdin EOF as exactly one extra message", () => {
    // Arrange: the plugin fixture's infidelity, a turn/completed the real server never sends on EOF
    const t = golden("stdin-eof-mid-turn");
    const exitAt = t.entries.findIndex((e) => e.dir === "exit");
    const bogus: TranscriptEntry = { dir: "recv", tMs: 0, msg: { method: "turn/completed", params: { threadId: "t", turn: { id: "u", status: "completed" } } } };
    const mutated = withEntries(t, [...t.entries.slice(0, exitAt), bogus, ...t.entries.slice(exitAt)]);
    // Act
    const report = compare(t, mutated);
    // Assert
    expect(report.differences).toHaveLength(1);
    expect(report.differences[0]).toMatchObject({ kind: "extra", method: "turn/completed", stream: "received" });
  });

  it("reports a missing message and a changed key field with its path", () => {
    // Arrange: drop thread/status/changed systemError and flip willRetry on the error
    const t = golden("auth-401");
    const entries = t.entries
      .filter((e) => !(e.dir === "recv" && JSON.stringify(e.msg).includes('"systemError"')))
      .map((e): TranscriptEntry => {
        if (e.dir !== "recv" || (e.msg as { method?: Json }).method !== "error") return e;
        const msg = e.msg as { params: Record<string, Json> };
        return { ...e, msg: { ...msg, params: { ...msg.params, willRetry: true } } };
      });
    // Act
    const report = compare(t, withEntries(t, entries));
    // Assert
    expect(report.differences.map((d) => d.kind).sort()).toEqual(["field", "missing"]);
    expect(report.differences).toContainEqual(expect.objectContaining({ kind: "field", method: "error", path: "willRetry", expected: false, actual: true }));
    expect(report.differences).toContainEqual(expect.objectContaining({ kind: "missing", method: "thread/status/changed" }));
  });

  it("compares a different exit code as a field of the exit", () => {
    const t = golden("sigterm-mid-turn");
    const entries = t.entries.map((e): TranscriptEntry => (e.dir === "exit" ? { ...e, code: null, signal: "SIGTERM" } : e));
    const report = compare(t, withEntries(t, entries));
    expect(report.differences.map((d) => d.detail)).toEqual([
      'received[10] exit.code: expected 0, got null',
      'received[10] exit.signal: expected null, got "SIGTERM"',
    ]);
  });

  it("compares ambient notifications by count and ignores host-dependent configWarning", () => {
    const t = golden("success");
    const noAmbient = withEntries(
      t,
      t.entries.filter((e) => !(e.dir === "recv" && /remoteControl|configWarning/.test(JSON.stringify(e.msg)))),
    );
    const report = compare(t, noAmbient);
    expect(report.differences).toEqual([expect.objectContaining({ kind: "ambient", method: "remoteControl/status/changed", expected: 1, actual: 0 })]);
  });

  it("reports a run that timed out", () => {
    const t = golden("interrupt");
    const report = compare(t, { ...t, timedOut: true });
    expect(report.differences).toEqual([expect.objectContaining({ kind: "timeout", side: "actual" })]);
  });
});

describe("normalizeText", () => {
  it("replaces loopback ports and temp paths", () => {
    expect(normalizeText("url: http://127.0.0.1:35229/v1/responses in /tmp/x/home/sessions", ["/tmp/x/home"])).toBe(
      "url: http://127.0.0.1:<port>/v1/responses in <tmp>/sessions",
    );
  });
});
