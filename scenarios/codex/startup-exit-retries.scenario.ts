/**
 * Story (§2.7 retry loop): the app-server exits while a run is starting. "codex app-server exited:"
 * is a connection-closed error: the dead client is cleared and startup retries (up to 3 attempts),
 * for spawned and top-level runs alike, and succeeds on a fresh process.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { runCodexAttempt } from "../../src/codex/index.ts";
import { defaultImpl } from "./helper-401.story.ts";
import { createSharedClientWorld, HELPER_SPAWNED_BY, type SharedClientImpl } from "./world.ts";

interface RunCase {
  readonly spawned: boolean;
  readonly ok: boolean;
  readonly error: string | null;
  readonly clientId: string | null;
  readonly processes: number;
}

export default defineScenario<SharedClientImpl, { cases: RunCase[] }>({
  id: "codex/startup-exit-retries",
  title: "The app-server exits during startup: clear, retry, and succeed on a fresh process",
  behavior: "Startup retry on connection-closed errors (\"codex app-server exited: …\"), kept by #87375/#87399 for spawned and top-level runs.",
  lane: "deterministic",
  seeds: [1, 2],
  tags: ["seed-000", "shared-client"],
  impl: defaultImpl,
  async run(ctx, impl) {
    const cases: RunCase[] = [];
    for (const spawned of [false, true]) {
      const world = createSharedClientWorld(
        ctx,
        impl,
        { rules: [{ id: "exit-on-thread-start", when: { process: 0, method: "thread/start", nth: 1 }, action: { kind: "exit", code: 1 } }] },
        spawned ? "spawned" : "top",
      );
      const r = await ctx.track(
        `${spawned ? "spawned" : "top-level"} run`,
        runCodexAttempt(world.attempt({ label: spawned ? "helper" : "parent", text: "Go.", ...(spawned ? { spawnedBy: HELPER_SPAWNED_BY } : {}) })),
      );
      cases.push({
        spawned,
        ok: r.ok,
        error: r.phase === "startup" ? r.error : (r.turn.error?.message ?? null),
        clientId: r.phase === "turn" ? r.clientId : null,
        processes: world.spawner.spawned.length,
      });
    }
    return { cases };
  },
  checks: [
    {
      id: "safety:retry-uses-a-fresh-process",
      kind: "safety",
      description: "the retry starts exactly one new app-server (two in all) and the run ends on the second client",
      check: ({ outcome }) => {
        const bad = outcome.cases.filter((c) => c.processes !== 2 || !(c.clientId ?? "").endsWith("-2"));
        return bad.length === 0 ? { ok: true } : { ok: false, message: bad.map((c) => `spawned=${c.spawned}: ${c.processes} processes, client ${c.clientId}`).join("; ") };
      },
    },
    {
      id: "liveness:attempt-succeeds-after-exit",
      kind: "liveness",
      description: "the attempt completes its turn despite the exit during startup",
      check: ({ outcome }) => {
        const bad = outcome.cases.filter((c) => !c.ok);
        return bad.length === 0 ? { ok: true } : { ok: false, message: bad.map((c) => `spawned=${c.spawned}: ${c.error}`).join("; ") };
      },
    },
    {
      id: "safety:dead-client-cleared-before-retry",
      kind: "safety",
      description: "every retry follows a clear of the exited client",
      check: ({ events }) => {
        const retries = events("startup.retry");
        const bad = retries.filter((r) => !String(r.event["message"]).startsWith("codex app-server exited:"));
        return retries.length === 2 && bad.length === 0
          ? { ok: true, evidence: { retries: retries.length } }
          : { ok: false, message: `${retries.length} retries; messages: ${retries.map((r) => String(r.event["message"])).join(" | ")}` };
      },
    },
  ],
  probes: [],
  mutants: [
    {
      id: "no-connection-closed-retry",
      title: "startup gives up on the first connection-closed error",
      recreates: "a startup without the connection-close retry loop: one crashed spawn fails the run",
      impl: (base) => ({ ...base, maxConnectionCloseAttempts: 1 }),
    },
  ],
});
