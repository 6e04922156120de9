/**
 * runBlackBoxClient: runs any client command with a fake `codex` first on PATH, under a wall-clock
 * deadline, and reports what a black-box judge needs: exit code or signal, whether the deadline
 * passed (the client's whole process group is then killed, SIGTERM then SIGKILL), its output, the
 * processes of the run still alive after it ended (killed, and reported), and the fake's transcript.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { execa } from "execa";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { sleep, type Clock } from "../../src/runtime/clock.ts";
import { noopSink, type EventSink } from "../../src/runtime/events.ts";
import { realClock } from "../../src/runtime/real-clock.ts";
import { emergencyCleanup } from "../runner/interrupt.ts";
import { defaultFakeCodexProgram, installFakeCodex, type FakeCodexProgram } from "./fake-codex-bin.ts";
import { findMarkedProcesses, RUN_MARKER_VARIABLE, signalProcess, signalProcessGroup, type MarkedProcess } from "./processes.ts";

export interface BlackBoxClientOptions {
  /** Names the client in trace events (e.g. "run-turn"). */
  readonly name?: string;
  readonly command: string;
  readonly args?: readonly string[];
  /** Added to this process's environment (PATH and the fake's variables are set by the lane). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly fakeCodexScript?: FakeCodexScript;
  /** Wall milliseconds the client gets before its process group is killed and the run is `timedOut`. */
  readonly deadlineMs: number;
  /** Between SIGTERM and SIGKILL of a timed-out client's group; default 500 ms. */
  readonly killGraceMs?: number;
  /** How long the run's other processes get to exit after the client did; default 1 000 ms. */
  readonly settleMs?: number;
  /** Where the run's bin dir, script and transcript go; default a fresh temp dir, removed afterwards. */
  readonly workDir?: string;
  /** Keep the fake's full transcript here (default: inside the work dir, read and removed). */
  readonly transcriptFile?: string;
  readonly fakeCodex?: FakeCodexProgram;
  readonly clock?: Clock;
  readonly emit?: EventSink;
}

export interface BlackBoxClientResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Why the client could not be started (e.g. `spawn nope ENOENT`); null when it ran. */
  readonly spawnError: string | null;
  /** The client had not exited by its deadline; its process group was killed. */
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Processes of this run still alive `settleMs` after the client ended (they were then killed). */
  readonly leftovers: readonly MarkedProcess[];
  /** The fake's transcript, one entry per line (parsed JSON, or the raw line). */
  readonly transcript: readonly unknown[];
  /** Which fake ran as `codex` (the program's label). */
  readonly fakeCodex: string;
  /** The pids of the fake-codex processes of the run, from the transcript's start entries. */
  readonly fakeCodexPids: readonly number[];
  /**
   * What the client's processes left in the private TMPDIR the run gave them (relative paths):
   * temp dirs, files and unix sockets. Evidence, not a verdict.
   */
  readonly tempLeftovers?: ReadonlyArray<{ readonly path: string; readonly kind: "dir" | "file" | "socket" | "other" }>;
}

const POLL_MS = 50;
const STREAM_DRAIN_MS = 2_000;

function isStart(entry: unknown): entry is { dir: "start"; pid: number } {
  return typeof entry === "object" && entry !== null && (entry as { dir?: unknown }).dir === "start" && typeof (entry as { pid?: unknown }).pid === "number";
}

function parseTranscript(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return line;
      }
    });
}

/**
 * Polls until no process of the run is alive or `settleMs` passed; kills and returns the rest.
 * "None alive" must hold on two scans in a row: a process in the middle of an exec can read as
 * having no environment for an instant.
 */
