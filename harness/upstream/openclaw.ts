/**
 * Runs OpenClaw's published `runCodexAppServerAttempt` (one pinned release) against fake-codex
 * with a fault script: the driver (driver/openclaw-attempt.mjs) runs under the release's Node in
 * its own session and process group, with `codex` on PATH being the fake; the result names the
 * release, its integrity, the Node, and the sha256 of every module file it loaded.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { runBlackBoxClient } from "../blackbox/run-client.ts";
import type { ScenarioContext } from "../scenario/types.ts";
import { releaseRuntime } from "./runtime.ts";

const DRIVER = join(import.meta.dirname, "driver", "openclaw-attempt.mjs");
/** Loading a release (≈700–1 000 module files) takes seconds on a busy machine; not part of the story's deadline. */
const LOAD_BUDGET_MS = 120_000;

export type OpenClawStory = "single" | "spawned-helper" | "second-top-level";

export interface AttemptResult {
  readonly label: string;
  /** The attempt rejected (e.g. a startup failure it rethrows). */
  readonly threw: boolean;
  readonly error: string | null;
  /** The attempt resolved with a prompt error (how OpenClaw reports a failed turn). */
  readonly promptError: string | null;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  readonly assistantText: string;
  readonly durationMs: number;
}

interface RegistrySnapshot {
  readonly entries: number;
  readonly withClient: number;
}

interface DriverResult {
  readonly node: string;
  readonly chunk: string;
  readonly phases: readonly string[];
  readonly secondTrigger: string | null;
  readonly atSecondEnd: { readonly parentSettled: boolean; readonly registry: RegistrySnapshot } | null;
  readonly registryAtEnd: RegistrySnapshot;
  readonly hang: { readonly pendingAttempts: readonly string[]; readonly afterMs: number } | null;
  readonly parent: AttemptResult | null;
  readonly second: AttemptResult | null;
  readonly modules: ReadonlyArray<{ readonly file: string; readonly sha256: string }>;
}

export interface OpenClawRun extends Omit<DriverResult, "modules" | "node" | "chunk"> {
  readonly upstream: {
    readonly release: string;
    readonly integrity: string;
    /** sha256 of the package-lock.json the install produced. */
    readonly lockSha256: string;
    readonly node: string;
    /** The module exporting runCodexAppServerAttempt, relative to the install dir. */
    readonly attemptChunk: string;
    /** Every module file of the install that the run loaded, with its sha256. */
    readonly modules: DriverResult["modules"];
  };
  /** App-server processes the fake saw start (one per `codex app-server` spawn). */
  readonly appServerProcesses: number;
  /** Requests the fake received, in order (method names). */
  readonly requests: readonly string[];
  /**
   * `turn/completed` notifications the fake had written when it wrote the first line matching the
   * run's `faultLine` (null: no such line). 0 means the fault landed while every turn was open.
   */
  readonly turnsCompletedBeforeFault: number | null;
}

export interface OpenClawRunOptions {
  readonly release: string;
  readonly story: OpenClawStory;
  readonly script: FakeCodexScript;
  /** Wall ms from "release loaded" until every attempt must have settled (widened by the run's deadline scale). */
  readonly storyDeadlineMs: number;
  /** OpenClaw's own attempt timeout (keep it above the scaled story deadline to see a missing signal as a hang; default max(600 s, 2 × it)). */
  readonly attemptTimeoutMs?: number;
  /** The second attempt's own timeout (OpenClaw's startup timeout is the attempt timeout); default the parent's. */
  readonly secondTimeoutMs?: number;
  /** The fake's first outgoing line matching this marks the fault (default: one mentioning 401). */
  readonly faultLine?: RegExp;
  /** OpenClaw's `appServer.requestTimeoutMs` (the startup timeout). */
  readonly requestTimeoutMs?: number;
}

export class UpstreamDriverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpstreamDriverError";
  }
}

function requestsOf(transcript: readonly unknown[]): string[] {
  const methods: string[] = [];
  for (const entry of transcript) {
    const e = entry as { dir?: unknown; line?: unknown };
    if (e.dir !== "in" || typeof e.line !== "string") continue;
    try {
      const msg = JSON.parse(e.line) as { method?: unknown; id?: unknown };
      if (typeof msg.method === "string" && msg.id !== undefined) methods.push(msg.method);
    } catch {
      // a partial line: not a request
    }
  }
  return methods;
}

function turnsCompletedBefore(transcript: readonly unknown[], faultLine: RegExp): number | null {
  let completedTurns = 0;
  for (const entry of transcript) {
    const e = entry as { dir?: unknown; line?: unknown };
    if (e.dir !== "out" || typeof e.line !== "string") continue;
    if (faultLine.test(e.line)) return completedTurns;
    if (e.line.includes('"method":"turn/completed"')) completedTurns += 1;
  }
  return null;
}

