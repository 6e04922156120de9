/**
 * The fake `codex` command line: `--version`, `login status`, `app-server [--help]`. Environment:
 * FAKE_CODEX_SCRIPT (a path or inline JSON fault script), FAKE_CODEX_TRANSCRIPT (append a redacted
 * transcript there), FAKE_CODEX_STATE_DIR (count spawns across processes for `when.process`),
 * FAKE_CODEX_SEED (ids and randomness), FAKE_CODEX_MODEL_URL / FAKE_CODEX_MODEL_KEY (ask a model
 * API on that base URL instead of the in-process scripted model). A malformed fault script exits 2
 * with a one-line message naming the file, the field path and what was expected.
 */
import { readFileSync } from "node:fs";
import type { LifecycleEvent } from "../../src/runtime/events.ts";
import { createScriptedModel, type ModelPort } from "../app-server/model.ts";
import { createProcessWorld } from "../app-server/process-world.ts";
import { FAKE_CODEX_VERSION } from "../app-server/program.ts";
import type { FakeCodexScript } from "../app-server/script.ts";
import { FakeCodexScriptError, parseFakeCodexScript } from "../app-server/validate-script.ts";
import { createHttpModelPort } from "../model-api/port.ts";
import { claimSpawnIndex } from "./spawn-index.ts";
import { runExecProcess } from "../exec-json/process.ts";
import { runStdioServer } from "./stdio-server.ts";
import { fileTranscript, noTranscript } from "./transcript.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** What the CLI does: print and exit, or keep serving. */
export type CliOutcome =
  | { readonly kind: "exit"; readonly code: number; readonly stdout?: string; readonly stderr?: string }
  /** Keep running: the app-server over stdio, or one `exec --experimental-json` turn. */
  | { readonly kind: "serve"; readonly surface?: "exec" };

const APP_SERVER_HELP = `[experimental] Run the app server or related tooling (fake-codex ${FAKE_CODEX_VERSION})

Usage: codex app-server [OPTIONS] [COMMAND]

Commands:
  generate-ts           [experimental] Generate TypeScript bindings for the app server protocol
  generate-json-schema  [experimental] Generate JSON Schema for the app server protocol

Options:
  -c, --config <key=value>  Override a configuration value (accepted and ignored by the fake)
      --listen <URL>        Transport endpoint URL. Supported by the fake: \`stdio://\` (default)
  -h, --help                Print help

Fake-only environment: FAKE_CODEX_SCRIPT, FAKE_CODEX_TRANSCRIPT, FAKE_CODEX_STATE_DIR, FAKE_CODEX_SEED,
FAKE_CODEX_MODEL_URL, FAKE_CODEX_MODEL_KEY (see fakes/README.md).
`;

/** Loads FAKE_CODEX_SCRIPT (inline JSON when it starts with `{`, else a file path). */
export function loadScript(env: Env, readText: (path: string) => string = (p) => readFileSync(p, "utf8")): FakeCodexScript {
  const value = env["FAKE_CODEX_SCRIPT"]?.trim();
  if (value === undefined || value === "") return {};
  if (value.startsWith("{")) return parseFakeCodexScript(value, "FAKE_CODEX_SCRIPT (inline JSON)");
  let text: string;
  try {
    text = readText(value);
  } catch (error) {
    throw new FakeCodexScriptError(value, "", "a readable fault-script file", (error as { code?: string }).code ?? String(error));
  }
  return parseFakeCodexScript(text, value);
}

function loginStatus(script: FakeCodexScript): CliOutcome {
  switch (script.auth ?? "apiKey") {
    case "apiKey":
      return { kind: "exit", code: 0, stdout: "Logged in using an API key - sk-***\n" };
    case "chatgpt":
      return { kind: "exit", code: 0, stdout: "Logged in using ChatGPT\n" };
    default:
      return { kind: "exit", code: 1, stdout: "Not logged in\n" };
  }
}

/** Checks the app-server flags the fake understands; returns an error line or undefined. */
function appServerArgsError(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "-c" || arg === "--config") i++;
    else if (arg.startsWith("--config=")) continue;
    else if (arg === "--listen" || arg.startsWith("--listen=")) {
      const url = arg === "--listen" ? args[++i] : arg.slice("--listen=".length);
      if (url !== "stdio://") return `fake-codex: only --listen stdio:// is supported, got ${url ?? "nothing"}`;
    } else return `error: unexpected argument '${arg}' found\n\nUsage: codex app-server [OPTIONS] [COMMAND]`;
  }
  return undefined;
}

