/**
 * A helper's model call fails with a 401 while the parent's turn is still streaming on the same
 * app-server. The parent must finish, on the one process both share.
 */
import { defineScenario } from "codex-lifecycle-proof";
import { fakeCodexProgram } from "codex-lifecycle-proof/fakes/app-server";
import { API_KEY_401 } from "codex-lifecycle-proof/fakes/model-api";
import { createSimSpawner } from "codex-lifecycle-proof/fakes/process";
import { sleep } from "codex-lifecycle-proof/runtime";
import { createAgentPool, type AgentPoolOptions, type AgentRun } from "../src/agent-pool.ts";

type Impl = Pick<AgentPoolOptions, "closeOnAnyFailure">;
interface Outcome {
  readonly parent: AgentRun;
  readonly helper: AgentRun;
  readonly processesStarted: number;
}

export default defineScenario<Impl, Outcome>({
  id: "tiny-agent/helper-401-keeps-parent",
  title: "a helper's 401 leaves the parent's turn and the shared app-server alone",
  behavior: "tiny-agent shares one codex app-server between a run and the helpers it spawns",
  lane: "deterministic",
  seeds: [1, 2, 3],
  impl: () => ({ closeOnAnyFailure: false }),
  async run(ctx, impl) {
    const spawner = createSimSpawner(ctx.world, {
      codex: fakeCodexProgram({
        // Model turn 0 is the parent's (answers after 1 s), turn 1 the helper's (a 401 at once).
        model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["parent done"] }], delayMs: 1_000 }, API_KEY_401] },
      }),
    });
    const pool = createAgentPool({ spawner, ...impl });
    ctx.defer(() => pool.close());
    const parent = ctx.track("parent", pool.run("review the diff"));
    await sleep(ctx.clock, 500);
    const helper = await ctx.track("helper", pool.run("summarize the tests"));
    if (helper.status === "failed") ctx.probe("helper.failed-while-parent-streams");
    return { parent: await parent, helper, processesStarted: pool.processesStarted };
  },
  checks: [
    {
      id: "safety:helper-fails-with-401",
      kind: "safety",
      description: "the helper's run fails, and the failure is the 401",
      check: ({ outcome: { helper } }) =>
        helper.status === "failed" && /401|API key/i.test(helper.error ?? "") ? { ok: true } : { ok: false, message: `helper ${helper.status}: ${helper.error ?? "no error"}` },
    },
    {
      id: "safety:parent-completes",
      kind: "safety",
      description: "the parent's in-flight turn completes",
      check: ({ outcome: { parent } }) => (parent.status === "completed" ? { ok: true } : { ok: false, message: `parent ${parent.status}: ${parent.error ?? "no error"}` }),
    },
    {
      id: "safety:one-app-server",
      kind: "safety",
      description: "the parent and its helper share exactly one app-server process",
      check: ({ outcome }) => (outcome.processesStarted === 1 ? { ok: true } : { ok: false, message: `${outcome.processesStarted} app-server processes started` }),
    },
  ],
  probes: ["helper.failed-while-parent-streams"],
  mutants: [
    {
      id: "close-on-any-failure",
      title: "a failed turn closes the shared connection",
      recreates: "OpenClaw #72812: a spawned helper's 401 tore down the parent's shared app-server",
      impl: (base) => ({ ...base, closeOnAnyFailure: true }),
    },
  ],
});
