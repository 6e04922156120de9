import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import type { FileSystem } from "../runtime/fs.ts";
import { createSessionTranscript, formatTranscriptLine, parseTranscriptIds } from "./transcript.ts";

/** Only readFile and writeFile, over a map; a missing file fails with ENOENT, as on disk. */
function memoryFs(files: Map<string, string>, readError?: NodeJS.ErrnoException): FileSystem {
  return {
    readFile: (p: string) => {
      if (readError !== undefined) return Promise.reject(readError);
      const text = files.get(p);
      return text === undefined ? Promise.reject(Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" })) : Promise.resolve(text);
    },
    writeFile: (p: string, c: string) => (files.set(p, c), Promise.resolve()),
  } as unknown as FileSystem;
}

describe("parseTranscriptIds", () => {
  it("reads line ids in file order and counts lines that are not transcript lines", () => {
    const text = [
      formatTranscriptLine({ id: "a", role: "user", text: "hi" }).trimEnd(),
      "not json",
      '{"id": 7}',
      "",
      "   ",
      formatTranscriptLine({ id: "b", role: "assistant", text: "hello" }).trimEnd(),
      "{",
    ].join("\n");
    expect(parseTranscriptIds(text)).toEqual({ ids: ["a", "b"], malformed: 3 });
    expect(parseTranscriptIds("")).toEqual({ ids: [], malformed: 0 });
  });
});

describe("createSessionTranscript", () => {
  const line = (id: string) => ({ id, role: "user" as const, text: `text ${id}` });

  it("treats a missing file as empty, rewrites the whole file per append and emits one write event each", async () => {
    const files = new Map<string, string>();
    const events: LifecycleEvent[] = [];
    const transcript = createSessionTranscript({ fs: memoryFs(files), sessionFile: "/s/t.jsonl", emit: (e) => events.push(e), writer: "r1" });
    await transcript.load();
    expect(transcript.lineCount()).toBe(0);
    await transcript.append(line("a"));
    await transcript.append(line("b"));
    expect(files.get("/s/t.jsonl")).toBe(formatTranscriptLine(line("a")) + formatTranscriptLine(line("b")));
    expect(transcript.lineCount()).toBe(2);
    expect(events).toEqual([
      { kind: "session.write", lineId: "a", writer: "r1", file: "t.jsonl", mode: "rewrite" },
      { kind: "session.write", lineId: "b", writer: "r1", file: "t.jsonl", mode: "rewrite" },
    ]);
  });

  it("starts from an empty transcript when appending without a load", async () => {
    const files = new Map<string, string>();
    const transcript = createSessionTranscript({ fs: memoryFs(files), sessionFile: "/s/t.jsonl", emit: () => {}, writer: "r1" });
    await transcript.append(line("a"));
    expect(files.get("/s/t.jsonl")).toBe(formatTranscriptLine(line("a")));
    expect(transcript.lineCount()).toBe(1);
  });

  it("counts the lines already on disk and keeps them on the next rewrite", async () => {
    const existing = formatTranscriptLine(line("old"));
    const files = new Map([["/s/t.jsonl", existing]]);
    const transcript = createSessionTranscript({ fs: memoryFs(files), sessionFile: "/s/t.jsonl", emit: () => {}, writer: "r1" });
    await transcript.load();
    expect(transcript.lineCount()).toBe(1);
    await transcript.append(line("new"));
    expect(parseTranscriptIds(files.get("/s/t.jsonl") ?? "").ids).toEqual(["old", "new"]);
  });

  it("propagates a read failure other than a missing file", async () => {
    const denied = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    const transcript = createSessionTranscript({ fs: memoryFs(new Map(), denied), sessionFile: "/s/t.jsonl", emit: () => {}, writer: "r1" });
    await expect(transcript.load()).rejects.toBe(denied);
  });
});
