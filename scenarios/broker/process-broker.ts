/**
 * Process-lane set-up: the broker as a real child process (src/broker/main.ts, or the variant
 * entry for mutants) on a unix socket in a temp dir. Its upstream is its default `codex
 * app-server`, where `codex` on PATH is the fake-codex executable (the plugin's own test trick). Reads the broker's JSON event lines from stderr, and answers the leftover questions:
 * is a pid still alive, is the socket or pid file still there.
 */
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { delimiter, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { execa } from "execa";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { MutantDef, ScenarioContext } from "../../harness/scenario/types.ts";
import { connectUnixSocket } from "../../src/broker/unix-socket.ts";
import { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import { sleep, type Clock } from "../../src/runtime/clock.ts";
import { pidExists, signalPid } from "../../src/runtime/signal.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC_ENTRY = resolve(ROOT, "src/broker/main.ts");
const VARIANT_ENTRY = resolve(ROOT, "scenarios/broker/variant-broker.main.ts");
const FAKE_CODEX = resolve(ROOT, "fakes/bin/fake-codex.mjs");

export interface ProcessBrokerImpl {
  /** Comma list for BROKER_VARIANT; empty = the src entry. */
  readonly variant: string;
}

export const processBrokerImpl = (): ProcessBrokerImpl => ({ variant: "" });

export const noUpstreamWatchdogProcess: MutantDef<ProcessBrokerImpl> = {
  id: "no-upstream-watchdog",
  title: "the broker process does not watch its upstream",
  recreates: "codex-plugin-cc main (issue #598): a dead app-server leaves a broker process running and its clients hanging",
  impl: () => ({ variant: "no-upstream-watchdog" }),
};

/** Guarded: a missing pid, or one ≤ 1, is never alive (kill(-1, 0) would say yes to anything). */
export function isAlive(pid: number | undefined): boolean {
  return pidExists(pid);
}

/** Resolves with the promise's value, or `undefined` after `ms` of real time. */
export function within<T>(clock: Clock, ms: number, promise: Promise<T>): Promise<T | undefined> {
  return Promise.race([promise, sleep(clock, ms, { label: "process-lane bound" }).then(() => undefined)]);
}

export interface ProcessBroker {
  /** Undefined when the broker could not be spawned. */
  readonly pid: number | undefined;
  readonly socketPath: string;
  readonly pidFile: string;
  /** Broker lifecycle events parsed from its stderr. */
  readonly events: ReadonlyArray<{ readonly kind: string; readonly [k: string]: unknown }>;
  upstreamPid(): number | undefined;
  readonly exited: Promise<{ readonly exitCode: number | undefined; readonly signal: string | undefined }>;
  kill(signal: "SIGTERM" | "SIGINT" | "SIGKILL"): void;
  /** A downstream client over the unix socket, initialized. */
  connect(name: string): Promise<CodexAppServerClient>;
  leftovers(): { brokerAlive: boolean; upstreamAlive: boolean; socketFile: boolean; pidFile: boolean };
}

export async function startProcessBroker(ctx: ScenarioContext<unknown>, impl: ProcessBrokerImpl, script: FakeCodexScript): Promise<ProcessBroker> {
  const dir = await ctx.tempDir("broker");
  const socketPath = resolve(dir, "broker.sock");
  const pidFile = resolve(dir, "broker.pid");
  const entry = impl.variant === "" ? SRC_ENTRY : VARIANT_ENTRY;
  const bin = resolve(dir, "bin");
  mkdirSync(bin);
  symlinkSync(FAKE_CODEX, resolve(bin, "codex"));
  const args = ["--import", "tsx", entry, "serve", "--endpoint", `unix:${socketPath}`, "--pid-file", pidFile];
  const child = execa("node", args, {
    cwd: ROOT,
    env: { PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}`, FAKE_CODEX_SCRIPT: JSON.stringify(script), BROKER_VARIANT: impl.variant, BROKER_INITIALIZE_TIMEOUT_MS: String(ctx.scaleMs(10_000)) },
    reject: false,
    stdin: "ignore",
  });
  const events: Array<{ kind: string }> = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    try {
      events.push(JSON.parse(line) as { kind: string });
    } catch {
      events.push({ kind: "stderr", line } as { kind: string });
    }
  });
  const exited = child.then((r) => ({ exitCode: r.exitCode, signal: r.signal }));
  const upstreamPid = (): number | undefined => {
    const start = events.find((e) => e.kind === "codex-client.start") as { pid?: number } | undefined;
    return start?.pid;
  };
  ctx.defer(async () => {
    // Never leak a process, whatever the verdict.
    if (isAlive(child.pid)) child.kill("SIGKILL");
    await exited;
    const upstream = upstreamPid();
    if (isAlive(upstream)) signalPid(upstream, "SIGKILL");
  });
  await ctx.track("broker listening", waitForListening(child.stdout, child.then((r) => `code ${r.exitCode ?? "null"}: ${String(r.stderr)}`)));
  const clients: CodexAppServerClient[] = [];
  ctx.defer(() => clients.forEach((c) => c.close()));
  return {
    pid: child.pid,
    socketPath,
    pidFile,
    events,
    upstreamPid,
    exited,
    kill: (signal) => void child.kill(signal),
    async connect(name) {
      const client = CodexAppServerClient.start({ transport: await connectUnixSocket(socketPath), clock: ctx.clock, emit: ctx.emit, clientId: name });
      clients.push(client);
      await client.initialize({ timeoutMs: ctx.scaleMs(5_000) });
      return client;
    },
    leftovers: () => ({
      brokerAlive: isAlive(child.pid),
      upstreamAlive: isAlive(upstreamPid()),
      socketFile: existsSync(socketPath),
      pidFile: existsSync(pidFile),
    }),
  };
}

function waitForListening(stdout: Readable, exitedEarly: Promise<string>): Promise<void> {
  return new Promise((resolveListening, reject) => {
    createInterface({ input: stdout }).on("line", (line) => {
      if (line.includes('"broker.listening"')) resolveListening();
    });
    void exitedEarly.then((why) => reject(new Error(`broker exited before listening: ${why}`)));
  });
}
