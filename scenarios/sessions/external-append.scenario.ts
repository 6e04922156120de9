/**
 * Another process appends to the transcript while the attempt's lock is released for the model
 * call. When the attempt takes the lock back, the file no longer matches its fence: the attempt
 * reports a takeover, cleanup writes nothing, and the foreign line survives. Without the fence
 * the attempt rewrites the file from its stale copy and the foreign line is lost.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { sleep } from "../../src/runtime/clock.ts";
import type { AttemptResult } from "../../src/sessions/index.ts";
import { noFence } from "./mutants.ts";
import { countLines, transcriptIntegrityCheck, type LineCounts } from "./transcript-check.ts";
import { buildSessionWorld, sessionsImpl, type SessionsImpl } from "./world.ts";

interface Outcome {
  readonly results: readonly AttemptResult[];
  readonly cleanup: { readonly noop: boolean; readonly wrote: boolean } | null;
  readonly presentIds: readonly string[];
  readonly lines: LineCounts;
}

const EXTERNAL_LINE = "external:1";

export default defineScenario<SessionsImpl, Outcome>({
  id: "sessions/external-append-takeover",
  title: "an external append while the lock is released is detected as a takeover and never overwritten",
  behavior:
    "#82891: releaseForPrompt records the transcript fence; a mismatch on reacquire marks a takeover, " +
    "later writes throw and cleanup is a no-op, so the loser never writes over the winner",
  lane: "deterministic",
  seeds: [1, 2, 3],
  impl: sessionsImpl,
  async run(ctx, impl) {
    const world = buildSessionWorld(ctx, impl);
    const root = await ctx.tempDir("sessions-external");
    const file = `${root}/session.jsonl`;
    const attempt = world.attempt({ runId: "turn", sessionId: "s", sessionKey: "agent:main:main", sessionFile: file, modelMs: 500 });
    await sleep(ctx.clock, 100, { label: "external writer" });
    if (world.seen.some((e) => e.kind === "session.prompt.release") && world.locks.heldPaths().length === 0) {
      ctx.probe("sessions.external-append-during-release");
    }
    await world.externalAppend(file, EXTERNAL_LINE);
    const result = await attempt;
    const cleanupEvent = world.seen.find((e) => e.kind === "session.cleanup" && e["runId"] === "turn");
    const cleanup = cleanupEvent === undefined ? null : { noop: cleanupEvent["noop"] === true, wrote: cleanupEvent["wrote"] === true };
    const presentIds = await world.readIds(file);
    return { results: [result], cleanup, presentIds, lines: countLines(world.written, presentIds) };
  },
  summarize: (o) => ({
    results: o.results.map((r) => ({ runId: r.runId, status: r.status, errorName: r.errorName ?? null, linesWritten: [...r.linesWritten] })),
    cleanup: o.cleanup,
    presentIds: [...o.presentIds],
    lines: { written: o.lines.written, present: o.lines.present, lost: o.lines.lost, duplicated: o.lines.duplicated, lostIds: [...o.lines.lostIds] },
  }),
  checks: [
    transcriptIntegrityCheck<Outcome>(),
    {
      id: "safety:takeover-detected",
      kind: "safety",
      description: "the attempt reports the foreign change as a takeover (EmbeddedAttemptSessionTakeoverError)",
      check: ({ outcome, events }) => {
        const takeovers = events("session.takeover").length;
        const status = outcome.results[0]?.status;
        return status === "takeover" && takeovers > 0
          ? { ok: true, evidence: { status, takeovers } }
          : { ok: false, message: `attempt ended ${String(status)} with ${takeovers} takeover event(s)`, evidence: { status: status ?? null, takeovers } };
      },
    },
    {
      id: "safety:cleanup-no-op-after-takeover",
      kind: "safety",
      description: "after a takeover, cleanup takes no lock and writes nothing, and the attempt writes no line after the takeover",
      check: ({ outcome, trace }) => {
        const takeover = trace.find((r) => r.event.kind === "session.takeover");
        const lateWrite = takeover === undefined ? undefined : trace.find((r) => r.step > takeover.step && r.event.kind === "session.write" && r.event["writer"] === "turn");
        if (lateWrite !== undefined) return { ok: false, message: `wrote ${String(lateWrite.event["lineId"])} after the takeover`, atStep: lateWrite.step };
        if (takeover !== undefined && (outcome.cleanup === null || !outcome.cleanup.noop || outcome.cleanup.wrote)) {
          return { ok: false, message: `cleanup after takeover was ${JSON.stringify(outcome.cleanup)}` };
        }
        return { ok: true, evidence: { cleanup: outcome.cleanup } };
      },
    },
  ],
  probes: ["sessions.external-append-during-release"],
  mutants: [noFence],
  notTested: ["benign same-process appends (delivery mirrors, owned-write generations) that upstream lets advance the fence"],
});
