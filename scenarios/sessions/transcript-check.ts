/**
 * The transcript checker: every `session.write` event names a unique line id; at the end of a run
 * the scenario reads its transcript file(s) and the checker compares. A line written but absent
 * was lost (or overwritten); a line present twice was duplicated.
 */
import type { Check, CheckInput } from "../../harness/scenario/types.ts";

export interface LineCounts {
  readonly written: number;
  readonly present: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly lostIds: readonly string[];
  readonly duplicatedIds: readonly string[];
}

export function countLines(writtenIds: readonly string[], presentIds: readonly string[]): LineCounts {
  const present = new Map<string, number>();
  for (const id of presentIds) present.set(id, (present.get(id) ?? 0) + 1);
  const written = [...new Set(writtenIds)];
  const lostIds = written.filter((id) => !present.has(id));
  const duplicatedIds = [...present].filter(([, n]) => n > 1).map(([id]) => id);
  return { written: written.length, present: presentIds.length, lost: lostIds.length, duplicated: duplicatedIds.length, lostIds, duplicatedIds };
}

/** What a session scenario's outcome carries for the checker. */
export interface TranscriptOutcome {
  /** Line ids present in the transcript file(s) at the end, in file order. */
  readonly presentIds: readonly string[];
  readonly lines: LineCounts;
}

function writtenFromTrace(input: CheckInput<unknown>): string[] {
  return input.events("session.write").flatMap((r) => (typeof r.event["lineId"] === "string" ? [r.event["lineId"]] : []));
}

export function transcriptIntegrityCheck<O extends TranscriptOutcome>(): Check<O> {
  return {
    id: "safety:no-line-lost-or-duplicated",
    kind: "safety",
    description: "every transcript line written by anyone is in the file exactly once (none lost, duplicated or overwritten)",
    check(input) {
      const counts = countLines(writtenFromTrace(input), input.outcome.presentIds);
      const evidence = { ...counts, lostIds: [...counts.lostIds], duplicatedIds: [...counts.duplicatedIds] };
      if (counts.lost === 0 && counts.duplicated === 0) return { ok: true, evidence };
      const firstWrite = input.events("session.write").find((r) => counts.lostIds.includes(String(r.event["lineId"])));
      return {
        ok: false,
        message: `${counts.lost} line(s) lost [${counts.lostIds.join(", ")}], ${counts.duplicated} duplicated [${counts.duplicatedIds.join(", ")}] of ${counts.written} written`,
        ...(firstWrite === undefined ? {} : { atStep: firstWrite.step }),
        evidence,
      };
    },
  };
}
