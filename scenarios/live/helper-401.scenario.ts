/**
 * The live helper-401 proof that OpenClaw #72812/#87375 reviewers asked for and never got: a
 * parent thread and a spawned helper share ONE real `codex app-server` through the shared leased
 * client; the helper's turn gets the real 401 from the (loopback) model API; the parent's next
 * turn still completes on the same process. Known-bad variants: clearing the shared client on any
 * failure (pre-fix) and giving the helper its own app-server (the rejected #72812 design).
 */
import type { ModelScript } from "../../fakes/app-server/script.ts";
import { API_KEY_401 } from "../../fakes/model-api/index.ts";
import type { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import { isolatedClientAcquisition, sharedLeaseAcquisition, startAttemptThread, type StartupClientAcquisition } from "../../src/codex/startup.ts";
import { postFixStartupCleanupPolicy, type StartupCleanupPolicy } from "../../src/codex/startup-policy.ts";
import { startLiveRegistry } from "../../harness/live/live-registry.ts";
import { runTurn, type TurnOutcome } from "../../harness/live/turn.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import type { Json } from "../../harness/scenario/types.ts";

interface Impl {
  readonly policy: StartupCleanupPolicy;
  readonly helperAcquisition: StartupClientAcquisition;
}

interface Outcome {
  readonly codexVersion: string;
  /** "netns": loopback-only network namespace; "none": the explicit override. */
  readonly isolation: string;
  readonly appServerProcesses: number;
  /** The real app-server processes (namespace wrapper pids) and which were still running at the end. */
  readonly appServerPids: readonly number[];
  readonly alivePidsAtEnd: readonly number[];
  readonly parentClientId: string;
  readonly helperClientId: string | null;
  readonly parentFirstTurn: TurnOutcome;
  readonly helperTurn: TurnOutcome | null;
  readonly helperCleanup: { readonly clear: boolean; readonly reason: string } | null;
  readonly parentClientOpenAfterHelper: boolean;
  readonly parentSecondTurn: TurnOutcome;
  readonly parentClientIdAfter: string | null;
  readonly modelRequests: ReadonlyArray<{ status: number; remoteAddress: string }>;
}

const PARENT_ANSWER = { output: [{ type: "message", phase: "final_answer", deltas: ["Parent ", "is ", "fine."] }] } as const;

/**
 * Turns by index, as the one shared app-server makes them: the parent's first turn, the helper's
 * turn (the API-key 401) and the parent's second turn.
 */
const MODEL: ModelScript = { turns: [PARENT_ANSWER, API_KEY_401, PARENT_ANSWER] };

class HelperTurnFailedError extends Error {
  constructor(turn: TurnOutcome) {
    super(turn.error?.message ?? turn.clientError ?? `helper turn ${turn.status}`);
    this.name = "HelperTurnFailedError";
  }
}

const is401 = (t: TurnOutcome | null): boolean =>
  t?.status === "failed" && JSON.stringify(t.error?.codexErrorInfo ?? null) === JSON.stringify({ httpConnectionFailed: { httpStatusCode: 401 } });

export default defineScenario<Impl, Outcome>({
  id: "live/helper-401-keeps-parent",
  title: "A spawned helper's real 401 keeps the parent alive on exactly one real codex app-server",
  behavior:
    "OpenClaw #72574/#72812/#87375: a spawned helper run hitting 401 must not tear down the shared Codex app-server its parent session uses; one app-server for the runtime.",
  lane: "live",
  seeds: [1],
  tags: ["live", "seed-000"],
  budgets: { wallMs: 120_000 },
  impl: () => ({ policy: postFixStartupCleanupPolicy, helperAcquisition: sharedLeaseAcquisition }),

  async run(ctx, impl) {
    const live = await startLiveRegistry(ctx, { model: MODEL });
    // Each step's real-time bound widens with the run's deadline scale on a loaded machine.
    const stepMs = ctx.scaleMs(30_000);
    const common = { registry: live.registry, startOptions: live.startOptions, timeoutMs: stepMs, threadParams: {}, clock: ctx.clock, emit: ctx.emit };

    // The parent session starts its thread on the shared client and runs a normal turn.
    const parent = await ctx.track("parent startup", startAttemptThread({ ...common, runLabel: "parent", policy: impl.policy }));
    const parentFirstTurn = await ctx.track("parent turn 1", runTurn(parent.client, { threadId: parent.thread.thread.id, text: "parent: say hello", timeoutMs: stepMs }));
    if (parentFirstTurn.status === "completed") ctx.probe("live.parent-turn-completed");

    // A helper spawned by the parent runs on the same runtime; its model call gets the real 401.
    let helperClient: CodexAppServerClient | null = null;
    let helperTurn: TurnOutcome | null = null;
    let helperCleanup: Outcome["helperCleanup"] = null;
    let releaseHelper = (): void => {};
    try {
      const helper = await ctx.track(
        "helper startup",
        startAttemptThread({ ...common, spawnedBy: "parent", runLabel: "helper-1", policy: impl.policy, acquisition: impl.helperAcquisition }),
      );
      helperClient = helper.client;
      releaseHelper = helper.release;
      helperTurn = await ctx.track("helper turn", runTurn(helper.client, { threadId: helper.thread.thread.id, text: "helper: summarize the repo", timeoutMs: stepMs }));
      if (is401(helperTurn)) ctx.probe("live.helper-real-401");
      if (helperTurn.status !== "completed") throw new HelperTurnFailedError(helperTurn);
    } catch (error) {
      // The helper run failed: the runtime's cleanup policy decides whether the shared client goes.
      const decision = impl.policy({ error, spawnedBy: "parent", runAborted: false });
      helperCleanup = { clear: decision.clear, reason: decision.reason };
      ctx.emit({ kind: "live.helper-failed", message: error instanceof Error ? error.message : String(error), decision: helperCleanup });
      if (decision.clear && helperClient !== null) live.registry.clearIfCurrent(helperClient);
    } finally {
      releaseHelper();
    }

    // The parent carries on: its next turn must complete on the same process.
    const parentClientOpenAfterHelper = !parent.client.isClosed;
    const parentSecondTurn = await ctx.track("parent turn 2", runTurn(parent.client, { threadId: parent.thread.thread.id, text: "parent: still there?", timeoutMs: stepMs }));
    return {
      codexVersion: live.lane.codexVersion,
      isolation: live.lane.isolation,
      appServerProcesses: live.spawnedPids.length,
      appServerPids: [...live.spawnedPids],
      alivePidsAtEnd: live.spawnedPids.filter((pid) => !live.exitedPids.has(pid)),
      parentClientId: parent.clientId,
      helperClientId: helperClient?.id ?? null,
      parentFirstTurn,
      helperTurn,
      helperCleanup,
      parentClientOpenAfterHelper,
      parentSecondTurn,
      parentClientIdAfter: live.registry.entries()[0]?.clientId ?? null,
      modelRequests: live.home.modelRequests().map((r) => ({ status: r.status, remoteAddress: r.remoteAddress })),
    };
  },

  summarize: (outcome) => outcome as unknown as Json,

  checks: [
    {
      id: "helper-got-real-401",
      kind: "safety",
      description: "the helper's turn failed with the real binary's API-key 401 shape (httpConnectionFailed 401)",
      check: ({ outcome }) =>
        is401(outcome.helperTurn)
          ? { ok: true, evidence: outcome.helperTurn as unknown as Json }
          : { ok: false, message: `the helper's turn did not fail with a 401: ${JSON.stringify(outcome.helperTurn)}` },
    },
    {
      id: "exactly-one-app-server",
      kind: "safety",
      description: "parent and helper share one real codex app-server process",
      check: ({ outcome }) =>
        outcome.appServerProcesses === 1 && outcome.helperClientId === outcome.parentClientId
          ? { ok: true, evidence: { appServerProcesses: 1, clientId: outcome.parentClientId } }
          : {
              ok: false,
              message: `${outcome.appServerProcesses} app-server processes; parent client ${outcome.parentClientId}, helper client ${outcome.helperClientId ?? "none"}`,
            },
    },
    {
      id: "parent-survives-helper-401",
      kind: "liveness",
      description: "after the helper's 401 the parent's client is still open and its next turn completes on the same process",
      check: ({ outcome }) =>
        outcome.parentClientOpenAfterHelper &&
        outcome.parentSecondTurn.status === "completed" &&
        outcome.parentClientIdAfter === outcome.parentClientId &&
        outcome.alivePidsAtEnd.length === 1
          ? {
              ok: true,
              evidence: { secondTurn: outcome.parentSecondTurn.finalText, helperCleanup: outcome.helperCleanup, alivePidsAtEnd: outcome.alivePidsAtEnd } as Json,
            }
          : {
              ok: false,
              message: `the parent lost its app-server: open after helper=${outcome.parentClientOpenAfterHelper}, second turn ${outcome.parentSecondTurn.status} (${outcome.parentSecondTurn.clientError ?? "no client error"}), ${outcome.alivePidsAtEnd.length} process(es) alive at the end`,
            },
    },
    {
      id: "model-api-loopback-only",
      kind: "safety",
      description: "every model request came over loopback: parent, helper 401, parent again",
      check: ({ outcome }) => {
        const outside = outcome.modelRequests.filter((r) => !["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(r.remoteAddress));
        return outside.length === 0 ? { ok: true, evidence: outcome.modelRequests as unknown as Json } : { ok: false, message: `${outside.length} non-loopback model request(s)` };
      },
    },
  ],
  probes: ["live.parent-turn-completed", "live.helper-real-401"],
  mutants: [
    {
      id: "clear-on-any-failure",
      title: "the helper's failure clears the shared client",
      recreates: "OpenClaw pre-#87375: the outer startup catch cleared the shared client on every failure (#72574)",
      impl: (base) => ({ ...base, policy: () => ({ clear: true, reason: "any-failure" }) }),
    },
    {
      id: "isolated-client-per-helper",
      title: "the helper gets its own private app-server",
      recreates: "the rejected #72812 design: a spawned run starts a second app-server to contain its failure",
      impl: (base) => ({ ...base, helperAcquisition: isolatedClientAcquisition }),
    },
  ],
  notTested: [
    "The 401 is the real binary's turn-level API-key shape; the ChatGPT-token 'unauthorized' shape and a thread/start JSON-RPC 401 (gateway path) are covered by the deterministic lane.",
    "The helper's failure is routed through the startup cleanup policy by this scenario's run loop, as OpenClaw's attempt cleanup does.",
  ],
});
