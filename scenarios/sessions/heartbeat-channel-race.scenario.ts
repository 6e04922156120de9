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

export default defineScenario<SessionsImpl, Outcome>({
  id: "sessions/heartbeat-channel-race",
  title: "heartbeat and channel lanes writing one transcript under sibling keys never take each other over",
  behavior:
    "#87159 (fixes #85913): same-process attempts on one physical transcript are serialized by session-file owner, " +
    "so a channel turn cannot append inside the heartbeat turn's released prompt window (or vice versa)",
  lane: "deterministic",
  seeds: RACE_SEEDS,
  impl: sessionsImpl,
  async run(ctx, impl) {
    const world = buildSessionWorld(ctx, impl);
    const root = await ctx.tempDir("sessions-race");
    await ctx.fs.mkdir(`${root}/private-sessions`);
    await ctx.fs.symlink(`${root}/private-sessions`, `${root}/sessions`);
    const channelPath = `${root}/private-sessions/main.jsonl`;
    const heartbeatPath = `${root}/sessions/main.jsonl`;
    const random = ctx.random("turns");
    const turns: Turn[] = [];
    for (const round of [0, 1]) {
      // Whichever lane starts a round, the other arrives inside its model window: the lanes always contend.
      const firstModelMs = 20 + random.nextInt(300);
      const heartbeatFirst = random.nextInt(2) === 0;
      const base = round * HEARTBEAT_EVERY_MS;
      // The second lane arrives at the same instant, exactly when the first's model returns (its
      // reacquire, writes and cleanup then race the newcomer's owner lookup), or inside the window.
      const mode = random.nextInt(3);
      const lateMs = base + (mode === 0 ? 0 : mode === 1 ? firstModelMs : random.nextInt(firstModelMs));
      const hb = { runId: `heartbeat-${round}`, laneKey: HEARTBEAT_KEY, atMs: heartbeatFirst ? base : lateMs };
      const ch = { runId: `channel-${round}`, laneKey: CHANNEL_KEY, atMs: heartbeatFirst ? lateMs : base };
      turns.push({ ...hb, modelMs: heartbeatFirst ? firstModelMs : 20 + random.nextInt(300) });
      turns.push({ ...ch, modelMs: heartbeatFirst ? 20 + random.nextInt(300) : firstModelMs });
    }
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
