/**
 * A session transcript kept in memory and persisted by rewriting the whole JSONL file, the way a
 * session manager rewrites its file. Rewriting is what makes an unfenced stale writer dangerous:
 * it would overwrite lines others appended since it loaded.
 */
import { basename } from "node:path";
import type { EventSink } from "../runtime/events.ts";
import { fsErrorCode, type FileSystem } from "../runtime/fs.ts";

export interface TranscriptLine {
  /** Unique per write; the transcript checker counts lines by it. */
  readonly id: string;
  readonly role: "user" | "assistant" | "system" | "external";
  readonly text: string;
}

export function formatTranscriptLine(line: TranscriptLine): string {
  return `${JSON.stringify({ id: line.id, role: line.role, text: line.text })}\n`;
}

/** Line ids in file order, plus how many lines were not transcript lines. */
export function parseTranscriptIds(text: string): { readonly ids: readonly string[]; readonly malformed: number } {
  const ids: string[] = [];
  let malformed = 0;
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    try {
      const value = JSON.parse(raw) as { id?: unknown };
      if (typeof value.id === "string") ids.push(value.id);
      else malformed++;
    } catch {
      malformed++;
    }
  }
  return { ids, malformed };
}

export interface SessionTranscript {
  /** Reads the file (missing = empty) into memory. */
  load(): Promise<void>;
  /** Adds a line in memory and rewrites the file; emits `session.write` once it is on disk. */
  append(line: TranscriptLine): Promise<void>;
  lineCount(): number;
}

export function createSessionTranscript(options: {
  readonly fs: FileSystem;
  readonly sessionFile: string;
  readonly emit: EventSink;
  readonly writer: string;
}): SessionTranscript {
  const { fs, sessionFile, emit, writer } = options;
  let content = "";
  let lines = 0;
  return {
    async load() {
      try {
        content = await fs.readFile(sessionFile);
      } catch (error) {
        if (fsErrorCode(error) !== "ENOENT") throw error;
        content = "";
      }
      lines = parseTranscriptIds(content).ids.length;
    },
    async append(line) {
      const next = content + formatTranscriptLine(line);
      await fs.writeFile(sessionFile, next);
      content = next;
      lines++;
      emit({ kind: "session.write", lineId: line.id, writer, file: basename(sessionFile), mode: "rewrite" });
    },
    lineCount: () => lines,
  };
}
