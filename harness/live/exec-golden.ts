/**
 * Runs an exec golden case on the real binary (each step one `codex exec --experimental-json`
 * process in the loopback-only namespace, against the fake model API) and on the in-process fake
 * (`runExecJson` on a simulation kernel, one shared thread store so `resume` works), normalizes both
 * (thread ids by first appearance, model URL, temp paths, stderr reduced to the lines the SDK
 * surfaces) and lists every difference.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { ModelScript } from "../../fakes/app-server/script.ts";
import { parseExecArgs } from "../../fakes/exec-json/args.ts";
import { runExecJson } from "../../fakes/exec-json/engine.ts";
import { memoryThreadStore } from "../../fakes/exec-json/store.ts";
import type { Clock } from "../../src/runtime/clock.ts";
import { nodeProcessSpawner } from "../../src/runtime/node-process.ts";
import type { ProcessExit } from "../../src/runtime/process.ts";
import type { Json } from "../scenario/types.ts";
import { SimKernel } from "../sim/kernel.ts";
import type { ExecGoldenCase, ExecGoldenStep } from "./exec-golden-cases.ts";
import { liveLaunch } from "./launch.ts";
import type { LiveLane } from "./preflight.ts";
import { makeTempDir, removeTempDir, trackProcess } from "./resources.ts";

export interface ExecStepTranscript {
  readonly argv: readonly string[];
  readonly events: readonly Json[];
  readonly stderr: string;
  readonly exit: ProcessExit | null;
}

export interface ExecTranscript {
  readonly caseId: string;
  readonly steps: readonly ExecStepTranscript[];
}

const BASE_FLAGS = ["exec", "--experimental-json", "--skip-git-repo-check"];

function flagsFor(step: ExecGoldenStep, vars: { work: string; thread0: string | undefined }): string[] {
  return step.flags.map((f) => f.replace("{work}", vars.work).replace("{thread0}", vars.thread0 ?? "<no thread>"));
}

function threadIdOf(events: readonly Json[]): string | undefined {
  const started = events.find((e) => (e as { type?: unknown }).type === "thread.started") as { thread_id?: string } | undefined;
  return started?.thread_id;
}

function parseLines(text: string): Json[] {
  return text.split("\n").flatMap((line) => {
    if (line.trim() === "") return [];
    try {
      return [JSON.parse(line) as Json];
    } catch {
      return [{ malformed: line }];
    }
  });
}

/** The real binary, one process per step, sharing one temp home. */
export async function runExecGoldenOnReal(options: { lane: LiveLane; golden: ExecGoldenCase; clock: Clock; timeoutMs: number }): Promise<{ transcript: ExecTranscript; paths: string[] }> {
  const { golden, clock } = options;
  const homeDir = makeTempDir("exec-home");
  const workDir = join(homeDir, "work");
  mkdirSync(workDir);
  try {
    const steps: ExecStepTranscript[] = [];
    for (const step of golden.steps) {
      const launch = liveLaunch({ codexBin: options.lane.codexBin, homeDir, workDir, model: step.model, streamIdleTimeoutMs: golden.streamIdleTimeoutMs, isolation: options.lane.isolation });
      for (const [name, text] of Object.entries(golden.files ?? {})) writeFileSync(join(workDir, name), text);
      const argv = [...BASE_FLAGS, ...flagsFor(step, { work: workDir, thread0: steps[0] === undefined ? undefined : threadIdOf(steps[0].events) })];
      const child = trackProcess(nodeProcessSpawner.spawn(launch.command, launch.args, { env: { ...launch.env, LIVE_CODEX_ARGS: JSON.stringify(argv) }, cwd: launch.cwd }));
      let stdout = "";
      let stderr = "";
      let acted = false;
      child.onStdout((chunk) => {
        stdout += chunk;
        if (step.action !== undefined && !acted && stdout.includes('{"type":"turn.started"}')) {
          acted = true;
          child.kill(step.action === "sigterm" ? "SIGTERM" : "SIGINT");
        }
      });
      child.onStderr((chunk) => (stderr += chunk));
      child.write(step.prompt);
      child.endInput();
      const timer = clock.setTimer(options.timeoutMs, () => child.kill("SIGTERM"), { label: "exec golden deadline" });
      const exit = await child.exited;
      clock.clearTimer(timer);
      steps.push({ argv, events: parseLines(stdout), stderr, exit });
    }
    return { transcript: { caseId: golden.id, steps }, paths: [workDir, homeDir] };
  } finally {
    removeTempDir(homeDir);
  }
}