async function collectLeftovers(marker: string, clock: Clock, settleMs: number): Promise<MarkedProcess[]> {
  const until = clock.nowMs() + settleMs;
  let alive = await findMarkedProcesses(marker);
  let emptyScans = alive.length === 0 ? 1 : 0;
  while (emptyScans < 2 && clock.nowMs() < until) {
    await sleep(clock, POLL_MS, { label: "black-box leftover poll" });
    const now = await findMarkedProcesses(marker);
    emptyScans = now.length === 0 ? emptyScans + 1 : 0;
    if (now.length > 0 || emptyScans >= 2) alive = now;
  }
  for (const p of alive) signalProcess(p.pid, "SIGKILL");
  for (let i = 0; i < 20 && (await findMarkedProcesses(marker)).length > 0; i++) await sleep(clock, POLL_MS, { label: "black-box kill wait" });
  return alive;
}

export async function runBlackBoxClient(options: BlackBoxClientOptions): Promise<BlackBoxClientResult> {
  const clock = options.clock ?? realClock;
  const emit = options.emit ?? noopSink;
  const name = options.name ?? options.command;
  const ownsDir = options.workDir === undefined;
  const dir = options.workDir ?? (await mkdtemp(join(tmpdir(), "clp-blackbox-")));
  if (ownsDir) emergencyCleanup.addTempDir(dir);
  try {
    const program = options.fakeCodex ?? defaultFakeCodexProgram();
    const binDir = join(dir, "bin");
    await mkdir(binDir, { recursive: true });
    await installFakeCodex(binDir, program);
    const scriptPath = join(dir, "fake-codex-script.json");
    const transcriptPath = options.transcriptFile ?? join(dir, "fake-codex-transcript.jsonl");
    if (options.transcriptFile !== undefined) await writeFile(transcriptPath, "");
    await writeFile(scriptPath, JSON.stringify(options.fakeCodexScript ?? {}));
    // The client's own TMPDIR: what it leaves there (temp dirs, unix sockets) is evidence.
    const clientTmp = join(dir, "tmp");
    await mkdir(clientTmp, { recursive: true });
    await shareTsxCache(clientTmp);
    const env = {
      ...process.env,
      TMPDIR: clientTmp,
      ...options.env,
      PATH: `${binDir}${delimiter}${process.env["PATH"] ?? ""}`,
      FAKE_CODEX_SCRIPT: scriptPath,
      FAKE_CODEX_TRANSCRIPT: transcriptPath,
      [RUN_MARKER_VARIABLE]: dir,
    };
    const exec = await execClient(options, { env, clock, emit, name, marker: dir });
    const transcript = parseTranscript(await readFile(transcriptPath, "utf8").catch(() => ""));
    const fakeCodexPids = transcript.flatMap((e) => (isStart(e) ? [e.pid] : []));
    emit({ kind: "blackbox.fake-codex", client: name, program: program.label, pids: fakeCodexPids });
    const tempLeftovers = await listTempLeftovers(clientTmp);
    if (tempLeftovers.length > 0) emit({ kind: "blackbox.temp-leftovers", client: name, count: tempLeftovers.length, paths: tempLeftovers.map((t) => `${t.kind} ${t.path}`) });
    return { ...exec, transcript, fakeCodex: program.label, fakeCodexPids, tempLeftovers };
  } finally {
    if (ownsDir) {
      await rm(dir, { recursive: true, force: true });
      emergencyCleanup.removeTempDir(dir);
    }
  }
}

/** tsx keeps its compile cache in $TMPDIR/tsx-<uid>: link the warm one in, or every client run compiles cold. */
async function shareTsxCache(clientTmp: string): Promise<void> {
  const name = `tsx-${process.getuid?.() ?? 0}`;
  const shared = join(tmpdir(), name);
  await mkdir(shared, { recursive: true }).catch(() => undefined);
  await symlink(shared, join(clientTmp, name)).catch(() => undefined);
}

/** Everything under the client's TMPDIR (tsx's compile cache excepted), with unix sockets named as such. */
async function listTempLeftovers(root: string): Promise<Array<{ path: string; kind: "dir" | "file" | "socket" | "other" }>> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .map((e) => ({ path: relative(root, join(e.parentPath, e.name)), kind: e.isDirectory() ? ("dir" as const) : e.isFile() ? ("file" as const) : e.isSocket() ? ("socket" as const) : ("other" as const) }))
    .filter((e) => !/^tsx-\d+(\/|$)/.test(e.path))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

