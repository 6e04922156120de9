/**
 * The fake-codex transcript: one JSON line per protocol line in either direction, stderr output,
 * fault events and the exit, appended to the file named by FAKE_CODEX_TRANSCRIPT. Everything is
 * passed through secret redaction first (bearer tokens, sk- keys, api-key and token fields), so a
 * transcript can be attached to a report as is. The file is capped (FAKE_CODEX_TRANSCRIPT_MAX_BYTES,
 * default 16 MiB): the entry that would cross the cap is replaced by one
 * `{"dir":"truncated","maxBytes":N}` marker, later entries are counted, not written, and the exit
 * entry (with `droppedEntries`) is still written so a reader sees how the process ended.
 */
import { appendFileSync } from "node:fs";
import { redactSecrets } from "../../src/codex/redact.ts";
import type { Clock } from "../../src/runtime/clock.ts";

export type TranscriptEntry =
  | { readonly dir: "in" | "out"; readonly line: string }
  | { readonly dir: "err"; readonly text: string }
  | { readonly dir: "event"; readonly event: Readonly<Record<string, unknown>> }
  | { readonly dir: "start"; readonly pid: number; readonly argv: readonly string[]; readonly seed: number; readonly processIndex: number }
  | { readonly dir: "exit"; readonly code: number | null; readonly signal: string | null; readonly droppedEntries?: number }
  | { readonly dir: "truncated"; readonly maxBytes: number };

export const DEFAULT_TRANSCRIPT_MAX_BYTES = 16 * 1024 * 1024;

export interface Transcript {
  record(entry: TranscriptEntry): void;
}

export const noTranscript: Transcript = { record: () => {} };

export function fileTranscript(path: string, clock: Clock, maxBytes: number = DEFAULT_TRANSCRIPT_MAX_BYTES): Transcript {
  const startMs = clock.nowMs();
  let written = 0;
  let dropped = 0;
  const append = (entry: TranscriptEntry): void => {
    const line = `${redactSecrets(JSON.stringify({ tMs: clock.nowMs() - startMs, ...entry }))}\n`;
    try {
      appendFileSync(path, line);
      written += Buffer.byteLength(line);
    } catch {
      // A transcript that cannot be written must not take the fake server down.
    }
  };
  return {
    record(entry) {
      if (entry.dir === "exit") return append(dropped === 0 ? entry : { ...entry, droppedEntries: dropped });
      if (dropped > 0) {
        dropped++;
        return;
      }
      const size = Buffer.byteLength(JSON.stringify(entry)) + 32;
      if (written + size > maxBytes) {
        dropped = 1;
        return append({ dir: "truncated", maxBytes });
      }
      append(entry);
    },
  };
}
