import type { TemplateInput } from "../kit-types.ts";

export const sharedClientTemplate = ({ id, kitImport }: TemplateInput): string => `import { createSharedClientWorld, defineScenario, runCodexAttempt, sharedClientImpl, type SharedClientImpl } from "${kitImport}";

interface Outcome {
  readonly ok: boolean;
  readonly error: string | null;
  /** Fake app-server processes spawned during the run. */
  readonly processes: number;
}

export default defineScenario<SharedClientImpl, Outcome>({
  id: "${id}",
  title: "the app-server exits during startup: the attempt retries on a fresh process and completes",
  behavior: "OpenClaw #87375/#87399 keep the startup retry on connection-closed errors (\\"codex app-server exited: …\\")",
  lane: "deterministic",
  seeds: [1, 2, 3],
  // A runaway mutant is judged \`hang\` after this many scheduler steps (the default is 200 000).
  budgets: { steps: 20_000 },
  // The src factories under test; a mutant derives its known-bad variant from them.
  impl: sharedClientImpl,
  async run(ctx, impl) {
    const world = createSharedClientWorld(ctx, impl, {
      // The fault: the first app-server process exits 1 when it receives thread/start.
      rules: [{ id: "exit-on-thread-start", when: { process: 0, method: "thread/start", nth: 1 }, action: { kind: "exit", code: 1 } }],
    });
    // ctx.track names the awaited outcome: if the world goes quiet first, the hang report lists it.
    const result = await ctx.track("attempt", runCodexAttempt(world.attempt({ label: "parent", text: "Go." })));
    if (world.spawner.spawned.length > 1) ctx.probe("startup.retried-on-a-fresh-process");
    const error = result.phase === "startup" ? result.error : (result.turn.error?.message ?? null);
    return { ok: result.ok, error, processes: world.spawner.spawned.length };
  },
  checks: [
    {
      id: "liveness:attempt-completes",
      kind: "liveness",
      description: "the attempt completes its turn despite the exit during startup",
      check: ({ outcome }) => (outcome.ok ? { ok: true } : { ok: false, message: \`the attempt failed: \${outcome.error ?? "no error"}\` }),
    },
    {
      id: "safety:one-retry-one-new-process",
      kind: "safety",
      description: "the retry follows a clear of the exited client and starts exactly one new app-server",
      check: ({ outcome, events }) => {
        const retries = events("startup.retry").length;
        return retries === 1 && outcome.processes === 2
          ? { ok: true, evidence: { retries, processes: outcome.processes } }
          : { ok: false, message: \`\${retries} retries, \${outcome.processes} processes\` };
      },
    },
  ],
  probes: ["startup.retried-on-a-fresh-process"],
  mutants: [
    {
      id: "no-connection-closed-retry",
      title: "startup gives up on the first connection-closed error",
      recreates: "a startup without the connection-close retry loop: one crashed spawn fails the run",
      impl: (base) => ({ ...base, maxConnectionCloseAttempts: 1 }),
    },
  ],
});
`;
