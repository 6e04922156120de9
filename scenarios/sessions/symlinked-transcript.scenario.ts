/**
 * Two attempts reach one physical transcript by different paths — through a file symlink, and
 * through a directory symlink — and both start at once. The canonical owner key collapses the
 * paths, so the second attempt waits for the first to finish: zero takeovers, no line lost.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import type { AttemptResult } from "../../src/sessions/index.ts";
import { attemptsCompletedCheck, attemptsSerializedCheck, noTakeoverCheck } from "./checks.ts";
import { noOwnerRegistry, rawPathOwnerKey } from "./mutants.ts";
import { countLines, transcriptIntegrityCheck, type LineCounts } from "./transcript-check.ts";
import { buildSessionWorld, sessionsImpl, type SessionsImpl, type SessionWorld } from "./world.ts";

interface CaseOutcome {
  readonly name: string;
  readonly ownerKeysEqual: boolean;
  readonly lockPathsDiffer: boolean;
  readonly secondWaitedForOwner: boolean;
  readonly results: readonly AttemptResult[];
}

interface Outcome {
  readonly cases: readonly CaseOutcome[];
  readonly results: readonly AttemptResult[];
  readonly sameFileGroups: readonly (readonly string[])[];
  readonly presentIds: readonly string[];
  readonly lines: LineCounts;
}

async function raceTwoPaths(world: SessionWorld, impl: SessionsImpl, name: string, paths: readonly [string, string]): Promise<CaseOutcome> {
  const { ctx } = world;
  const random = ctx.random(`model ${name}`);
  const [a, b] = await Promise.all([
    world.attempt({ runId: `${name}-a`, sessionId: `${name}-a`, sessionKey: `agent:main:${name}-a`, sessionFile: paths[0], modelMs: 50 + random.nextInt(200) }),
    world.attempt({ runId: `${name}-b`, sessionId: `${name}-b`, sessionKey: `agent:main:${name}-b`, sessionFile: paths[1], modelMs: 50 + random.nextInt(200) }),
  ]);
  const [keyA, keyB] = await Promise.all(paths.map((p) => impl.ownerKey(ctx.fs, p)));
  const [lockA, lockB] = await Promise.all(paths.map((p) => world.locks.lockPathFor(p)));
  const secondWaitedForOwner = world.seen.some((e) => e.kind === "session.owner.wait" && String(e["label"]).startsWith(`${name}-`));
  if (secondWaitedForOwner) ctx.probe(`sessions.owner-wait-through-${name}`);
  return { name, ownerKeysEqual: keyA === keyB, lockPathsDiffer: lockA !== lockB, secondWaitedForOwner, results: [a, b] };
}

export default defineScenario<SessionsImpl, Outcome>({
  id: "sessions/symlinked-transcript",
  title: "attempts reaching one transcript through a file or directory symlink are serialized",
  behavior:
    "#87159: embedded attempts are serialized by the canonical session file (realpath of the file, else of its parent), " +
    "so two paths to one transcript cannot open overlapping prompt windows",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  impl: sessionsImpl,
  async run(ctx, impl) {
    const world = buildSessionWorld(ctx, impl);
    const root = await ctx.tempDir("sessions-symlink");
    // Case 1: a symlinked transcript file (the write lock paths differ: link.jsonl.lock vs s.jsonl.lock).
    await ctx.fs.mkdir(`${root}/store`);
    await ctx.fs.writeFile(`${root}/store/s.jsonl`, "");
    await ctx.fs.symlink(`${root}/store/s.jsonl`, `${root}/link.jsonl`);
    const fileCase = await raceTwoPaths(world, impl, "file-symlink", [`${root}/store/s.jsonl`, `${root}/link.jsonl`]);
    // Case 2: a symlinked directory, transcript not created yet (the key falls back to the parent's realpath).
    await ctx.fs.mkdir(`${root}/real-dir`);
    await ctx.fs.symlink(`${root}/real-dir`, `${root}/alias-dir`);
    const dirCase = await raceTwoPaths(world, impl, "dir-symlink", [`${root}/real-dir/t.jsonl`, `${root}/alias-dir/t.jsonl`]);
    const presentIds = [...(await world.readIds(`${root}/store/s.jsonl`)), ...(await world.readIds(`${root}/real-dir/t.jsonl`))];
    const cases = [fileCase, dirCase];
    return {
      cases,
      results: cases.flatMap((c) => c.results),
      sameFileGroups: cases.map((c) => c.results.map((r) => r.runId)),
      presentIds,
      lines: countLines(world.written, presentIds),
    };
  },
  summarize: (o) => ({
    cases: o.cases.map((c) => ({
      name: c.name,
      ownerKeysEqual: c.ownerKeysEqual,
      lockPathsDiffer: c.lockPathsDiffer,
      secondWaitedForOwner: c.secondWaitedForOwner,
      results: c.results.map((r) => ({ runId: r.runId, status: r.status, lines: r.linesWritten.length })),
    })),
    lines: { written: o.lines.written, present: o.lines.present, lost: o.lines.lost, duplicated: o.lines.duplicated },
  }),
  checks: [
    transcriptIntegrityCheck<Outcome>(),
    noTakeoverCheck<Outcome>(),
    attemptsSerializedCheck<Outcome>(),
    attemptsCompletedCheck<Outcome>(),
    {
      id: "safety:owner-key-collapses-aliases",
      kind: "safety",
      description: "both paths of each case resolve to one owner key (a file symlink still has two lock files)",
      check: ({ outcome }) => {
        const split = outcome.cases.filter((c) => !c.ownerKeysEqual).map((c) => c.name);
        const evidence = outcome.cases.map((c) => ({ name: c.name, ownerKeysEqual: c.ownerKeysEqual, lockPathsDiffer: c.lockPathsDiffer }));
        return split.length === 0 ? { ok: true, evidence } : { ok: false, message: `owner keys differ for: ${split.join(", ")}`, evidence };
      },
    },
  ],
  probes: ["sessions.owner-wait-through-file-symlink", "sessions.owner-wait-through-dir-symlink"],
  mutants: [rawPathOwnerKey, noOwnerRegistry],
  notTested: ["hard links (two directory entries, one inode) are not collapsed by realpath and are not covered"],
});
