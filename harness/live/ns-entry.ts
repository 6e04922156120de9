/**
 * Runs INSIDE the live lane's network namespace (`unshare -rn node --import tsx ns-entry.ts`):
 * brings loopback up, serves the fake model API (the same msw handlers as the deterministic lane,
 * playing a fakes ModelScript) on 127.0.0.1, writes CODEX_HOME/config.toml (or, with
 * LIVE_CONFIG_VIA=flags, puts the same keys as `-c` flags before the subcommand) and
 * runs `codex app-server` (the real binary, or the fake's `codex` launcher — whatever LIVE_CODEX_BIN
 * names; or the command line in LIVE_CODEX_ARGS, e.g. `exec --experimental-json`) with this
 * process's stdio inherited, so the harness outside
 * talks JSONL to it as if it were codex. SIGTERM/SIGINT are forwarded; the exit code or signal
 * of codex becomes ours. Diagnostics go to stderr only (stdout belongs to the protocol).
 */
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
// Direct imports, not the folders' index files: every app-server launch pays for what this loads.
import { raiseOnSelf } from "../../src/runtime/signal.ts";
import { createProcessWorld } from "../../fakes/app-server/process-world.ts";
import type { ModelScript } from "../../fakes/app-server/script.ts";
import { validateFakeCodexScript } from "../../fakes/app-server/validate-script.ts";
import { createModelApiHandlers } from "../../fakes/model-api/handlers.ts";
import { startModelApiServer } from "../../fakes/model-api/loopback.ts";
import { codexConfigFlags, codexConfigToml, LIVE_KEY_ENV, LIVE_KEY_VALUE } from "./codex-config.ts";

function need(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    process.stderr.write(`live ns-entry: missing env ${name}\n`);
    process.exit(2);
  }
  return value;
}

function bringLoopbackUp(): void {
  const r = spawnSync("ip", ["link", "set", "lo", "up"], { stdio: ["ignore", "ignore", "pipe"] });
  if (r.error !== undefined || r.status !== 0) {
    process.stderr.write(`live ns-entry: could not bring loopback up (${r.error?.message ?? r.stderr.toString().trim()})\n`);
    process.exit(3);
  }
}

/** The model script from the environment, checked by the fake's own script validator. */
function modelScript(json: string): ModelScript {
  return validateFakeCodexScript({ model: JSON.parse(json) as unknown }, "LIVE_MODEL_SCRIPT").model ?? {};
}

/** The codex command line: `app-server` unless the harness asks for another (e.g. exec mode), as a JSON array. */
function codexArgs(json: string | undefined): string[] {
  if (json === undefined || json === "") return ["app-server"];
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === "string")) {
    process.stderr.write("live ns-entry: LIVE_CODEX_ARGS must be a JSON array of strings\n");
    process.exit(2);
  }
  return parsed as string[];
}

/** Extra environment for codex (LIVE_CODEX_ENV, a JSON object of strings). */
function codexEnv(json: string | undefined): Record<string, string> {
  if (json === undefined || json === "") return {};
  const parsed = JSON.parse(json) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === "string")) {
    process.stderr.write("live ns-entry: LIVE_CODEX_ENV must be a JSON object of strings\n");
    process.exit(2);
  }
  return parsed as Record<string, string>;
}

async function main(): Promise<void> {
  const codexBin = need("LIVE_CODEX_BIN");
  const codexHome = need("CODEX_HOME");
  const workDir = need("LIVE_WORKDIR");
  const script = modelScript(need("LIVE_MODEL_SCRIPT"));
  const idleMs = Number(process.env["LIVE_STREAM_IDLE_MS"] ?? "1500");
  const modelLog = process.env["LIVE_MODEL_LOG"];
  if (process.env["LIVE_NETNS"] === "1") bringLoopbackUp();

  // A fixed seed: the ids the model API makes up are the same on every run.
  const world = createProcessWorld({ seed: 1 });
  const server = await startModelApiServer({
    handlers: createModelApiHandlers({ world, script }).handlers,
    onRequest: (log) => {
      if (modelLog !== undefined) appendFileSync(modelLog, `${JSON.stringify(log)}\n`);
    },
  });
  const config = { baseUrl: server.baseUrl, streamIdleTimeoutMs: idleMs };
  const viaFlags = process.env["LIVE_CONFIG_VIA"] === "flags";
  if (!viaFlags) writeFileSync(join(codexHome, "config.toml"), codexConfigToml(config));
  const args = [...(viaFlags ? codexConfigFlags(config) : []), ...codexArgs(process.env["LIVE_CODEX_ARGS"])];

  const child = spawn(codexBin, args, {
    cwd: workDir,
    stdio: "inherit",
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: process.env["HOME"] ?? codexHome,
      CODEX_HOME: codexHome,
      [LIVE_KEY_ENV]: LIVE_KEY_VALUE,
      RUST_LOG: process.env["RUST_LOG"] ?? "error",
      ...codexEnv(process.env["LIVE_CODEX_ENV"]),
    },
  });
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on("error", (error) => {
    process.stderr.write(`live ns-entry: cannot run ${codexBin}: ${error.message}\n`);
    process.exit(4);
  });
  child.on("exit", (code, signal) => {
    void server.close().then(() => {
      if (signal !== null) {
        process.removeAllListeners(signal);
        raiseOnSelf(signal);
      }
      process.exit(code ?? 1);
    });
  });
}

void main();