/** The fake, in process on a simulation kernel: the same steps, one shared thread store. */
export async function runExecGoldenOnFake(options: { golden: ExecGoldenCase; seed: number }): Promise<ExecTranscript> {
  const { golden } = options;
  const kernel = new SimKernel({ seed: options.seed, policy: { kind: "seeded" } });
  const store = memoryThreadStore();
  const workDir = "/workspace/work";
  const steps: ExecStepTranscript[] = [];
  for (const [index, step] of golden.steps.entries()) {
    const argv = [...BASE_FLAGS, ...flagsFor(step, { work: workDir, thread0: steps[0] === undefined ? undefined : threadIdOf(steps[0].events) })];
    // One script for the whole thread: turn k of the thread is step k's model turn.
    const model: ModelScript = { turns: golden.steps.slice(0, index + 1).flatMap((s) => s.model.turns?.slice(0, 1) ?? []) };
    let stdout = "";
    let stderr = "";
    const run = runExecJson({
      args: parseExecArgs(argv.slice(1)),
      world: kernel.world,
      script: { auth: "provider", provider: { streamMaxRetries: 0, streamIdleTimeoutMs: golden.streamIdleTimeoutMs }, model },
      store,
      codexHome: "/home/fake/.codex",
      cwd: workDir,
      processIndex: index,
      readStdin: () => Promise.resolve(step.prompt),
      readFile: (path) => golden.files?.[basename(path)] ?? "",
      host: {
        writeStdout(line) {
          stdout += `${line}\n`;
          if (step.action !== undefined && line === '{"type":"turn.started"}') {
            const signal = step.action === "sigterm" ? "SIGTERM" : "SIGINT";
            kernel.world.post("exec-golden-client", signal, () => run.handleSignal(signal));
          }
        },
        writeStderr: (text) => void (stderr += text),
        exit: () => {},
      },
    });
    const result = await kernel.runUntil(run.exited);
    steps.push({ argv, events: parseLines(stdout), stderr, exit: result.kind === "settled" ? result.value : null });
  }
  return { caseId: golden.id, steps };
}

/** The stderr lines a client sees as the reason (the real binary's warnings depend on the host). */
const KEPT_STDERR = /^(Reading prompt from stdin|Error:|No prompt|Not inside)/;

export function normalizeExecTranscript(transcript: ExecTranscript, paths: readonly string[] = []): Json {
  const ids = new Map<string, string>();
  const text = (value: string): string => {
    let out = value.replace(/http:\/\/127\.0\.0\.1:\d+\/v1/g, "<model-url>");
    for (const path of paths) out = out.split(path).join(path.endsWith("work") ? "<work>" : "<home>");
    return out.replace(/\/workspace\/work/g, "<work>").replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      let name = ids.get(id);
      if (name === undefined) ids.set(id, (name = `<thread-${ids.size}>`));
      return name;
    });
  };
  const walk = (value: Json): Json => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map((v: Json) => walk(v));
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return transcript.steps.map((step) => ({
    argv: step.argv.map(text),
    events: step.events.map(walk),
    stderr: step.stderr.split("\n").map((l) => l.trim()).filter((l) => KEPT_STDERR.test(l)).map(text),
    exit: step.exit === null ? null : { code: step.exit.code, signal: step.exit.signal },
  }));
}

/** Every difference between two normalized transcripts, as `path: expected … got …` lines. */
export function diffJson(expected: Json, actual: Json, path = ""): string[] {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      if (i >= expected.length) out.push(`${path}[${i}]: unexpected ${JSON.stringify(actual[i])}`);
      else if (i >= actual.length) out.push(`${path}[${i}]: missing ${JSON.stringify(expected[i])}`);
      else out.push(...diffJson(expected[i] as Json, actual[i] as Json, `${path}[${i}]`));
    }
    return out;
  }
  if (typeof expected === "object" && expected !== null && typeof actual === "object" && actual !== null && !Array.isArray(expected) && !Array.isArray(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((k) => diffJson((expected as Record<string, Json>)[k] ?? null, (actual as Record<string, Json>)[k] ?? null, `${path}.${k}`));
  }
  return [`${path || "(root)"}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