/**
 * An OpenClaw timeout kept above one of our (scaled) deadlines: twice it, never below OpenClaw's
 * usual figure. Our deadline then always fires first, so a release that is never told of a fault
 * is judged `hang` rather than "timed out by its own timeout".
 */
export function timeoutAbove(deadlineMs: number, floorMs: number): number {
  return Math.max(floorMs, 2 * deadlineMs);
}

export async function runOpenClawAttempts(ctx: ScenarioContext<unknown>, options: OpenClawRunOptions): Promise<OpenClawRun> {
  const runtime = await releaseRuntime(options.release);
  const dir = await ctx.tempDir("upstream");
  // Real-time bounds widen with the run's deadline scale; OpenClaw's own attempt timeout stays above them.
  const storyDeadlineMs = ctx.scaleMs(options.storyDeadlineMs);
  const home = join(dir, "home");
  await mkdir(join(dir, "state"), { recursive: true });
  await mkdir(home, { recursive: true });
  const request = {
    installDir: runtime.pkg.dir,
    packageName: runtime.pkg.name,
    story: options.story,
    codexCommand: join(dir, "bin", "codex"),
    workDir: join(dir, "work"),
    resultFile: join(dir, "result.json"),
    progressFile: join(dir, "progress.jsonl"),
    attemptTimeoutMs: options.attemptTimeoutMs ?? timeoutAbove(storyDeadlineMs, 600_000),
    requestTimeoutMs: options.requestTimeoutMs ?? ctx.scaleMs(10_000),
    storyDeadlineMs,
    ...(options.secondTimeoutMs === undefined ? {} : { secondTimeoutMs: options.secondTimeoutMs }),
  };
  await writeFile(join(dir, "request.json"), JSON.stringify(request));
  ctx.emit({ kind: "upstream.start", release: options.release, story: options.story, node: runtime.nodeVersion });
  const client = await runBlackBoxClient({
    name: options.release,
    command: runtime.nodeBin,
    args: [DRIVER, join(dir, "request.json")],
    env: { HOME: home, FAKE_CODEX_STATE_DIR: join(dir, "state"), NODE_COMPILE_CACHE: join(runtime.pkg.dir, "..", ".node-compile-cache") },
    cwd: dir,
    fakeCodexScript: options.script,
    deadlineMs: ctx.scaleMs(LOAD_BUDGET_MS + 15_000) + storyDeadlineMs,
    workDir: dir,
    clock: ctx.clock,
    emit: ctx.emit,
  });
  const text = await readFile(request.resultFile, "utf8").catch(() => undefined);
  if (text === undefined) {
    const progress = await readFile(request.progressFile, "utf8").catch(() => "");
    const stage = progress.includes('"ready"') ? "after loading the release" : "before the release finished loading";
    throw new UpstreamDriverError(
      `the ${options.release} driver wrote no result ${stage} (exit ${client.exitCode ?? client.signal ?? "?"}${client.timedOut ? ", killed at its deadline" : ""}): ${client.stderr.slice(-1_500)}`,
    );
  }
  const result = JSON.parse(text) as DriverResult;
  const { modules, node, chunk, ...rest } = result;
  ctx.emit({ kind: "upstream.result", release: options.release, hang: result.hang !== null, modules: modules.length, leftovers: client.leftovers.length });
  return {
    ...rest,
    upstream: { release: options.release, integrity: runtime.pkg.integrity, lockSha256: runtime.pkg.lockSha256, node, attemptChunk: chunk, modules },
    appServerProcesses: client.fakeCodexPids.length,
    requests: requestsOf(client.transcript),
    turnsCompletedBeforeFault: turnsCompletedBefore(client.transcript, options.faultLine ?? /401/),
  };
}

/**
 * Turns a driver-reported hang into the run's `hang` verdict, naming each attempt still pending
 * when the story's deadline passed.
 */
export async function judgeHang(ctx: ScenarioContext<unknown>, run: OpenClawRun): Promise<void> {
  if (run.hang === null) return;
  ctx.emit({ kind: "upstream.hang", release: run.upstream.release, node: run.upstream.node, pending: [...run.hang.pendingAttempts], afterMs: run.hang.afterMs, registryAtEnd: { ...run.registryAtEnd }, requests: [...run.requests] });
  ctx.emit({ kind: "upstream.modules", release: run.upstream.release, integrity: run.upstream.integrity, modules: run.upstream.modules.map((m) => `${m.sha256}  ${m.file}`) });
  for (const attempt of run.hang.pendingAttempts) void ctx.track(`${run.upstream.release} ${attempt} attempt (runCodexAppServerAttempt)`, new Promise<never>(() => {}));
  await ctx.hang(`no outcome ${run.hang.afterMs} ms after the fault`);
}
