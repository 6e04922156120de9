/**
 * Lock and owner hygiene, four short stories on their own transcripts:
 * 1. a lock left by a dead process is reclaimed and the attempt proceeds at once;
 * 2. a lock whose live holder exceeded its max hold is reported, never removed;
 * 3. an owner waiter with a 300 ms timeout fails at 300 ms although the file changed hands at 200 ms;
 * 4. an owner waiter whose signal aborts leaves the queue at once; the rest are served in arrival order.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { sleep } from "../../src/runtime/clock.ts";
import { formatIsoUtc, isSessionWriteLockAcquireError, type AttemptResult, type SessionFileOwner } from "../../src/sessions/index.ts";
import { perRoundOwnerTimeout, reclaimsHoldExceeded } from "./mutants.ts";
import { countLines, transcriptIntegrityCheck, type LineCounts } from "./transcript-check.ts";
import { buildSessionWorld, sessionsImpl, type SessionsImpl, type SessionWorld } from "./world.ts";

const DEAD_PID = 4242;
const LIVE_PID = 5000;
const OWNER_TIMEOUT_MS = 300;
const ABORT_AT_MS = 50;

interface Settled {
  readonly label: string;
  readonly status: "granted" | "rejected";
  readonly afterMs: number;
  readonly error: string | null;
}

interface Outcome {
  readonly deadPid: { readonly staleReasons: readonly string[]; readonly reclaimed: boolean; readonly waitedMs: number; readonly attempt: AttemptResult };
  readonly holdExceeded: { readonly errorName: string | null; readonly code: string | null; readonly staleReasons: readonly string[]; readonly lockFileUnchanged: boolean };
  readonly owners: readonly Settled[];
  readonly presentIds: readonly string[];
  readonly lines: LineCounts;
}

async function deadPidStory(world: SessionWorld, root: string): Promise<Outcome["deadPid"]> {
  const file = `${root}/dead.jsonl`;
  await world.ctx.fs.writeFile(`${file}.lock`, JSON.stringify({ pid: DEAD_PID, createdAt: formatIsoUtc(world.ctx.clock.nowMs()), maxHoldMs: 300_000 }));
  const attempt = await world.attempt({ runId: "after-crash", sessionId: "s1", sessionKey: "agent:main:main", sessionFile: file, modelMs: 10 });
  const stale = world.seen.find((e) => e.kind === "session.lock.stale");
  const acquire = world.seen.find((e) => e.kind === "session.lock.acquire" && e["label"] === "after-crash:prep");
  if (stale !== undefined) world.ctx.probe("sessions.dead-pid-lock-found");
  return {
    staleReasons: Array.isArray(stale?.["reasons"]) ? (stale["reasons"] as string[]) : [],
    reclaimed: stale?.["reclaimed"] === true,
    waitedMs: typeof acquire?.["waitedMs"] === "number" ? acquire["waitedMs"] : -1,
    attempt,
  };
}

async function holdExceededStory(world: SessionWorld, root: string): Promise<Outcome["holdExceeded"]> {
  const { ctx } = world;
  const file = `${root}/held.jsonl`;
  world.processes.spawn({ pid: LIVE_PID, starttime: 9 });
  // Held for 20 min by a live process whose max hold was 5 min (not yet too old: stale after 30 min).
  const payload = JSON.stringify({ pid: LIVE_PID, createdAt: formatIsoUtc(ctx.clock.nowMs() - 1_200_000), starttime: 9, maxHoldMs: 300_000 });
  await ctx.fs.writeFile(`${file}.lock`, payload);
  let result: Outcome["holdExceeded"];
  try {
    const lock = await world.locks.acquire({ sessionFile: file, ...world.policy, timeoutMs: 2_000, label: "hold-check" });
    await lock.release();
    result = { errorName: null, code: null, staleReasons: [], lockFileUnchanged: false };
  } catch (error) {
    if (!isSessionWriteLockAcquireError(error)) throw error;
    const staleReasons = "staleReasons" in error.details ? [...error.details.staleReasons] : [];
    if (staleReasons.includes("hold-exceeded")) ctx.probe("sessions.hold-exceeded-lock-found");
    result = { errorName: error.name, code: error.code, staleReasons, lockFileUnchanged: false };
  }
  const now = await ctx.fs.readFile(`${file}.lock`).catch(() => "");
  return { ...result, lockFileUnchanged: now === payload };
}

async function ownerStory(world: SessionWorld, root: string): Promise<Settled[]> {
  const { ctx } = world;
  const file = `${root}/owned.jsonl`;
  const startMs = ctx.clock.nowMs();
  const settled: Settled[] = [];
  const abort = new AbortController();
  const hold = (label: string, holdMs: number) => async (owner: SessionFileOwner) => {
    settled.push({ label, status: "granted", afterMs: ctx.clock.nowMs() - startMs, error: null });
    await sleep(ctx.clock, holdMs, { label: `${label} holds the file` });
    owner.release();
  };
  const fail = (label: string) => (error: unknown) => {
    settled.push({ label, status: "rejected", afterMs: ctx.clock.nowMs() - startMs, error: error instanceof Error ? error.name : String(error) });
  };
  const acquire = (label: string, extra: { timeoutMs?: number; signal?: AbortSignal } = {}) =>
    ctx.track(`owner ${label}`, world.owners.acquire({ sessionFile: file, label, ...extra }));
  // The holder, then four waiters; each joins the queue before the next arrives (no virtual time passes).
  const joined = (label: string) => world.waitForEvent(`${label} joins`, (e) => e.kind === "session.owner.wait" && e["label"] === label);
  const all = [acquire("holder").then(hold("holder", 200), fail("holder"))];
  await world.waitForEvent("holder owns", (e) => e.kind === "session.owner.acquire" && e["label"] === "holder");
  const waiters: Array<[string, { timeoutMs?: number; signal?: AbortSignal }, number]> = [
    ["first-waiter", {}, 300],
    ["bounded", { timeoutMs: OWNER_TIMEOUT_MS }, 10],
    ["aborted", { signal: abort.signal }, 10],
    ["last-waiter", {}, 10],
  ];
  for (const [label, extra, holdMs] of waiters) {
    all.push(acquire(label, extra).then(hold(label, holdMs), fail(label)));
    await joined(label);
  }
  // A sampler every 50 ms records the queue; it also keeps virtual time stepping through the deadlines.
  const sampler = (async () => {
    for (let t = 50; t <= 550; t += 50) {
      await sleep(ctx.clock, 50, { label: "owner queue sampler" });
      if (t === ABORT_AT_MS) abort.abort(new Error("attempt aborted by user"));
      ctx.emit({ kind: "owner.queue.sample", tMs: t, owned: world.owners.ownedCount() });
    }
  })();
  await Promise.all([...all, sampler]);
  if (settled.some((s) => s.label === "bounded" && s.status === "rejected")) ctx.probe("sessions.owner-wait-timed-out");
  return settled;
}

export default defineScenario<SessionsImpl, Outcome>({
  id: "sessions/lock-and-owner-hygiene",
  title: "dead-pid locks are reclaimed, hold-exceeded locks reported, owner waits bounded and abortable",
  behavior:
    "session-write-lock stale handling (reclaim only when the holder is provably gone) and the owner registry's total " +
    "wait deadline, abort and arrival-order hand-off (an improvement on #87159's per-round timeout)",
  lane: "deterministic",
  seeds: [1, 2, 3],
  impl: sessionsImpl,
  async run(ctx, impl) {
    const world = buildSessionWorld(ctx, impl);
    const root = await ctx.tempDir("sessions-hygiene");
    const deadPid = await deadPidStory(world, root);
    const holdExceeded = await holdExceededStory(world, root);
    const owners = await ownerStory(world, root);
    const presentIds = await world.readIds(`${root}/dead.jsonl`);
    return { deadPid, holdExceeded, owners, presentIds, lines: countLines(world.written, presentIds) };
  },
  summarize: (o) => ({
    deadPid: { staleReasons: [...o.deadPid.staleReasons], reclaimed: o.deadPid.reclaimed, waitedMs: o.deadPid.waitedMs, attempt: o.deadPid.attempt.status },
    holdExceeded: { ...o.holdExceeded, staleReasons: [...o.holdExceeded.staleReasons] },
    owners: o.owners.map((s) => ({ ...s })),
    lines: { written: o.lines.written, present: o.lines.present, lost: o.lines.lost, duplicated: o.lines.duplicated },
  }),
  checks: [
    {
      id: "safety:dead-pid-lock-reclaimed",
      kind: "safety",
      description: "a lock whose pid is dead is removed (reason dead-pid) and the attempt takes the lock without waiting",
      check: ({ outcome: { deadPid } }) =>
        deadPid.reclaimed && deadPid.staleReasons.includes("dead-pid") && deadPid.waitedMs === 0 && deadPid.attempt.status === "completed"
          ? { ok: true, evidence: { staleReasons: [...deadPid.staleReasons], waitedMs: deadPid.waitedMs } }
          : { ok: false, message: `reclaimed=${String(deadPid.reclaimed)} reasons=[${deadPid.staleReasons.join(",")}] waited=${deadPid.waitedMs}ms attempt=${deadPid.attempt.status}` },
    },
    {
      id: "safety:hold-exceeded-reported-not-removed",
      kind: "safety",
      description: "a live holder past its max hold is reported (SessionWriteLockStaleError, hold-exceeded) and its lock file is left intact",
      check: ({ outcome: { holdExceeded } }) => {
        const evidence = { ...holdExceeded, staleReasons: [...holdExceeded.staleReasons] };
        return holdExceeded.lockFileUnchanged && holdExceeded.staleReasons.includes("hold-exceeded")
          ? { ok: true, evidence }
          : { ok: false, message: `lock file ${holdExceeded.lockFileUnchanged ? "kept" : "removed or rewritten"}; error ${String(holdExceeded.errorName)}`, evidence };
      },
    },
    {
      id: "liveness:owner-wait-bounded-by-total-deadline",
      kind: "liveness",
      description: `an owner waiter with a ${OWNER_TIMEOUT_MS} ms timeout is rejected at ${OWNER_TIMEOUT_MS} ms in total, even though the file changed hands meanwhile`,
      check: ({ outcome }) => {
        const bounded = outcome.owners.find((s) => s.label === "bounded");
        const ok = bounded?.status === "rejected" && bounded.afterMs === OWNER_TIMEOUT_MS && bounded.error === "SessionFileOwnerTimeoutError";
        return ok ? { ok: true, evidence: { ...bounded } } : { ok: false, message: `bounded waiter: ${JSON.stringify(bounded ?? null)}`, evidence: bounded === undefined ? null : { ...bounded } };
      },
    },
    {
      id: "liveness:owner-wait-aborts-on-signal",
      kind: "liveness",
      description: "an owner waiter is rejected as soon as its abort signal fires",
      check: ({ outcome }) => {
        const aborted = outcome.owners.find((s) => s.label === "aborted");
        return aborted?.status === "rejected" && aborted.afterMs === ABORT_AT_MS
          ? { ok: true, evidence: { ...aborted } }
          : { ok: false, message: `aborted waiter: ${JSON.stringify(aborted ?? null)}` };
      },
    },
    {
      id: "safety:owners-granted-in-arrival-order",
      kind: "safety",
      description: "the file is handed to waiters in the order they joined the queue; waiters that gave up are skipped",
      check: ({ outcome, events }) => {
        const granted = outcome.owners.filter((s) => s.status === "granted").map((s) => s.label);
        const rejected = new Set(outcome.owners.filter((s) => s.status === "rejected").map((s) => s.label));
        const arrivals = events("session.owner.wait").map((r) => String(r.event["label"]));
        const expected = [granted[0] ?? "", ...arrivals.filter((label) => !rejected.has(label))];
        const evidence = { arrivals, granted };
        return JSON.stringify(granted) === JSON.stringify(expected)
          ? { ok: true, evidence }
          : { ok: false, message: `granted ${granted.join(" → ")}, arrival order ${expected.join(" → ")}`, evidence };
      },
    },
    transcriptIntegrityCheck<Outcome>(),
  ],
  probes: ["sessions.dead-pid-lock-found", "sessions.hold-exceeded-lock-found", "sessions.owner-wait-timed-out"],
  mutants: [perRoundOwnerTimeout, reclaimsHoldExceeded],
  notTested: ["payload-less locks judged by age (here: by how long this process has seen them malformed; unit-tested only)"],
});
