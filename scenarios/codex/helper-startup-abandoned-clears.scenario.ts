/**
 * Story (#87399): keeping the shared client is only for a spawned run's *logical* failure. When a
 * helper abandons its startup (the startup timer fires while thread/start stalls) or the pipe is
 * broken (write EPIPE), the shared client is poisoned or wedged and must still be cleared, so the
 * next run gets a fresh process. Both faults are told in one run, each in its own world.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import type { ScenarioContext } from "../../harness/scenario/types.ts";
import { errorMessage, isConnectionClosedError, isSpawnedRun, runCodexAttempt } from "../../src/codex/index.ts";
import { sleep } from "../../src/runtime/clock.ts";
import { defaultImpl } from "./helper-401.story.ts";
import { createSharedClientWorld, HELPER_SPAWNED_BY, type SharedClientImpl } from "./world.ts";

type Fault = "startup-timeout" | "epipe";

interface CaseOutcome {
  readonly fault: Fault;
  readonly helperError: string;
  /** Entries left right after the helper failed; whether the poisoned process outlived the case. */
  readonly entriesAfterHelper: number;
  readonly poisonedProcessAlive: boolean;
  /** A later top-level run after the helper failed. */
  readonly nextRun: { readonly ok: boolean; readonly clientId: string | null };
  readonly processes: number;
}

async function tell(ctx: ScenarioContext<unknown>, impl: SharedClientImpl, fault: Fault): Promise<CaseOutcome> {
  const rules =
    fault === "startup-timeout"
      ? [{ id: "helper-thread-start-stalls", when: { process: 0, method: "thread/start", nth: 2 }, action: { kind: "stall" as const } }]
      : // The shared process closes its stdin as the parent's turn starts: the helper's next write breaks the pipe.
        [{ id: "stdin-closed", when: { process: 0, method: "turn/start", nth: 1 }, action: { kind: "closeStdin" as const } }];
  const world = createSharedClientWorld(ctx, impl, { rules }, fault);
  // The parent only needs to hold the shared client; its own turn is not the subject here.
  const parent = ctx.track(`${fault}: parent`, runCodexAttempt(world.attempt({ label: "parent", text: "Long task." })));
  await sleep(ctx.clock, 100);
  const firstPid = world.spawner.spawned[0]?.pid;
  const helper = await ctx.track(
    `${fault}: helper`,
    runCodexAttempt(world.attempt({ label: "helper", spawnedBy: HELPER_SPAWNED_BY, text: "Check.", timeoutMs: 1_000 })),
  );
  const helperError = helper.phase === "startup" ? helper.error : `turn ${helper.turn.status}`;
  ctx.probe(`helper.${fault}`);
  const entriesAfterHelper = world.registry.entries().length;
  await parent.catch(() => undefined);
  const next = await ctx.track(`${fault}: next run`, runCodexAttempt(world.attempt({ label: "next", text: "Again." })));
  // Closing is asynchronous (stdin EOF must reach the process), so look once the case has settled.
  const poisonedProcessAlive = firstPid !== undefined && world.spawner.alive().includes(firstPid);
  return {
    fault,
    helperError,
    entriesAfterHelper,
    poisonedProcessAlive,
    nextRun: { ok: next.ok, clientId: next.phase === "turn" ? next.clientId : null },
    processes: world.spawner.spawned.length,
  };
}

export default defineScenario<SharedClientImpl, { cases: CaseOutcome[] }>({
  id: "codex/helper-startup-abandoned-clears",
  title: "A helper's abandoned startup (timeout) or broken pipe (EPIPE) still clears the shared client",
  behavior:
    "OpenClaw #87399: keep the shared app-server on a spawned run's logical thread/start error, but still clear it when startup work is abandoned (startup timeout, abort, per-RPC timeout) or the pipe is broken.",
  lane: "deterministic",
  seeds: [1, 2],
  tags: ["seed-000", "shared-client"],
  impl: defaultImpl,
  async run(ctx, impl) {
    return { cases: [await tell(ctx, impl, "startup-timeout"), await tell(ctx, impl, "epipe")] };
  },
  checks: [
    {
      id: "safety:helper-startup-fails-with-the-fault",
      kind: "safety",
      description: "the helper's startup fails with 'codex app-server startup timed out' / 'write EPIPE'",
      check: ({ outcome }) => {
        const bad = outcome.cases.filter((c) => !(c.fault === "startup-timeout" ? c.helperError === "codex app-server startup timed out" : c.helperError.includes("EPIPE")));
        return bad.length === 0 ? { ok: true } : { ok: false, message: bad.map((c) => `${c.fault}: ${c.helperError}`).join("; ") };
      },
    },
    {
      id: "safety:poisoned-client-cleared",
      kind: "safety",
      description: "after the helper fails, the shared entry is gone and its process is no longer running",
      check: ({ outcome }) => {
        const bad = outcome.cases.filter((c) => c.entriesAfterHelper !== 0 || c.poisonedProcessAlive);
        return bad.length === 0
          ? { ok: true }
          : { ok: false, message: bad.map((c) => `${c.fault}: ${c.entriesAfterHelper} entries left, poisoned process alive=${c.poisonedProcessAlive}`).join("; ") };
      },
    },
    {
      id: "liveness:next-run-gets-a-fresh-process",
      kind: "liveness",
      description: "the next run succeeds on a freshly started app-server",
      check: ({ outcome }) => {
        const bad = outcome.cases.filter((c) => !c.nextRun.ok || c.processes !== 2);
        return bad.length === 0 ? { ok: true } : { ok: false, message: bad.map((c) => `${c.fault}: next ok=${c.nextRun.ok}, ${c.processes} processes`).join("; ") };
      },
    },
  ],
  probes: ["helper.startup-timeout", "helper.epipe"],
  mutants: [
    {
      id: "spawned-run-never-clears",
      title: "a spawned run's startup failure never clears unless the connection is closed",
      recreates: "#87375 alone, before #87399: abandoned startups of spawned runs kept a wedged shared client",
      impl: (base) => ({
        ...base,
        policy: ({ error, spawnedBy }) =>
          isConnectionClosedError(error) || errorMessage(error).includes("EPIPE") || !isSpawnedRun(spawnedBy)
            ? { clear: true, reason: "pre-87399" }
            : { clear: false, reason: "pre-87399-spawned-keep" },
      }),
    },
  ],
  notTested: ["an abort signal fired by the caller mid-startup (covered by unit tests of the startup policy)"],
});
