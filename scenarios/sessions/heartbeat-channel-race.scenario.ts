/**
 * The #85913 race: the heartbeat lane and a channel lane of one agent write the same transcript
 * under sibling session keys (the channel through the real directory, the heartbeat through an
 * aliased one, like /var vs /private/var). Each seed draws turn timings that overlap, and the
 * scheduler interleaves every file operation of both lanes in a seeded order; 500 seeds explore
 * 500 replayable interleavings. The owner registry serializes whole attempts: zero takeovers,
 * no line lost or duplicated.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { sleep } from "../../src/runtime/clock.ts";
import type { Random } from "../../src/runtime/random.ts";
import type { AttemptResult } from "../../src/sessions/index.ts";
import { attemptsCompletedCheck, attemptsSerializedCheck, noTakeoverCheck } from "./checks.ts";
import { noOwnerRegistry, rawPathOwnerKey } from "./mutants.ts";
import { countLines, transcriptIntegrityCheck, type LineCounts } from "./transcript-check.ts";
import { buildSessionWorld, sessionsImpl, type SessionsImpl } from "./world.ts";

const HEARTBEAT_KEY = "agent:main:main:heartbeat";
const CHANNEL_KEY = "agent:main:discord:channel:1";
const HEARTBEAT_EVERY_MS = 30_000;

interface Turn {
  readonly runId: string;
  readonly laneKey: string;
  readonly atMs: number;
  readonly modelMs: number;
}

interface Outcome {
  readonly turns: readonly Turn[];
  readonly results: readonly AttemptResult[];
  readonly sameFileGroups: readonly (readonly string[])[];
  readonly ownerWaits: number;
  readonly presentIds: readonly string[];
  readonly lines: LineCounts;
}

export const RACE_SEEDS: readonly number[] = Array.from({ length: 500 }, (_, i) => i + 1);

/**
 * One contention fault: in a heartbeat round, the first lane starts, and the second arrives at the
 * same instant, exactly when the first's model returns (its reacquire, writes and cleanup then race
 * the newcomer's owner lookup), or inside the model window.
 */
interface Round {
  readonly heartbeatFirst: boolean;
  readonly firstModelMs: number;
  readonly secondModelMs: number;
  readonly arrival: "same-instant" | "at-model-return" | "inside-window";
  /** For `inside-window`: how far into the first lane's model window (clamped to it). */
  readonly insideMs: number;
}

interface Params {
  /** Explicit rounds (exploration generates and shrinks these); null → drawn from the seed. */
  readonly faults: readonly Round[] | null;
}

const ARRIVALS = ["same-instant", "at-model-return", "inside-window"] as const;

/** The seeded rounds: two heartbeat periods, lanes always contending. */
function drawRounds(random: Random): Round[] {
  return [0, 1].map(() => {
    const firstModelMs = 20 + random.nextInt(300);
    const heartbeatFirst = random.nextInt(2) === 0;
    const arrival = ARRIVALS[random.nextInt(3)] ?? "same-instant";
    const insideMs = arrival === "inside-window" ? random.nextInt(firstModelMs) : 0;
    return { heartbeatFirst, firstModelMs, secondModelMs: 20 + random.nextInt(300), arrival, insideMs };
  });
}

function buildTurns(rounds: readonly Round[]): Turn[] {
  return rounds.flatMap((r, round) => {
    const base = round * HEARTBEAT_EVERY_MS;
    const lateMs = base + (r.arrival === "same-instant" ? 0 : r.arrival === "at-model-return" ? r.firstModelMs : Math.min(r.insideMs, r.firstModelMs));
    const first = { atMs: base, modelMs: r.firstModelMs };
    const second = { atMs: lateMs, modelMs: r.secondModelMs };
    return [
      { runId: `heartbeat-${round}`, laneKey: HEARTBEAT_KEY, ...(r.heartbeatFirst ? first : second) },
      { runId: `channel-${round}`, laneKey: CHANNEL_KEY, ...(r.heartbeatFirst ? second : first) },
    ];
  });
}

export default defineScenario<SessionsImpl, Outcome, Params>({
  id: "sessions/heartbeat-channel-race",
  title: "heartbeat and channel lanes writing one transcript under sibling keys never take each other over",
  behavior:
    "#87159 (fixes #85913): same-process attempts on one physical transcript are serialized by session-file owner, " +
    "so a channel turn cannot append inside the heartbeat turn's released prompt window (or vice versa)",
  lane: "deterministic",
  seeds: RACE_SEEDS,
  params: {
    default: { faults: null },
    arbitrary: (fc) =>
      fc.record({
        faults: fc.array(
          fc.record({
            heartbeatFirst: fc.boolean(),
            firstModelMs: fc.integer({ min: 20, max: 320 }),
            secondModelMs: fc.integer({ min: 20, max: 320 }),
            arrival: fc.constantFrom(...ARRIVALS),
            insideMs: fc.nat({ max: 320 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
  },
  impl: sessionsImpl,
  async run(ctx, impl) {
    const world = buildSessionWorld(ctx, impl);
    const root = await ctx.tempDir("sessions-race");
    await ctx.fs.mkdir(`${root}/private-sessions`);
    await ctx.fs.symlink(`${root}/private-sessions`, `${root}/sessions`);
    const channelPath = `${root}/private-sessions/main.jsonl`;
    const heartbeatPath = `${root}/sessions/main.jsonl`;
    const turns = buildTurns(ctx.params.faults ?? drawRounds(ctx.random("turns")));
    const results = await Promise.all(
      turns.map(async (turn) => {
        await sleep(ctx.clock, turn.atMs, { label: `arrival ${turn.runId}` });
        return new Promise<AttemptResult>((resolve) => {
          world.lanes.enqueue(turn.laneKey, {
            label: turn.runId,
            run: async () => {
              const sessionFile = turn.laneKey === HEARTBEAT_KEY ? heartbeatPath : channelPath;
              resolve(await world.attempt({ ...turn, sessionId: turn.laneKey, sessionKey: turn.laneKey, sessionFile }));
            },
          });
        });
      }),
    );
    const ownerWaits = world.seen.filter((e) => e.kind === "session.owner.wait").length;
    if (ownerWaits > 0) ctx.probe("sessions.lanes-contended-for-owner");
    const presentIds = await world.readIds(channelPath);
    return { turns, results, sameFileGroups: [results.map((r) => r.runId)], ownerWaits, presentIds, lines: countLines(world.written, presentIds) };
  },
  summarize: (o) => ({
    turns: o.turns.map((t) => ({ runId: t.runId, atMs: t.atMs, modelMs: t.modelMs })),
    results: o.results.map((r) => ({ runId: r.runId, status: r.status })),
    ownerWaits: o.ownerWaits,
    takeoverErrors: o.results.filter((r) => r.status === "takeover").length,
    lines: { written: o.lines.written, present: o.lines.present, lost: o.lines.lost, duplicated: o.lines.duplicated },
  }),
  checks: [noTakeoverCheck<Outcome>(), transcriptIntegrityCheck<Outcome>(), attemptsSerializedCheck<Outcome>(), attemptsCompletedCheck<Outcome>()],
  probes: ["sessions.lanes-contended-for-owner"],
  mutants: [noOwnerRegistry, rawPathOwnerKey],
  notTested: [
    "two OS processes writing one transcript (the owner registry is per process; only the write lock and fence guard across processes)",
    "SQLite-backed transcripts",
  ],
});
