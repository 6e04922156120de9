/**
 * What a black-box scenario needs around runBlackBoxClient: the client as data (so a mutant can
 * swap it), a run inside the scenario context (its temp dir, clock, trace, and a cleanup that never
 * lets a client outlive the scenario), the wall budget that leaves room for the kill, and the
 * lane's hang.
 */
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { Json, ScenarioContext } from "../scenario/types.ts";
import { runBlackBoxClient, type BlackBoxClientResult } from "./run-client.ts";
import { viewTranscript } from "./transcript.ts";

/** A client under test: `command args… <prompt>`. */
export interface ClientCommand {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

export interface ScenarioClientRun {
  readonly client: ClientCommand;
  readonly prompt: string;
  readonly fakeCodexScript: FakeCodexScript;
  readonly deadlineMs: number;
  readonly killGraceMs?: number;
  readonly settleMs?: number;
  readonly cwd?: string;
}

export const DEFAULT_KILL_GRACE_MS = 500;
export const DEFAULT_SETTLE_MS = 1_000;

/**
 * The scenario's wall budget for one client run: its deadline, the SIGTERM→SIGKILL grace, the
 * leftover settle window, and `marginMs` for set-up and the transcript.
 */
export function wallBudgetMs(deadlineMs: number, options: { killGraceMs?: number; settleMs?: number; marginMs?: number } = {}): number {
  return deadlineMs + (options.killGraceMs ?? DEFAULT_KILL_GRACE_MS) + (options.settleMs ?? DEFAULT_SETTLE_MS) + (options.marginMs ?? 1_000);
}

export async function runClientInScenario(ctx: ScenarioContext<unknown>, run: ScenarioClientRun): Promise<BlackBoxClientResult> {
  const workDir = await ctx.tempDir("blackbox");
  // A loaded machine widens the real-time budgets (ctx.scaleMs); a client that never exits still hangs.
  const scale = (ms: number): number => (typeof ctx.scaleMs === "function" ? ctx.scaleMs(ms) : ms);
  const running = runBlackBoxClient({
    name: run.client.name,
    command: run.client.command,
    args: [...run.client.args, run.prompt],
    fakeCodexScript: run.fakeCodexScript,
    deadlineMs: scale(run.deadlineMs),
    killGraceMs: scale(run.killGraceMs ?? DEFAULT_KILL_GRACE_MS),
    settleMs: scale(run.settleMs ?? DEFAULT_SETTLE_MS),
    workDir,
    clock: ctx.clock,
    emit: ctx.emit,
    ...(run.cwd === undefined ? {} : { cwd: run.cwd }),
  });
  // Should the runner's budget fire first, its cleanup still waits for the client's own deadline kill.
  ctx.defer(() => running.then(() => undefined, () => undefined));
  return ctx.track(`client ${run.client.name} exits`, running);
}

/** A context that can end the run as a hang at once (a runner hook; see hangAfterDeadline). */
interface HangCapable {
  hang(label: string): Promise<never>;
}

/**
 * The black-box lane's hang: the client did not exit by itself and was killed at its deadline; the
 * trace already holds the deadline, the exit and the leftover scan. If the context offers
 * `hang(label)`, the run ends as `hang` at once. Otherwise it parks on a tracked promise that never
 * settles, so the runner's wall budget (wallBudgetMs, just past the client's deadline) judges it
 * `hang` with `label` pending.
 */
export function hangAfterDeadline(ctx: ScenarioContext<unknown>, result: BlackBoxClientResult, label: string): Promise<never> {
  ctx.emit({ kind: "blackbox.hang", label, signal: result.signal, leftovers: result.leftovers.length });
  const hang = (ctx as Partial<HangCapable>).hang;
  if (typeof hang === "function") return hang.call(ctx, label);
  return ctx.track(label, new Promise<never>(() => {}));
}

/** Stable evidence for the report: no wall times, output trimmed to its last lines. */
export function summarizeClientRun(result: BlackBoxClientResult): Json {
  const tail = (text: string): string[] => text.split("\n").filter((l) => l !== "").slice(-5);
  const transcript = viewTranscript(result.transcript);
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    stdoutTail: tail(result.stdout),
    stderrTail: tail(result.stderr),
    leftovers: result.leftovers.map((p) => p.command),
    fakeCodex: result.fakeCodex,
    fakeCodexStarts: transcript.starts(),
    clientMethods: transcript.methods("in"),
    faults: transcript.events("appserver.fault").map((e) => String(e["rule"])),
    fakeCodexExits: transcript.exits().map((e) => `code=${e.code ?? "null"} signal=${e.signal ?? "null"}`),
    ...(result.tempLeftovers === undefined || result.tempLeftovers.length === 0 ? {} : { tempLeftovers: result.tempLeftovers.map((t) => `${t.kind} ${t.path}`) }),
  };
}
