/**
 * Heartbeat-driven stuck recovery on a sibling key while the transcript is busy. An attempt under
 * `agent:main:visible` is in a long model call. The fallback key's lane holds a blocked task and a
 * queued turn on the same transcript, and its diagnostic state is processing and old. The
 * diagnostic heartbeat (every 30 s, unref'd) requests recovery with the session file; recovery
 * finds the same-file run and only observes, leaving the lane's queued work untouched. Once the
 * visible run ends, a second recovery releases the lane and the queued turn runs.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { sleep } from "../../src/runtime/clock.ts";
import { startDiagnosticHeartbeat, type AttemptResult, type RecoveryOutcome, type RecoveryRequest } from "../../src/sessions/index.ts";
import { attemptsCompletedCheck, noTakeoverCheck } from "./checks.ts";
import { recoveryIgnoresSessionFile } from "./mutants.ts";
import { countLines, transcriptIntegrityCheck, type LineCounts } from "./transcript-check.ts";
import { buildSessionWorld, sessionsImpl, type SessionsImpl } from "./world.ts";

const VISIBLE = "agent:main:visible";
const FALLBACK = "agent:main:fallback";
const STUCK_MODEL_MS = 200_000;

interface HeartbeatRecovery {
  readonly tMs: number;
  readonly request: { readonly sessionId: string | null; readonly sessionFileForwarded: boolean; readonly ageMs: number };
  readonly outcome: RecoveryOutcome;
  readonly laneSizeAfter: number;
}

interface Outcome {
  readonly whileBusy: readonly HeartbeatRecovery[];
  readonly queuedStartedWhileBusy: boolean;
  readonly laneSizeWhileBusy: number;
  readonly afterRun: RecoveryOutcome;
  readonly results: readonly AttemptResult[];
  readonly presentIds: readonly string[];
  readonly lines: LineCounts;
}

export default defineScenario<SessionsImpl, Outcome>({
  id: "sessions/sibling-key-recovery",
  title: "heartbeat recovery on a sibling key observes a busy transcript instead of resetting the lane",
  behavior:
    "#87159: the diagnostic heartbeat forwards sessionFile, and stuck recovery finds an active run by session file, " +
    "returning {status: skipped, action: observe_only, reason: active_embedded_run} for a sibling key",
  lane: "deterministic",
  seeds: [1, 2, 3, 4],
  impl: sessionsImpl,
  async run(ctx, impl) {
    const world = buildSessionWorld(ctx, impl);
    const startMs = ctx.clock.nowMs();
    const root = await ctx.tempDir("sessions-recovery");
    await ctx.fs.mkdir(`${root}/sessions`);
    await ctx.fs.symlink(`${root}/sessions`, `${root}/alias`);
    const file = `${root}/sessions/main.jsonl`;
    const fallbackPath = `${root}/alias/main.jsonl`; // the sibling reaches the file by another path

    const visible = world.attempt({ runId: "visible", sessionId: "visible", sessionKey: VISIBLE, sessionFile: file, modelMs: STUCK_MODEL_MS });
    // The fallback lane: a task that never settles (the stalled turn) and a queued turn on the same file.
    let queuedStartedAtMs: number | undefined;
    let queuedResult: Promise<AttemptResult> | undefined;
    world.lanes.enqueue(FALLBACK, { label: "stalled", run: () => new Promise<void>(() => {}) });
    world.lanes.enqueue(FALLBACK, {
      label: "queued-turn",
      run: async () => {
        queuedStartedAtMs = ctx.clock.nowMs() - startMs;
        queuedResult = world.attempt({ runId: "fallback-turn", sessionId: "fallback", sessionKey: FALLBACK, sessionFile: fallbackPath, modelMs: 100 });
        await queuedResult;
      },
    });
    world.diagnostics.update({ sessionId: "fallback", sessionKey: FALLBACK, sessionFile: fallbackPath, status: "processing" });

    const whileBusy: HeartbeatRecovery[] = [];
    const heartbeat = startDiagnosticHeartbeat({
      clock: ctx.clock,
      diagnostics: world.diagnostics,
      lanes: world.lanes,
      recover: world.recover,
      emit: world.emit,
      stuckSessionWarnMs: 120_000,
      onOutcome: (request: RecoveryRequest, outcome: RecoveryOutcome) => {
        if (request.sessionKey !== FALLBACK) return;
        ctx.probe("sessions.heartbeat-requested-sibling-recovery");
        whileBusy.push({
          tMs: ctx.clock.nowMs() - startMs,
          request: { sessionId: request.sessionId ?? null, sessionFileForwarded: request.sessionFile !== undefined, ageMs: request.ageMs },
          outcome,
          laneSizeAfter: world.lanes.size(FALLBACK),
        });
      },
    });
    ctx.defer(() => heartbeat.stop());

    const visibleResult = await visible;
    const queuedStartedWhileBusy = queuedStartedAtMs !== undefined && queuedStartedAtMs < STUCK_MODEL_MS;
    const laneSizeWhileBusy = whileBusy.at(-1)?.laneSizeAfter ?? world.lanes.size(FALLBACK);
    heartbeat.stop();
    // With the file free again, recovery may release the lane: the queued turn then runs.
    await sleep(ctx.clock, 1);
    const afterRun = await world.recover({ sessionId: "fallback", sessionKey: FALLBACK, sessionFile: fallbackPath, ageMs: STUCK_MODEL_MS });
    const fallbackResult = await ctx.track("queued fallback turn", queuedResult ?? Promise.reject(new Error("the queued fallback turn never started")));
    const presentIds = await world.readIds(file);
    return {
      whileBusy,
      queuedStartedWhileBusy,
      laneSizeWhileBusy,
      afterRun,
      results: [visibleResult, fallbackResult],
      presentIds,
      lines: countLines(world.written, presentIds),
    };
  },
  summarize: (o) => ({
    heartbeatRecoveries: o.whileBusy.map((h) => ({ tMs: h.tMs, ...h.request, outcome: { ...h.outcome }, laneSizeAfter: h.laneSizeAfter })),
    queuedStartedWhileBusy: o.queuedStartedWhileBusy,
    laneQueueSize: o.laneSizeWhileBusy,
    afterRun: { ...o.afterRun },
    results: o.results.map((r) => ({ runId: r.runId, status: r.status })),
    lines: { written: o.lines.written, present: o.lines.present, lost: o.lines.lost, duplicated: o.lines.duplicated },
  }),
  checks: [
    {
      id: "safety:sibling-recovery-observes-busy-file",
      kind: "safety",
      description: "while the file has an active run, sibling-key recovery returns skipped/observe_only/active_embedded_run naming that run",
      check: ({ outcome }) => {
        const bad = outcome.whileBusy.find(
          (h) =>
            !(h.outcome.status === "skipped" && h.outcome.action === "observe_only" && h.outcome.reason === "active_embedded_run" && h.outcome.activeSessionId === "visible"),
        );
        const evidence = { outcomes: outcome.whileBusy.map((h) => ({ tMs: h.tMs, ...h.outcome })) };
        if (outcome.whileBusy.length === 0) return { ok: false, message: "the heartbeat never requested recovery for the sibling key", evidence };
        return bad === undefined ? { ok: true, evidence } : { ok: false, message: `sibling recovery returned ${bad.outcome.status}/${bad.outcome.action} at +${bad.tMs}ms`, evidence };
      },
    },
    {
      id: "safety:lane-queue-untouched-while-busy",
      kind: "safety",
      description: "the sibling lane keeps its stalled and queued tasks (size 2) and the queued turn does not start while the file is busy",
      check: ({ outcome }) =>
        !outcome.queuedStartedWhileBusy && outcome.laneSizeWhileBusy === 2
          ? { ok: true, evidence: { laneQueueSize: outcome.laneSizeWhileBusy } }
          : { ok: false, message: `queued turn started while busy: ${String(outcome.queuedStartedWhileBusy)}; lane size ${outcome.laneSizeWhileBusy}`, evidence: { laneQueueSize: outcome.laneSizeWhileBusy } },
    },
    {
      id: "safety:heartbeat-forwards-session-file",
      kind: "safety",
      description: "every heartbeat recovery request carries the session's transcript file",
      check: ({ events }) => {
        const requests = events("heartbeat.recovery-request");
        const missing = requests.find((r) => r.event["sessionFile"] === null);
        return missing === undefined
          ? { ok: true, evidence: { requests: requests.length } }
          : { ok: false, message: `request for ${String(missing.event["sessionKey"])} had no sessionFile`, atStep: missing.step };
      },
    },
    {
      id: "liveness:lane-drains-after-run",
      kind: "liveness",
      description: "once the run ends, recovery releases the sibling lane and its queued turn completes",
      check: ({ outcome }) =>
        outcome.afterRun.status === "released" ? { ok: true, evidence: { ...outcome.afterRun } } : { ok: false, message: `after the run: ${outcome.afterRun.status}/${outcome.afterRun.action}` },
    },
    noTakeoverCheck<Outcome>(),
    transcriptIntegrityCheck<Outcome>(),
    attemptsCompletedCheck<Outcome>(),
  ],
  probes: ["sessions.heartbeat-requested-sibling-recovery"],
  mutants: [recoveryIgnoresSessionFile],
  notTested: ["recovery with allowActiveAbort (abort and drain of the active run) is unit-tested only"],
});
