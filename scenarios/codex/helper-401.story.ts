/**
 * Story (seed 000, OpenClaw #72574 → #87375/#87399): a parent run has a turn in flight on the shared
 * Codex app-server when a helper it spawned fails with a 401. After the fix the helper fails alone:
 * its lease is released, the shared process and its entry stay, and the parent's turn completes on
 * the very same client. Told twice, once per real 401 shape.
 */
import { sleep } from "../../src/runtime/clock.ts";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { defineScenario } from "../../harness/scenario/define.ts";
import type { Check, CheckInput, MutantDef, ScenarioDef } from "../../harness/scenario/types.ts";
import {
  isolatedClientAcquisition,
  isSpawnedRun,
  keepSharedClientOnTurnFailure,
  postFixStartupCleanupPolicy,
  runCodexAttempt,
  sharedLeaseAcquisition,
  STARTUP_CONNECTION_CLOSE_MAX_ATTEMPTS,
} from "../../src/codex/index.ts";
import { CANARY_BEARER_TOKEN } from "../canary.ts";
import { createSharedClientWorld, HELPER_SPAWNED_BY, type SharedClientImpl } from "./world.ts";

export type Shape = "rpc-error" | "turn-error";

interface EntrySnapshot {
  readonly keyHash: string;
  readonly clientId: string | null;
  readonly activeLeases: number;
}

export interface Helper401Outcome {
  readonly helper: { readonly ok: boolean; readonly error: string };
  readonly parent: { readonly ok: boolean; readonly status: string; readonly clientId: string | null; readonly error: string | null };
  /** The moment the helper's attempt returned. */
  readonly atHelperFailure: { readonly parentStillRunning: boolean; readonly entries: readonly EntrySnapshot[] };
  readonly appServerProcesses: number;
  readonly entriesAtEnd: readonly EntrySnapshot[];
}

export const defaultImpl = (): SharedClientImpl => ({
  policy: postFixStartupCleanupPolicy,
  acquisition: sharedLeaseAcquisition,
  turnPolicy: keepSharedClientOnTurnFailure,
  maxConnectionCloseAttempts: STARTUP_CONNECTION_CLOSE_MAX_ATTEMPTS,
});

/** The parent's model answer takes 2 s; the helper starts 0.5 s in, while that turn is in flight. */
function script(shape: Shape): FakeCodexScript {
  const parentTurn = { delayMs: 2_000, output: [{ type: "message" as const, phase: "final_answer" as const, deltas: ["Parent ", "done."] }] };
  if (shape === "turn-error") {
    return { model: { turns: [parentTurn, { http: { status: 401, type: "authentication_error", message: "Invalid bearer token" } }] } };
  }
  const helper401 = {
    kind: "error" as const,
    code: -32603,
    message: '401 {"type":"error","error":{"type":"authentication_error","message":"Invalid bearer token"}}',
    // A server that echoes the request's credentials: the harness must redact it everywhere.
    data: { authorization: `Bearer ${CANARY_BEARER_TOKEN}` },
  };
  return {
    model: { turns: [parentTurn] },
    rules: [
      // The helper's thread/start: the second one on the shared process…
      { id: "helper-thread-start-401", when: { process: 0, method: "thread/start", nth: 2 }, action: helper401 },
      // …or the first one on a second process, should a variant give the helper its own.
      { id: "helper-thread-start-401-private", when: { process: 1, method: "thread/start", nth: 1 }, action: helper401 },
    ],
  };
}

const snapshot = (entries: ReadonlyArray<{ keyHash: string; clientId: string | null; activeLeases: number }>): EntrySnapshot[] =>
  entries.map((e) => ({ keyHash: e.keyHash, clientId: e.clientId, activeLeases: e.activeLeases }));

/** The client the helper's attempt failed on, from its startup or turn failure event. */
function helperFailureClient(events: CheckInput<Helper401Outcome>["events"]): string | null {
  const failed = [...events("startup.failed"), ...events("attempt.turn-failed")].find((r) => r.event["run"] === "helper");
  const id = failed?.event["clientId"];
  return typeof id === "string" ? id : null;
}

const pass = { ok: true } as const;
const fail = (message: string) => ({ ok: false, message }) as const;

