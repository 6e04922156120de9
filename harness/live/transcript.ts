/** A golden transcript: every message both ways, the client's actions, and how the server ended. */
import type { Json } from "../scenario/types.ts";

export type TranscriptEntry =
  | { readonly dir: "send"; readonly msg: Json; readonly tMs: number }
  | { readonly dir: "recv"; readonly msg: Json; readonly tMs: number }
  /** A client action that is not a message: `stdin-eof`, `sigterm`. */
  | { readonly dir: "action"; readonly action: string; readonly tMs: number }
  | { readonly dir: "exit"; readonly code: number | null; readonly signal: string | null; readonly tMs: number };

export interface Transcript {
  readonly caseId: string;
  readonly entries: readonly TranscriptEntry[];
  /** True when the case hit its deadline and the server was killed. */
  readonly timedOut: boolean;
  /** Lines that were not JSON (the real server never writes them; counted, not compared). */
  readonly malformedLines: number;
}

export function messagesOf(transcript: Transcript, dir: "send" | "recv"): Json[] {
  return transcript.entries.flatMap((e) => (e.dir === dir ? [e.msg] : []));
}

export function exitOf(transcript: Transcript): { code: number | null; signal: string | null } | undefined {
  const exit = transcript.entries.find((e) => e.dir === "exit");
  return exit?.dir === "exit" ? { code: exit.code, signal: exit.signal } : undefined;
}