interface ExecContext {
  readonly env: Record<string, string | undefined>;
  readonly clock: Clock;
  readonly emit: EventSink;
  readonly name: string;
  readonly marker: string;
}

async function execClient(options: BlackBoxClientOptions, c: ExecContext): Promise<Omit<BlackBoxClientResult, "transcript" | "fakeCodex" | "fakeCodexPids">> {
  const startedAt = c.clock.nowMs();
  // Detached: the client leads its own process group, so the deadline can kill its whole tree.
  const child = execa(options.command, [...(options.args ?? [])], {
    env: c.env,
    extendEnv: false,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    detached: true,
    reject: false,
    stdin: "ignore",
    stripFinalNewline: false,
  });
  const pgid = child.pid;
  // A forced Ctrl-C skips every finally: the group is killed by the emergency cleanup.
  emergencyCleanup.addProcessGroup(pgid);
  // execa's `cleanup` skips detached children: should this process exit first, take the group along.
  const killOnExit = (): void => void signalProcessGroup(pgid, "SIGKILL");
  process.once("exit", killOnExit);
  c.emit({ kind: "blackbox.client.start", client: c.name, pid: pgid, deadlineMs: options.deadlineMs });
  const exited = new Promise<{ code: number | null; signal: string | null; spawnError: string | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal, spawnError: null }));
    child.once("error", (error) => resolve({ code: null, signal: null, spawnError: error.message }));
  });
  let timedOut = false;
  const timers: number[] = [];
  timers.push(
    c.clock.setTimer(options.deadlineMs, () => {
      timedOut = true;
      c.emit({ kind: "blackbox.client.deadline", client: c.name, deadlineMs: options.deadlineMs });
      signalProcessGroup(pgid, "SIGTERM");
      timers.push(c.clock.setTimer(options.killGraceMs ?? 500, () => signalProcessGroup(pgid, "SIGKILL"), { label: "black-box force kill" }));
    }, { label: `black-box deadline ${c.name}` }),
  );
  const exit = await exited;
  for (const t of timers) c.clock.clearTimer(t);
  process.removeListener("exit", killOnExit);
  const durationMs = c.clock.nowMs() - startedAt;
  c.emit({ kind: "blackbox.client.exit", client: c.name, exitCode: exit.code, signal: exit.signal, timedOut, durationMs });
  const leftovers = await collectLeftovers(c.marker, c.clock, options.settleMs ?? 1_000);
  signalProcessGroup(pgid, "SIGKILL");
  c.emit({ kind: "blackbox.leftovers", client: c.name, count: leftovers.length, pids: leftovers.map((p) => p.pid), commands: leftovers.map((p) => p.command) });
  emergencyCleanup.removeProcessGroup(pgid);
  const output = await drain(child, c.clock);
  return { exitCode: exit.code, signal: exit.signal, spawnError: exit.spawnError, timedOut, durationMs, stdout: output.stdout, stderr: output.stderr, leftovers };
}

interface Drainable extends PromiseLike<{ readonly stdout?: unknown; readonly stderr?: unknown }> {
  readonly stdout: { destroy(): void } | null;
  readonly stderr: { destroy(): void } | null;
}

/** The client's output; a pipe still held by an unmarked straggler is cut after a bound. */
async function drain(child: Drainable, clock: Clock): Promise<{ stdout: string; stderr: string }> {
  const bound = clock.setTimer(STREAM_DRAIN_MS, () => {
    child.stdout?.destroy();
    child.stderr?.destroy();
  }, { label: "black-box output drain" });
  try {
    const result = await child;
    return { stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? "") };
  } finally {
    clock.clearTimer(bound);
  }
}
