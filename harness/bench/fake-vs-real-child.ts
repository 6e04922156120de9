/**
 * Runs INSIDE a loopback-only network namespace (`unshare -rn node --import tsx
 * fake-vs-real-child.ts <plan JSON>`): brings `lo` up, serves the fake model API on 127.0.0.1 (every
 * response: a final answer in two deltas), and times the fake's `codex` launcher and the real
 * binary side by side, alternating which goes first, with the same `-c` provider flags. Prints one
 * JSON line (FakeVsRealChildResult) on stdout; progress on stderr.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createProcessWorld } from "../../fakes/app-server/process-world.ts";
import { createModelApiHandlers } from "../../fakes/model-api/handlers.ts";
import { startModelApiServer } from "../../fakes/model-api/loopback.ts";
import { codexConfigFlags, LIVE_KEY_ENV, LIVE_KEY_VALUE } from "../live/codex-config.ts";
import { createLineSplitter } from "../../src/runtime/line-splitter.ts";
import type { SpawnTiming } from "./fake-vs-real-table.ts";

export interface FakeVsRealPlan {
  readonly repeats: number;
  /** argv of each binary: the command and any leading arguments (e.g. the launcher path). */
  readonly fake: readonly string[];
  readonly real: readonly string[];
}

export interface FakeVsRealChildResult {
  readonly fake: SpawnTiming[];
  readonly real: SpawnTiming[];
  readonly nodeFloorMs: number[];
  readonly loadAverages: number[];
  readonly flags: string[];
}

const TIMEOUT_MS = 60_000;

class TimingRunError extends Error {
  constructor(what: string, why: string) {
    super(`${what}: ${why}`);
    this.name = "TimingRunError";
  }
}

function timeExit(argv: readonly string[], env: NodeJS.ProcessEnv, what: string): Promise<number> {
  const [command, ...args] = argv as [string, ...string[]];
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.on("error", (error) => reject(new TimingRunError(what, error.message)));
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(performance.now() - start);
      else reject(new TimingRunError(what, `exit ${code ?? "by signal"}`));
    });
  });
}

type Msg = { readonly id?: unknown; readonly method?: unknown; readonly result?: { readonly thread?: { readonly id?: unknown } } };

/** One `codex app-server` session: spawn → initialize, thread/start, one turn; timings from the client's side. */
function timeSession(argv: readonly string[], env: NodeJS.ProcessEnv, what: string): Promise<Omit<SpawnTiming, "versionMs">> {
  const [command, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, [...args, "app-server"], { env, stdio: ["pipe", "pipe", "ignore"] });
    let initializeMs: number | undefined;
    let turnSentAt = 0;
    let firstDeltaMs: number | undefined;
    let completedMs: number | undefined;
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    const send = (msg: object): void => void child.stdin.write(`${JSON.stringify(msg)}\n`);
    const splitter = createLineSplitter({
      maxLineChars: 16 * 1024 * 1024,
      onLine: (line) => {
        let msg: Msg;
        try {
          msg = JSON.parse(line) as Msg;
        } catch {
          return;
        }
        const now = performance.now();
        if (msg.id === 1 && initializeMs === undefined) {
          initializeMs = now - start;
          send({ method: "initialized" });
          send({ id: 2, method: "thread/start", params: {} });
        } else if (msg.id === 2) {
          turnSentAt = performance.now();
          send({ id: 3, method: "turn/start", params: { threadId: String(msg.result?.thread?.id), input: [{ type: "text", text: "Say hello.", text_elements: [] }] } });
        } else if (msg.method === "item/agentMessage/delta" && firstDeltaMs === undefined) {
          firstDeltaMs = now - turnSentAt;
        } else if (msg.method === "turn/completed") {
          completedMs = now - turnSentAt;
          child.stdin.end();
        }
      },
      onOverflow: () => child.kill("SIGKILL"),
    });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => splitter.push(chunk));
    child.stdin.on("error", () => {});
    child.on("error", (error) => reject(new TimingRunError(what, error.message)));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (initializeMs === undefined || firstDeltaMs === undefined || completedMs === undefined) {
        reject(new TimingRunError(what, `the session ended early (exit ${code ?? signal ?? "?"}; initialize ${initializeMs ?? "-"}, delta ${firstDeltaMs ?? "-"}, completed ${completedMs ?? "-"})`));
      } else resolve({ initializeMs, firstDeltaMs, completedMs });
    });
    send({ id: 1, method: "initialize", params: { clientInfo: { name: "codex-lifecycle-proof-bench", title: null, version: "0.1.0" }, capabilities: null } });
  });
}

