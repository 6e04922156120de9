/**
 * Shared pieces of the upstream scenarios: the parent's streaming answer, the two 401 shapes of
 * seed 000 as fault scripts, and checks over an OpenClaw run. The releases and how each was
 * observed to behave are listed per scenario.
 */
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { AttemptResult, OpenClawRun } from "../../harness/upstream/openclaw.ts";
import type { Check, CheckResult, Json } from "../../harness/scenario/types.ts";

/**
 * Wall ms from "release loaded" until every attempt must have settled. Generous: a release lazily
 * loads more of itself during its first attempt, and on a loaded 2-core machine a healthy run has
 * taken 50 s; a release that is never told of a fault waits for its own 600 s attempt timeout.
 */
export const STORY_DEADLINE_MS = 90_000;
/** Load budget (120 s) + story deadline + slack: the runner's own wall budget for one run. */
export const UPSTREAM_WALL_MS = 260_000;

export const PARENT_ANSWER = "Parent is still working and now done.";
/**
 * Streams for ≈8 s of real time, so the second attempt starts, and fails, while it is in flight
 * even on a busy machine (its startup has been seen to take 2 s); the probes check that it did.
 */
export const PARENT_TURN = {
  eventDelayMs: 1_000,
  output: [{ type: "message" as const, phase: "final_answer" as const, deltas: ["Parent ", "is ", "still ", "working ", "and ", "now ", "done."] }],
};

export type Shape = "rpc-error" | "turn-error";

/** The fake's first line carrying the 401 (a uuid may contain "401", so the text is matched). */
export const FAULT_401_LINE = /Invalid bearer token|"httpStatusCode":401/;

/** The second attempt's 401 on the one shared app-server: its `thread/start`, or its turn's model call. */
export function second401Script(shape: Shape): FakeCodexScript {
  if (shape === "turn-error") return { model: { turns: [PARENT_TURN, { http: { status: 401, type: "authentication_error", message: "Invalid bearer token" } }] } };
  return {
    model: { turns: [PARENT_TURN] },
    rules: [
      {
        id: "second-thread-start-401",
        when: { process: 0, method: "thread/start", nth: 2 },
        action: { kind: "error", code: -32603, message: '401 {"type":"error","error":{"type":"authentication_error","message":"Invalid bearer token"}}' },
      },
    ],
  };
}

export const pass = (evidence?: Json): CheckResult => (evidence === undefined ? { ok: true } : { ok: true, evidence });
export const fail = (message: string, evidence?: Json): CheckResult => (evidence === undefined ? { ok: false, message } : { ok: false, message, evidence });

export const failedWith401 = (a: AttemptResult | null): boolean => a !== null && (a.threw || a.promptError !== null) && /401|unauthori[sz]ed/i.test(`${a.error ?? ""} ${a.promptError ?? ""}`);
export const completed = (a: AttemptResult | null, text: string): boolean => a !== null && !a.threw && a.promptError === null && !a.timedOut && a.assistantText === text;
export const describeAttempt = (a: AttemptResult | null): string =>
  a === null ? "never settled" : a.threw ? `threw "${a.error ?? ""}"` : a.promptError !== null ? `prompt error "${a.promptError}"` : a.timedOut ? "timed out" : `completed "${a.assistantText}"`;

export const attemptJson = (a: AttemptResult | null): Json => (a === null ? null : { ...a });

export const exactlyOneAppServer: Check<OpenClawRun> = {
  id: "safety:exactly-one-app-server",
  kind: "safety",
  description: "OpenClaw's registry gave both attempts one app-server process",
  check: ({ outcome: o }) => (o.appServerProcesses === 1 ? pass({ appServerProcesses: 1 }) : fail(`${o.appServerProcesses} app-server processes were started`)),
};

/** What the report keeps of a run (module hashes are in `upstream.modules`). */
export function summarizeRun(o: OpenClawRun): Json {
  return {
    upstream: { ...o.upstream, modules: o.upstream.modules.map((m) => ({ ...m })) },
    secondTrigger: o.secondTrigger,
    phases: [...o.phases],
    parent: attemptJson(o.parent),
    second: attemptJson(o.second),
    atSecondEnd: o.atSecondEnd === null ? null : { parentSettled: o.atSecondEnd.parentSettled, registry: { ...o.atSecondEnd.registry } },
    registryAtEnd: { ...o.registryAtEnd },
    appServerProcesses: o.appServerProcesses,
    requests: [...o.requests],
    turnsCompletedBeforeFault: o.turnsCompletedBeforeFault,
  };
}
