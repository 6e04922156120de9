/**
 * Runs one turn through OpenClaw's real command line (`openclaw agent --local --agent main
 * --message … --json`, 2026.9+, with the pinned `@openclaw/codex` plugin) against fake-codex with a
 * fault script: HOME and OPENCLAW_STATE_DIR are the run's temp dir (its state a copy of the
 * cached plugin-state template), `plugins.entries.codex.config.appServer.command` is the fake, and
 * the CLI runs under the release's Node in its own process group (OpenClaw kills its app-server
 * child by group). A CLI still running at the run's deadline is killed and reported as a hang,
 * with the app-server requests it was still waiting on.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { runBlackBoxClient } from "../blackbox/run-client.ts";
import type { ScenarioContext } from "../scenario/types.ts";
import { copyPluginState } from "./codex-plugin.ts";
import { timeoutAbove, UpstreamDriverError } from "./openclaw.ts";
import { releaseRuntime } from "./runtime.ts";

const RECORD_MODULES = join(import.meta.dirname, "driver", "record-modules.mjs");
/** A placeholder key for OpenClaw's env-key fallback (it logs the fake in with it); never a real credential. */
const PLACEHOLDER_API_KEY = "sk-upstream-lane-placeholder";
/**
 * The CLI's wall budget, start to exit. A healthy turn has taken 2.5 min on a 2-core machine at
 * load 12 (most of it the CLI starting up); OpenClaw's own turn timeout is set above it, so a CLI
 * that is never told of a fault is seen here as a hang.
 */
export const CLI_DEADLINE_MS = 420_000;
const OPENCLAW_TURN_TIMEOUT_MS = 900_000;
/** OpenClaw's app-server request and model-discovery timeouts (its 2.5 s discovery default fails under load). */
const APP_SERVER_TIMEOUT_MS = 60_000;
export const CLI_MODEL = "openai/gpt-6-astra";

export interface OpenClawCliOptions {
  readonly release: string;
  readonly script: FakeCodexScript;
  readonly message: string;
}

export interface AppServerRequest {
  readonly process: number;
  readonly method: string;
  /** The fake answered it with a JSON-RPC error (its message). */
  readonly error: string | null;
  readonly answered: boolean;
}

export interface OpenClawCliRun {
  readonly upstream: {
    readonly release: string;
    readonly integrity: string;
    readonly lockSha256: string;
    readonly node: string;
    readonly plugin: { readonly name: string; readonly version: string; readonly integrity: string; readonly lockSha256: string };
    /** Every module file the CLI's main thread loaded (named from its package), with its sha256. */
    readonly modules: readonly LoadedModule[];
  };
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Still running at `deadlineMs`: killed (its whole process group). */
  readonly timedOut: boolean;
  /** The CLI's wall budget for this run: CLI_DEADLINE_MS widened by the run's deadline scale. */
  readonly deadlineMs: number;
  /** `--json` output: the answer's text (payloads joined), or the error it reported. */
  readonly text: string | null;
  readonly error: string | null;
  /** stdout was not the JSON document `--json` promises. */
  readonly stdoutInvalid: boolean;
  readonly stopReason: string | null;
  readonly appServerProcesses: number;
  readonly appServerExits: ReadonlyArray<{ readonly code: number | null; readonly signal: string | null }>;
  readonly requests: readonly AppServerRequest[];
  /** Processes of the run still alive a moment after the CLI exited (then killed), e.g. an orphaned app-server. */
  readonly leftovers: readonly string[];
  /** The last lines of the CLI's stderr (its own log). */
  readonly stderrTail: string;
}

interface TranscriptEntry {
  readonly dir?: string;
  readonly line?: string;
  readonly code?: number | null;
  readonly signal?: string | null;
}

/** Requests per app-server process, in order, each with whether and how the fake answered. */
export function requestsFromTranscript(transcript: readonly unknown[]): { requests: AppServerRequest[]; exits: Array<{ code: number | null; signal: string | null }>; processes: number } {
  const requests: Array<AppServerRequest & { id: unknown }> = [];
  const exits: Array<{ code: number | null; signal: string | null }> = [];
  let process = -1;
  for (const raw of transcript) {
    const e = raw as TranscriptEntry;
    if (e.dir === "start") process += 1;
    else if (e.dir === "exit") exits.push({ code: e.code ?? null, signal: e.signal ?? null });
    if ((e.dir !== "in" && e.dir !== "out") || typeof e.line !== "string") continue;
    let msg: { id?: unknown; method?: unknown; error?: { message?: unknown } };
    try {
      msg = JSON.parse(e.line) as typeof msg;
    } catch {
      continue;
    }
    if (e.dir === "in" && typeof msg.method === "string" && msg.id !== undefined) requests.push({ process, method: msg.method, id: msg.id, error: null, answered: false });
    if (e.dir === "out" && msg.method === undefined && msg.id !== undefined) {
      const i = requests.findIndex((r) => r.process === process && r.id === msg.id && !r.answered);
      if (i >= 0) requests[i] = { ...requests[i]!, answered: true, error: msg.error === undefined ? null : String(msg.error.message ?? "error") };
    }
  }
  return { requests: requests.map(({ id: _id, ...r }) => r), exits, processes: process + 1 };
}

