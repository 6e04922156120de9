/** Checks shared by the session scenarios. They only read the outcome and the trace. */
import type { Check, TraceRecord } from "../../harness/scenario/types.ts";

export function noTakeoverCheck<O>(): Check<O> {
  return {
    id: "safety:zero-takeovers",
    kind: "safety",
    description: "no attempt sees its transcript changed by another writer while its lock was released",
    check(input) {
      const takeovers = input.events("session.takeover");
      const first = takeovers[0];
      if (first === undefined) return { ok: true, evidence: { takeovers: 0 } };
      return {
        ok: false,
        message: `${takeovers.length} takeover(s); first: ${String(first.event["owner"])} at ${String(first.event["phase"])} (${String(first.event["detail"])})`,
        atStep: first.step,
        evidence: { takeovers: takeovers.length, owners: takeovers.map((r) => String(r.event["owner"])) },
      };
    },
  };
}

/** The trace steps an attempt spans: from its preparation lock to its end. */
function attemptSpan(trace: readonly TraceRecord[], runId: string): { start: number; end: number } | undefined {
  const start = trace.find((r) => r.event.kind === "session.lock.acquire" && r.event["label"] === `${runId}:prep`);
  const end = trace.find((r) => r.event.kind === "attempt.end" && r.event["runId"] === runId);
  return start === undefined || end === undefined ? undefined : { start: start.step, end: end.step };
}

/** Attempts on one physical transcript never overlap: each group's attempts run one after another. */
export function attemptsSerializedCheck<O extends { readonly sameFileGroups: readonly (readonly string[])[] }>(): Check<O> {
  return {
    id: "safety:same-file-attempts-serialized",
    kind: "safety",
    description: "whole attempts on one physical transcript (whatever path reaches it) never overlap",
    check({ outcome, trace }) {
      for (const group of outcome.sameFileGroups) {
        const spans = group.map((runId) => ({ runId, span: attemptSpan(trace, runId) }));
        for (let i = 0; i < spans.length; i++) {
          for (let j = i + 1; j < spans.length; j++) {
            const a = spans[i];
            const b = spans[j];
            if (a?.span === undefined || b?.span === undefined) continue;
            if (a.span.start < b.span.end && b.span.start < a.span.end) {
              return {
                ok: false,
                message: `attempts ${a.runId} and ${b.runId} overlapped on one transcript (steps ${a.span.start}-${a.span.end} and ${b.span.start}-${b.span.end})`,
                atStep: Math.max(a.span.start, b.span.start),
                evidence: { overlapping: [a.runId, b.runId] },
              };
            }
          }
        }
      }
      return { ok: true, evidence: { groups: outcome.sameFileGroups.length } };
    },
  };
}

/** Every attempt ran to completion (no takeover, no failure). */
export function attemptsCompletedCheck<O extends { readonly results: readonly { readonly runId: string; readonly status: string }[] }>(): Check<O> {
  return {
    id: "liveness:attempts-complete",
    kind: "liveness",
    description: "every attempt completes its turn",
    check({ outcome }) {
      const bad = outcome.results.filter((r) => r.status !== "completed");
      if (bad.length === 0) return { ok: true, evidence: { completed: outcome.results.length } };
      return { ok: false, message: `${bad.length} attempt(s) did not complete: ${bad.map((r) => `${r.runId}=${r.status}`).join(", ")}` };
    },
  };
}
