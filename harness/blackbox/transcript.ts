/**
 * Reading a fake-codex transcript (one JSON object per line: `{tMs, dir}` with dir `start`, `in`,
 * `out`, `err`, `event`, `exit`): the protocol methods each way, the fake's trace events, the exits.
 */

export interface TranscriptView {
  /** Methods of the protocol lines in one direction (`in` = client → fake), in order. */
  methods(dir: "in" | "out"): string[];
  /** The fake's trace events of one kind (e.g. `appserver.fault`). */
  events(kind: string): Array<Readonly<Record<string, unknown>>>;
  /** How each fake-codex process of the run ended. */
  exits(): Array<{ readonly code: number | null; readonly signal: string | null }>;
  /** How many fake-codex processes started. */
  starts(): number;
}

type Entry = Readonly<Record<string, unknown>>;

function isEntry(value: unknown): value is Entry {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function methodOf(line: unknown): string | undefined {
  if (typeof line !== "string") return undefined;
  try {
    const message: unknown = JSON.parse(line);
    return isEntry(message) && typeof message["method"] === "string" ? message["method"] : undefined;
  } catch {
    return undefined;
  }
}

export function viewTranscript(transcript: readonly unknown[]): TranscriptView {
  const entries = transcript.filter(isEntry);
  return {
    methods: (dir) => entries.filter((e) => e["dir"] === dir).flatMap((e) => methodOf(e["line"]) ?? []),
    events: (kind) => entries.flatMap((e) => (e["dir"] === "event" && isEntry(e["event"]) && e["event"]["kind"] === kind ? [e["event"]] : [])),
    exits: () =>
      entries
        .filter((e) => e["dir"] === "exit")
        .map((e) => ({ code: typeof e["code"] === "number" ? e["code"] : null, signal: typeof e["signal"] === "string" ? e["signal"] : null })),
    starts: () => entries.filter((e) => e["dir"] === "start").length,
  };
}
