/**
 * The fake-codex transcript: one JSON line per protocol line in either direction, stderr output,
 * fault events and the exit, appended to the file named by FAKE_CODEX_TRANSCRIPT. Everything is
 * passed through secret redaction first (bearer tokens, sk- keys, api-key and token fields), so a
 * transcript can be attached to a report as is.
 */
import { appendFileSync } from "node:fs";
import { redactSecrets } from "../../src/codex/redact.ts";
import type { Clock } from "../../src/runtime/clock.ts";

export type TranscriptEntry =
  | { readonly dir: "in" | "out"; readonly line: string }
  | { readonly dir: "err"; readonly text: string }
  | { readonly dir: "event"; readonly event: Readonly<Record<string, unknown>> }
  | { readonly dir: "start"; readonly pid: number; readonly argv: readonly string[]; readonly seed: number; readonly processIndex: number }
  | { readonly dir: "exit"; readonly code: number | null; readonly signal: string | null };

export interface Transcript {
  record(entry: TranscriptEntry): void;
}

export const noTranscript: Transcript = { record: () => {} };

export function fileTranscript(path: string, clock: Clock): Transcript {
  const startMs = clock.nowMs();
  return {
    record(entry) {
      const line = redactSecrets(JSON.stringify({ tMs: clock.nowMs() - startMs, ...entry }));
      try {
        appendFileSync(path, `${line}\n`);
      } catch {
        // A transcript that cannot be written must not take the fake server down.
      }
    },
  };
}