/** `--json` output: `{ payloads: [{ text }], meta }` on success, `{ ok: false, error: { message } }` on failure. */
export function parseCliJson(stdout: string): { text: string | null; error: string | null; stopReason: string | null; invalid: boolean } {
  const start = stdout.indexOf("{");
  if (start < 0) return { text: null, error: null, stopReason: null, invalid: true };
  try {
    const doc = JSON.parse(stdout.slice(start)) as { ok?: unknown; error?: { message?: unknown }; payloads?: Array<{ text?: unknown }>; meta?: { stopReason?: unknown } };
    const texts = (doc.payloads ?? []).flatMap((p) => (typeof p.text === "string" ? [p.text] : []));
    return {
      text: texts.length > 0 ? texts.join("\n") : null,
      error: doc.ok === false ? String(doc.error?.message ?? "error") : null,
      stopReason: typeof doc.meta?.stopReason === "string" ? doc.meta.stopReason : null,
      invalid: false,
    };
  } catch {
    return { text: null, error: null, stopReason: null, invalid: true };
  }
}

/** A loaded file named from its package (after the last `node_modules/`), so names do not depend on temp paths. */
function moduleName(file: string): string {
  const at = file.lastIndexOf("/node_modules/");
  return at >= 0 ? file.slice(at + "/node_modules/".length) : file;
}

export interface LoadedModule {
  readonly file: string;
  readonly sha256: string;
  /**
   * `installed`: the CLI loaded a temp copy it removed before exiting (OpenClaw loads its plugin
   * from a build copy in TMPDIR); the hash is of the same file in the installed plugin package.
   */
  readonly from: "loaded" | "installed";
}

async function sha256Of(file: string): Promise<string | undefined> {
  try {
    return createHash("sha256").update(await readFile(file)).digest("hex");
  } catch {
    return undefined;
  }
}

