import type { TemplateInput } from "../kit-types.ts";

export const execTemplate = ({ id, kitImport }: TemplateInput): string => `import { defineScenario, describeClient, execImpl, oneShotCache, settle, stageWebSocketExec, type ExecImpl } from "${kitImport}";

interface Outcome {
  /** The client the second get() returned, or its error. */
  readonly next: { readonly sessionId: string; readonly connected: boolean } | { readonly error: string };
  readonly sameClient: boolean;
  readonly connections: number;
}

export default defineScenario<ExecImpl, Outcome>({
  id: "${id}",
  title: "after the exec-server drops the connection, the next get() returns a fresh connected client",
  behavior: "openai/codex#23867: a disconnected websocket client is replaced on the next get(), never cached forever",
  lane: "deterministic",
  seeds: [1, 2, 3],
  // A runaway mutant is judged \`hang\` after this many scheduler steps (the default is 200 000).
  budgets: { steps: 20_000 },
  // The src factories under test; a mutant derives its known-bad variant from them.
  impl: execImpl,
  async run(ctx, impl) {
    // The fault: the server closes connection 1 (code 1006) right after its first frame, the handshake.
    const { server, lazy } = await stageWebSocketExec(ctx, impl, { script: { closeAfterFrames: [{ connection: 1, frames: 1, code: 1006 }] } });
    // ctx.track names each awaited outcome: if the world goes quiet first, the hang report lists it.
    const first = await ctx.track("first get()", lazy.get());
    await ctx.track("the first client sees the disconnect", first.whenDisconnected);
    ctx.probe("exec.first-client-disconnected");
    // settle() turns a rejection into data, so a mutant's failure reaches the checks instead of throwing.
    const next = await ctx.track("get() after the disconnect", settle(lazy.get()));
    return {
      next: next.ok ? describeClient(next.value) : { error: next.error.name },
      sameClient: next.ok && next.value === first,
      connections: server.stats().connections,
    };
  },
  checks: [
    {
      id: "safety:dead-client-not-returned",
      kind: "safety",
      description: "get() never returns the client whose connection died",
      check: ({ outcome }) => (outcome.sameClient ? { ok: false, message: "the second get() returned the dead first client" } : { ok: true }),
    },
    {
      id: "liveness:next-get-connects",
      kind: "liveness",
      description: "the next get() opens a second connection and returns a connected client on a fresh session",
      check: ({ outcome: { next, connections } }) =>
        "sessionId" in next && next.connected && next.sessionId === "session-2" && connections === 2
          ? { ok: true, evidence: { sessionId: next.sessionId } }
          : { ok: false, message: \`next get(): \${JSON.stringify(next)}, \${connections} connection(s)\` },
    },
  ],
  probes: ["exec.first-client-disconnected"],
  // The bug re-created: the pre-#23867 one-shot cache returns the dead client forever.
  mutants: [oneShotCache],
});
`;
