/**
 * A stdio-backed exec-server client is one-shot: when its exec-server process dies, get() keeps
 * returning the dead client (calls fail with the disconnect error) and no second process is spawned.
 */
import { createFakeExecServer, execServerStdioProgram } from "../../fakes/exec-server/index.ts";
import { createSimSpawner } from "../../fakes/process/sim-spawner.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import { createLazyExecServerClient } from "../../src/exec/index.ts";
import { CLIENT_NAME, execImpl, reconnectStdio, settle, type ExecImpl } from "./exec-world.ts";

interface Outcome {
  readonly spawned: number;
  readonly firstClientId: number;
  readonly laterClientIds: readonly number[];
  readonly startError: string;
  readonly sessions: readonly string[];
}

export default defineScenario<ExecImpl, Outcome>({
  id: "exec/stdio-client-stays-one-shot",
  title: "a stdio exec-server client stays one-shot after its process dies: no second process is started",
  behavior: "openai/codex#23867: only websocket clients are replaced; a disconnected stdio client is returned as is and fails through the disconnect error",
  lane: "deterministic",
  seeds: [1, 2, 3],
  impl: execImpl,
  async run(ctx, impl) {
    // The exec-server process is killed right after it answers initialize.
    const server = createFakeExecServer({ world: ctx.world, script: { closeAfterFrames: [{ connection: 1, frames: 1, code: 1006 }] } });
    const spawner = createSimSpawner(ctx.world, { codex: execServerStdioProgram(server) });
    const lazy = createLazyExecServerClient({
      transport: { kind: "stdio", spawner, command: "codex", args: ["exec-server", "--listen", "stdio"] },
      clientName: CLIENT_NAME,
      emit: ctx.emit,
      impl: impl.lazy,
    });
    ctx.defer(() => lazy.close());

    const first = await ctx.track("first get()", lazy.get());
    await ctx.track("first client sees its process exit", first.whenDisconnected);
    ctx.probe("exec.stdio.process-died");

    const later = await ctx.track("get() ×2 concurrently, then once more", Promise.all([lazy.get(), lazy.get()]).then(async (two) => [...two, await lazy.get()]));
    if (later.every((c) => c === first)) ctx.probe("exec.stdio.dead-client-returned");
    const start = await ctx.track("start a process on what get() returned", settle(later[0]!.startProcess({ processId: "p1", argv: ["true"], cwd: "file:///work" })));
    return {
      spawned: spawner.spawned.length,
      firstClientId: first.clientId,
      laterClientIds: later.map((c) => c.clientId),
      startError: start.ok ? "none" : start.error.name,
      sessions: server.stats().sessions,
    };
  },
  checks: [
    {
      id: "safety:exec-stdio-no-second-process",
      kind: "safety",
      description: "exactly one exec-server process is ever spawned",
      check: ({ outcome }) => (outcome.spawned === 1 ? { ok: true } : { ok: false, message: `${outcome.spawned} exec-server processes spawned`, evidence: { sessions: [...outcome.sessions] } }),
    },
    {
      id: "safety:exec-stdio-dead-client-returned",
      kind: "safety",
      description: "every later get() returns the same dead client",
      check: ({ outcome }) =>
        outcome.laterClientIds.every((id) => id === outcome.firstClientId)
          ? { ok: true }
          : { ok: false, message: `later get() returned clients [${outcome.laterClientIds.join(", ")}], first was ${outcome.firstClientId}` },
    },
    {
      id: "safety:exec-stdio-fails-with-disconnect-error",
      kind: "safety",
      description: "work on the dead stdio client fails with the disconnect error",
      check: ({ outcome }) =>
        outcome.startError === "ExecServerDisconnectedError" ? { ok: true } : { ok: false, message: `process/start on the dead client: ${outcome.startError}` },
    },
  ],
  probes: ["exec.stdio.process-died", "exec.stdio.dead-client-returned"],
  mutants: [reconnectStdio],
  notTested: ["a real `codex exec-server --listen stdio` child (the process lane covers websocket only)"],
});