/** Decides what to do for `argv` without side effects (so it is unit-testable). */
export function planCli(argv: readonly string[], env: Env): CliOutcome {
  const [command, ...rest] = argv;
  if (command === "--version" || command === "-V") return { kind: "exit", code: 0, stdout: `${FAKE_CODEX_VERSION}\n` };
  try {
    if (command === "login" && rest[0] === "status") return loginStatus(loadScript(env));
    if (command === "exec" || command === "e") {
      loadScript(env);
      return { kind: "serve", surface: "exec" };
    }
    if (command !== "app-server") return { kind: "exit", code: 2, stderr: `fake-codex: unsupported command '${argv.join(" ")}' (supported: --version, login status, app-server, exec)\n` };
    if (rest.includes("--help") || rest.includes("-h")) return { kind: "exit", code: 0, stdout: APP_SERVER_HELP };
    const argsError = appServerArgsError(rest);
    if (argsError !== undefined) return { kind: "exit", code: 2, stderr: `${argsError}\n` };
    loadScript(env);
    return { kind: "serve" };
  } catch (error) {
    if (error instanceof FakeCodexScriptError) return { kind: "exit", code: 2, stderr: `fake-codex: ${error.message}\n` };
    throw error;
  }
}

function modelFor(env: Env, world: ReturnType<typeof createProcessWorld>, script: FakeCodexScript): ModelPort {
  const baseUrl = env["FAKE_CODEX_MODEL_URL"];
  if (baseUrl === undefined || baseUrl === "") return createScriptedModel({ world, label: "fake-model", ...(script.model ? { script: script.model } : {}) });
  const key = env["FAKE_CODEX_MODEL_KEY"];
  return createHttpModelPort({ baseUrl, fetch: (request) => fetch(request), ...(key === undefined ? {} : { apiKey: key }) });
}

/** Runs the CLI in this process: prints and exits, or serves the app-server until it ends. */
export function runFakeCodex(argv: readonly string[], env: Env = process.env): void {
  const plan = planCli(argv, env);
  if (plan.kind === "exit") {
    if (plan.stdout !== undefined) process.stdout.write(plan.stdout);
    if (plan.stderr !== undefined) process.stderr.write(plan.stderr);
    process.exitCode = plan.code;
    return;
  }
  const loaded = loadScript(env);
  const modelUrl = env["FAKE_CODEX_MODEL_URL"];
  // Error messages name the URL the model was really asked at, as the real server's do.
  const script = modelUrl === undefined || modelUrl === "" || loaded.provider?.baseUrl !== undefined ? loaded : { ...loaded, provider: { ...loaded.provider, baseUrl: modelUrl } };
  const seedText = env["FAKE_CODEX_SEED"];
  const processIndex = claimSpawnIndex(env["FAKE_CODEX_STATE_DIR"], process.pid);
  let transcript = noTranscript;
  const emit = (event: LifecycleEvent): void => {
    if (event.kind !== "appserver.send" && event.kind !== "appserver.recv") transcript.record({ dir: "event", event });
  };
  const world = createProcessWorld(seedText === undefined ? { emit } : { seed: Number(seedText) >>> 0, emit });
  const transcriptPath = env["FAKE_CODEX_TRANSCRIPT"];
  if (transcriptPath !== undefined && transcriptPath !== "") transcript = fileTranscript(transcriptPath, world.clock);
  transcript.record({ dir: "start", pid: process.pid, argv: [...argv], seed: world.seed, processIndex });
  const codexHome = env["CODEX_HOME"] ?? `${env["HOME"] ?? "/tmp"}/.codex`;
  if (plan.surface === "exec") {
    const model = env["FAKE_CODEX_MODEL_URL"] ? modelFor(env, world, script) : undefined;
    return runExecProcess({ argv: argv.slice(1), world, script, processIndex, transcript, codexHome, ...(model === undefined ? {} : { model }) });
  }
  runStdioServer({ world, script, model: modelFor(env, world, script), processIndex, transcript, codexHome });
}