async function hashModules(listDir: string, roots: readonly string[], pluginPackageDir: string, pluginName: string): Promise<LoadedModule[]> {
  const lists = await readdir(listDir).catch(() => [] as string[]);
  const text = (await Promise.all(lists.map((name) => readFile(join(listDir, name), "utf8").catch(() => "")))).join("\n");
  const files = [...new Set(text.split("\n").filter((f) => f !== "" && roots.some((r) => f.startsWith(r))))];
  const hashed = await Promise.all(
    files.map(async (f): Promise<LoadedModule[]> => {
      const file = moduleName(f);
      const loaded = await sha256Of(f);
      if (loaded !== undefined) return [{ file, sha256: loaded, from: "loaded" }];
      const installed = file.startsWith(`${pluginName}/`) ? await sha256Of(join(pluginPackageDir, file.slice(pluginName.length + 1))) : undefined;
      return installed === undefined ? [] : [{ file, sha256: installed, from: "installed" }];
    }),
  );
  const unique = new Map(hashed.flat().map((m) => [`${m.file} ${m.sha256}`, m]));
  return [...unique.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export async function runOpenClawCli(ctx: ScenarioContext<unknown>, options: OpenClawCliOptions): Promise<OpenClawCliRun> {
  const runtime = await releaseRuntime(options.release);
  const plugin = runtime.codexPlugin;
  if (plugin === undefined) throw new UpstreamDriverError(`${options.release} has no pinned Codex plugin: its CLI turn needs one (harness/upstream/releases.ts)`);
  const dir = await ctx.tempDir("upstream-cli");
  const home = join(dir, "home");
  const state = join(dir, "state");
  const work = join(dir, "work");
  await mkdir(home, { recursive: true });
  await mkdir(work, { recursive: true });
  await mkdir(join(dir, "fake-state"), { recursive: true });
  await copyPluginState(plugin, state);
  const configFile = join(state, "openclaw.json");
  const config = JSON.parse(await readFile(configFile, "utf8")) as { plugins?: { entries?: Record<string, { enabled?: boolean; config?: Record<string, unknown> }> }; agents?: unknown };
  const entries = config.plugins?.entries ?? {};
  const codex = entries["codex"];
  if (codex?.enabled !== true) throw new UpstreamDriverError(`${configFile}: plugins.entries.codex is not enabled after installing ${plugin.plugin.name}@${plugin.plugin.version}`);
  const appServerTimeoutMs = ctx.scaleMs(APP_SERVER_TIMEOUT_MS);
  codex.config = { ...codex.config, appServer: { command: join(dir, "bin", "codex"), requestTimeoutMs: appServerTimeoutMs }, discovery: { timeoutMs: appServerTimeoutMs } };
  config.agents = { defaults: { model: CLI_MODEL, workspace: work } };
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const modulesDir = join(dir, "modules");
  await mkdir(modulesDir, { recursive: true });
  const entry = join(runtime.pkg.packageDir, "openclaw.mjs");
  const deadlineMs = ctx.scaleMs(CLI_DEADLINE_MS);
  const turnTimeoutS = Math.ceil(timeoutAbove(deadlineMs, OPENCLAW_TURN_TIMEOUT_MS) / 1000);
  ctx.emit({ kind: "upstream.cli.start", release: options.release, plugin: `${plugin.plugin.name}@${plugin.plugin.version}`, node: runtime.nodeVersion, deadlineMs });
  const client = await runBlackBoxClient({
    name: `${options.release} agent CLI`,
    command: runtime.nodeBin,
    args: ["--import", RECORD_MODULES, entry, "agent", "--local", "--agent", "main", "--message", options.message, "--json", "--timeout", String(turnTimeoutS)],
    env: {
      HOME: home,
      OPENCLAW_STATE_DIR: state,
      OPENAI_API_KEY: PLACEHOLDER_API_KEY,
      CODEX_API_KEY: PLACEHOLDER_API_KEY,
      FAKE_CODEX_STATE_DIR: join(dir, "fake-state"),
      UPSTREAM_MODULES_DIR: modulesDir,
      NODE_COMPILE_CACHE: join(runtime.pkg.dir, "..", ".node-compile-cache"),
    },
    cwd: work,
    fakeCodexScript: options.script,
    deadlineMs,
    workDir: dir,
    clock: ctx.clock,
    emit: ctx.emit,
  });
  if (client.spawnError !== null) throw new UpstreamDriverError(`${options.release}'s CLI did not start: ${client.spawnError}`);
  const modules = await hashModules(modulesDir, [runtime.pkg.dir, dir, plugin.dir], plugin.packageDir, plugin.plugin.name);
  const json = parseCliJson(client.stdout);
  const { requests, exits, processes } = requestsFromTranscript(client.transcript);
  ctx.emit({ kind: "upstream.cli.result", release: options.release, exitCode: client.exitCode, timedOut: client.timedOut, modules: modules.length, leftovers: client.leftovers.length });
  return {
    upstream: {
      release: options.release,
      integrity: runtime.pkg.integrity,
      lockSha256: runtime.pkg.lockSha256,
      node: runtime.nodeVersion,
      plugin: { ...plugin.plugin, lockSha256: plugin.lockSha256 },
      modules,
    },
    exitCode: client.exitCode,
    signal: client.signal,
    timedOut: client.timedOut,
    deadlineMs,
    text: json.text,
    error: json.error,
    stdoutInvalid: json.invalid,
    stopReason: json.stopReason,
    appServerProcesses: processes,
    appServerExits: exits,
    requests,
    leftovers: client.leftovers.map((p) => `${p.pid} ${p.command}`),
    stderrTail: client.stderr.slice(-1_500),
  };
}

/** A CLI killed at its deadline: the run's `hang`, naming what it was still waiting on. */
export async function judgeCliHang(ctx: ScenarioContext<unknown>, run: OpenClawCliRun): Promise<void> {
  if (!run.timedOut) return;
  const pending = run.requests.filter((r) => !r.answered).map((r) => `app-server ${r.process} ${r.method}`);
  ctx.emit({ kind: "upstream.hang", release: run.upstream.release, node: run.upstream.node, pending, afterMs: run.deadlineMs, appServerExits: run.appServerExits.map((e) => ({ ...e })), requests: run.requests.map((r) => r.method) });
  void ctx.track(`${run.upstream.release} \`openclaw agent --local\` (still running)`, new Promise<never>(() => {}));
  for (const p of pending) void ctx.track(`${run.upstream.release} waiting on ${p}`, new Promise<never>(() => {}));
  await ctx.hang(`the CLI had not exited ${run.deadlineMs} ms after it started`);
}