const checks: ReadonlyArray<Check<Helper401Outcome>> = [
  {
    id: "safety:helper-fails-with-401",
    kind: "safety",
    description: "the spawned helper's attempt fails, and the failure is the 401",
    check: ({ outcome: o }) => (!o.helper.ok && /401|unauthori[sz]ed/i.test(o.helper.error) ? pass : fail(`helper: ok=${o.helper.ok} error=${o.helper.error}`)),
  },
  {
    id: "safety:parent-turn-completes-on-same-client",
    kind: "safety",
    description: "the parent's in-flight turn completes, on the client instance the helper failed on",
    check: ({ outcome: o, events }) => {
      const helperClientId = helperFailureClient(events);
      return o.parent.ok && o.parent.status === "completed" && o.parent.clientId !== null && o.parent.clientId === helperClientId
        ? { ok: true, evidence: { parentClientId: o.parent.clientId, helperClientId } }
        : fail(`parent turn ${o.parent.status} on ${o.parent.clientId} (helper failed on ${helperClientId}): ${o.parent.error ?? "no error"}`);
    },
  },
  {
    id: "safety:exactly-one-app-server",
    kind: "safety",
    description: "exactly one app-server process was started for the parent and its helper",
    check: ({ outcome: o }) => (o.appServerProcesses === 1 ? pass : fail(`${o.appServerProcesses} app-server processes were started`)),
  },
  {
    id: "safety:shared-entry-survives-with-parent-lease",
    kind: "safety",
    description: "when the helper fails, the shared entry is still there and holds exactly the parent's lease",
    check: ({ outcome: o }) => {
      const entries = o.atHelperFailure.entries;
      const ok = entries.length === 1 && entries[0]?.clientId === o.parent.clientId && entries[0]?.activeLeases === 1;
      return ok ? { ok: true, evidence: { entries: entries.map((e) => ({ ...e })) } } : fail(`entries at helper failure: ${JSON.stringify(entries)}`);
    },
  },
  {
    id: "liveness:leases-drain",
    kind: "liveness",
    description: "after both runs end, the shared client holds no lease",
    check: ({ outcome: o }) => (o.entriesAtEnd.every((e) => e.activeLeases === 0) ? pass : fail(`entries at end: ${JSON.stringify(o.entriesAtEnd)}`)),
  },
];

export function helper401Scenario(shape: Shape, extraMutants: ReadonlyArray<MutantDef<SharedClientImpl>>): ScenarioDef<SharedClientImpl, Helper401Outcome> {
  return defineScenario<SharedClientImpl, Helper401Outcome>({
    id: `codex/helper-401-${shape}`,
    title: `A spawned helper's 401 (${shape === "rpc-error" ? "thread/start JSON-RPC error" : "turn-level error + turn/completed failed"}) keeps the parent alive on one app-server`,
    behavior:
      "OpenClaw #72574: a spawned helper's 401 tore down the parent's shared Codex app-server. Fixed by #87375/#87399: a spawned run's logical failure releases its lease and keeps the shared client.",
    lane: "deterministic",
    seeds: [1, 2, 3],
    tags: ["seed-000", "shared-client"],
    impl: defaultImpl,
    async run(ctx, impl) {
      const world = createSharedClientWorld(ctx, impl, script(shape));
      let parentDone = false;
      const parent = ctx.track("parent attempt", runCodexAttempt(world.attempt({ label: "parent", text: "Summarize the repo." })));
      void parent.then(() => (parentDone = true));
      await sleep(ctx.clock, 500);
      const helper = await ctx.track(
        "helper attempt",
        runCodexAttempt(world.attempt({ label: "helper", spawnedBy: HELPER_SPAWNED_BY, text: "Check the build." })),
      );
      const atHelperFailure = { parentStillRunning: !parentDone, entries: snapshot(world.registry.entries()) };
      if (!helper.ok) ctx.probe("helper.failed-with-401");
      if (atHelperFailure.parentStillRunning) ctx.probe("parent.turn-in-flight-at-helper-failure");
      const p = await parent;
      return {
        helper: { ok: helper.ok, error: helper.phase === "startup" ? helper.error : (helper.turn.error?.message ?? helper.turn.status) },
        parent: p.phase === "turn" ? { ok: p.ok, status: p.turn.status, clientId: p.clientId, error: p.turn.error?.message ?? null } : { ok: false, status: "startup-failed", clientId: null, error: p.error },
        atHelperFailure,
        appServerProcesses: world.spawner.spawned.length,
        entriesAtEnd: snapshot(world.registry.entries()),
      };
    },
    checks,
    probes: ["helper.failed-with-401", "parent.turn-in-flight-at-helper-failure"],
    mutants: [
      {
        id: "isolated-client-per-helper",
        title: "a spawned helper gets a private app-server",
        recreates: "#72812, the rejected design: contain the helper's failure by starting a second app-server",
        impl: (base) => ({ ...base, acquisition: (i) => (isSpawnedRun(i.spawnedBy) ? isolatedClientAcquisition(i) : sharedLeaseAcquisition(i)) }),
      },
      ...extraMutants,
    ],
    notTested: [
      "the real codex binary (see the live lane), the OpenClaw gateway's own websocket between the UI and the runtime",
      "token refresh for ChatGPT-mode auth beyond the `unauthorized` error shape",
    ],
  });
}
