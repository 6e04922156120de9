import type { TemplateInput } from "../kit-types.ts";

export const sessionsTemplate = ({ id, kitImport }: TemplateInput): string => `import {
  buildSessionWorld,
  countLines,
  defineScenario,
  noFence,
  sessionsImpl,
  sleep,
  transcriptIntegrityCheck,
  type LineCounts,
  type SessionsImpl,
} from "${kitImport}";

interface Outcome {
  readonly status: string;
  /** Line ids in the transcript at the end, in file order. */
  readonly presentIds: readonly string[];
  readonly lines: LineCounts;
}

export default defineScenario<SessionsImpl, Outcome>({
  id: "${id}",
  title: "another process appends while the attempt's lock is released: a takeover, and nothing overwritten",
  behavior: "OpenClaw #82891: the transcript fence detects a foreign write during the model call; the attempt never writes over it",
  lane: "deterministic",
  seeds: [1, 2, 3],
  // A runaway mutant is judged \`hang\` after this many scheduler steps (the default is 200 000).
  budgets: { steps: 20_000 },
  // The src factories under test; a mutant derives its known-bad variant from them.
  impl: sessionsImpl,
  async run(ctx, impl) {
    const world = buildSessionWorld(ctx, impl);
    const file = \`\${await ctx.tempDir("session")}/session.jsonl\`;
    // The attempt releases its write lock for a 500 ms (virtual) model call.
    const attempt = world.attempt({ runId: "turn", sessionId: "s", sessionKey: "agent:main:main", sessionFile: file, modelMs: 500 });
    // Virtual time: 100 ms pass in no wall time at all.
    await sleep(ctx.clock, 100, { label: "external writer" });
    if (world.locks.heldPaths().length === 0) ctx.probe("sessions.append-while-released");
    // The fault: another process appends a line while the lock is released.
    await world.externalAppend(file, "external:1");
    const result = await attempt;
    const presentIds = await world.readIds(file);
    return { status: result.status, presentIds, lines: countLines(world.written, presentIds) };
  },
  checks: [
    // A kit check: every line written (by anyone) is in the file exactly once.
    transcriptIntegrityCheck<Outcome>(),
    {
      id: "safety:takeover-detected",
      kind: "safety",
      description: "the attempt reports the foreign write as a takeover",
      check: ({ outcome, events }) =>
        outcome.status === "takeover" && events("session.takeover").length > 0
          ? { ok: true }
          : { ok: false, message: \`the attempt ended \${outcome.status} with \${events("session.takeover").length} takeover event(s)\` },
    },
  ],
  probes: ["sessions.append-while-released"],
  // The bug re-created: writes after the model call skip the fence and overwrite the foreign line.
  mutants: [noFence],
});
`;