async function timeBinary(argv: readonly string[], flags: readonly string[], env: NodeJS.ProcessEnv, what: string): Promise<SpawnTiming> {
  const versionMs = await timeExit([...argv, "--version"], env, `${what} --version`);
  const session = await timeSession([...argv, ...flags], env, `${what} app-server`);
  return { versionMs, ...session };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? "{}") as FakeVsRealPlan;
  const up = spawnSync("ip", ["link", "set", "lo", "up"], { stdio: "ignore" });
  if (up.status !== 0) throw new TimingRunError("namespace", "could not bring loopback up");
  const answer = { output: [{ type: "message" as const, phase: "final_answer" as const, deltas: ["Hello ", "world"] }], usage: { inputTokens: 12, outputTokens: 4 } };
  const server = await startModelApiServer({ handlers: createModelApiHandlers({ world: createProcessWorld({ seed: 1 }), script: { default: answer } }).handlers });
  const flags = codexConfigFlags({ baseUrl: server.baseUrl, streamIdleTimeoutMs: 10_000 });
  const homes = { fake: mkdtempSync(join(tmpdir(), "clp-bench-fake-")), real: mkdtempSync(join(tmpdir(), "clp-bench-real-")) };
  const envFor = (home: string): NodeJS.ProcessEnv => ({ PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, CODEX_HOME: home, [LIVE_KEY_ENV]: LIVE_KEY_VALUE, RUST_LOG: "error" });
  const result: FakeVsRealChildResult = { fake: [], real: [], nodeFloorMs: [], loadAverages: [], flags: [...flags] };
  try {
    // Repetition 0 warms both up (page cache, CODEX_HOME's first-run files) and is not counted.
    for (let i = 0; i <= plan.repeats; i++) {
      const load = loadavg()[0] ?? 0;
      const order = i % 2 === 0 ? (["fake", "real"] as const) : (["real", "fake"] as const);
      const timings: Partial<Record<"fake" | "real", SpawnTiming>> = {};
      for (const which of order) timings[which] = await timeBinary(plan[which], flags, envFor(homes[which]), which);
      const floor = await timeExit([process.execPath, "-e", "0"], envFor(homes.fake), "node -e 0");
      const f = timings.fake as SpawnTiming;
      const r = timings.real as SpawnTiming;
      process.stderr.write(
        `fake vs real ${i === 0 ? "warm-up" : `${i}/${plan.repeats}`} (load ${load.toFixed(1)}): --version ${Math.round(f.versionMs)}/${Math.round(r.versionMs)} ms, ` +
          `initialize ${Math.round(f.initializeMs)}/${Math.round(r.initializeMs)} ms, first delta ${Math.round(f.firstDeltaMs)}/${Math.round(r.firstDeltaMs)} ms, ` +
          `completed ${Math.round(f.completedMs)}/${Math.round(r.completedMs)} ms; node -e 0 ${Math.round(floor)} ms\n`,
      );
      if (i === 0) continue;
      result.fake.push(f);
      result.real.push(r);
      result.nodeFloorMs.push(floor);
      result.loadAverages.push(load);
    }
  } finally {
    await server.close();
    for (const home of Object.values(homes)) rmSync(home, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
