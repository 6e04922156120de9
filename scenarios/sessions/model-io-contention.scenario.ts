/**
 * The #13744 / #82891 reproduction: while an attempt waits on the model, another writer in the same
 * process takes the session write lock with a 25 ms acquire timeout. The attempt released its lock
 * before model I/O, so the writer gets it at once; when the lock is held across the model call
 * the writer times out after ≈25 ms with "session file locked (timeout 25ms)".
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { sleep } from "../../src/runtime/clock.ts";
import { isSessionWriteLockAcquireError, type AttemptResult } from "../../src/sessions/index.ts";
import { attemptsCompletedCheck, noTakeoverCheck } from "./checks.ts";
import { lockHeldAcrossModelIo } from "./mutants.ts";
import { countLines, transcriptIntegrityCheck, type LineCounts } from "./transcript-check.ts";
import { buildSessionWorld, sessionsImpl, type SessionsImpl } from "./world.ts";

const PROBE_TIMEOUT_MS = 25;

interface Contention {
  readonly scenario: "same-process-contention";
  readonly acquired: boolean;
  /** Virtual ms the writer waited before it got the lock, or before it gave up. */
  readonly timeoutElapsedMs: number;
  readonly message: string | null;
  readonly code: string | null;
  readonly heldDuringStream: boolean;
  readonly duringStream: boolean;
}

interface Outcome {
  readonly contention: Contention;
  readonly results: readonly AttemptResult[];
  readonly presentIds: readonly string[];
  readonly lines: LineCounts;
}

export default defineScenario<SessionsImpl, Outcome>({
  id: "sessions/model-io-contention",
  title: "a same-process writer is not blocked while the attempt waits on the model",
  behavior: "#82891 (fixes #13744): the embedded attempt releases the session write lock before model I/O and reacquires it right after",
  lane: "deterministic",
  seeds: [1, 2, 3],
  impl: sessionsImpl,
  async run(ctx, impl) {
    const world = buildSessionWorld(ctx, impl);
    const root = await ctx.tempDir("sessions-contention");
    const file = `${root}/session.jsonl`;
    const attempt = world.attempt({ runId: "turn", sessionId: "s", sessionKey: "agent:main:main", sessionFile: file, modelMs: 1_000 });
    await sleep(ctx.clock, 100, { label: "writer arrives mid-stream" });
    const duringStream = world.seen.some((e) => e.kind === "model.call.start") && !world.seen.some((e) => e.kind === "model.call.end");
    const heldDuringStream = world.locks.heldPaths().length > 0;
    if (duringStream) ctx.probe("sessions.same-process-writer-during-stream");
    const startMs = ctx.clock.nowMs();
    let contention: Contention;
    try {
      const lock = await world.locks.acquire({ sessionFile: file, ...world.policy, timeoutMs: PROBE_TIMEOUT_MS, label: "same-process-writer" });
      contention = { scenario: "same-process-contention", acquired: true, timeoutElapsedMs: ctx.clock.nowMs() - startMs, message: null, code: null, heldDuringStream, duringStream };
      await lock.release();
    } catch (error) {
      if (!isSessionWriteLockAcquireError(error)) throw error;
      contention = {
        scenario: "same-process-contention",
        acquired: false,
        timeoutElapsedMs: ctx.clock.nowMs() - startMs,
        message: error.message,
        code: error.code,
        heldDuringStream,
        duringStream,
      };
    }
    ctx.emit({ kind: "contention.probe", ...contention });
    const result = await attempt;
    const presentIds = await world.readIds(file);
    return { contention, results: [result], presentIds, lines: countLines(world.written, presentIds) };
  },
  summarize: (o) => ({
    ...o.contention,
    results: o.results.map((r) => ({ runId: r.runId, status: r.status })),
    lines: { written: o.lines.written, present: o.lines.present, lost: o.lines.lost, duplicated: o.lines.duplicated },
  }),
  checks: [
    {
      id: "liveness:same-process-writer-not-blocked",
      kind: "liveness",
      description: `a same-process writer with a ${PROBE_TIMEOUT_MS} ms acquire timeout gets the lock at once while the model streams`,
      check: ({ outcome }) => {
        const evidence = { ...outcome.contention };
        return outcome.contention.acquired && outcome.contention.timeoutElapsedMs === 0
          ? { ok: true, evidence }
          : { ok: false, message: `writer ${outcome.contention.acquired ? "waited" : "timed out"} after ${outcome.contention.timeoutElapsedMs}ms: ${outcome.contention.message ?? ""}`, evidence };
      },
    },
    {
      id: "safety:no-lock-held-during-model-io",
      kind: "safety",
      description: "no session write lock is held while the model call is in flight",
      check: ({ outcome }) =>
        outcome.contention.heldDuringStream
          ? { ok: false, message: "the attempt held its write lock across the model call", evidence: { heldDuringStream: true } }
          : { ok: true, evidence: { heldDuringStream: false } },
    },
    noTakeoverCheck<Outcome>(),
    transcriptIntegrityCheck<Outcome>(),
    attemptsCompletedCheck<Outcome>(),
  ],
  probes: ["sessions.same-process-writer-during-stream"],
  mutants: [lockHeldAcrossModelIo],
  notTested: ["a writer in another OS process (it contends on the same lock file; the upstream reproduction used one process)"],
});
