/**
 * `fake-codex app-server` (or `exec --experimental-json`): the fake engine over this process's stdio, with the fault script, the
 * model (scripted, or a model API) and the transcript. Loaded on demand by ./main.ts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import type * as WorkerThreads from "node:worker_threads";
import type { EventSink, LifecycleEvent } from "../../src/runtime/events.ts";
import type { SentMessageTap } from "../app-server/connection.ts";
import { createScriptedModel, type ModelPort } from "../app-server/model.ts";
import { createProcessWorld } from "../app-server/process-world.ts";
import type { FakeCodexScript } from "../app-server/script.ts";
import { CodexConfigError, loadCodexConfig, type CodexConfig } from "../config/load.ts";
import { usesConfiguredProvider, withConfig } from "../config/effective.ts";
import type { ConfigOverride } from "../config/overrides.ts";
import { createHttpModelPort } from "../model-api/port.ts";
import { nodeHttpFetch } from "../model-api/http-fetch.ts";
import { createResponsesModelPort } from "../model-api/responses-client.ts";
import type { Env } from "./main.ts";
import { runExecProcess } from "../exec-json/process.ts";
import { claimSpawnIndex } from "./spawn-index.ts";
import { runStdioServer } from "./stdio-server.ts";
import { DEFAULT_TRANSCRIPT_MAX_BYTES, fileTranscript, noTranscript } from "./transcript.ts";

/** Who the client said it is, learnt from the `initialize` answer (codex names its model requests after it). */
interface ClientIdentity {
  originator?: string;
  userAgent?: string;
}

/** Watches the server's answers for the `initialize` result's userAgent (`<client name>/<version> (…)`). */
function identityTap(identity: ClientIdentity): SentMessageTap {
  return (message, info) => {
    if (info.requestMethod !== "initialize" || identity.userAgent !== undefined) return;
    const userAgent = (message as { result?: { userAgent?: unknown } }).result?.userAgent;
    if (typeof userAgent !== "string") return;
    identity.userAgent = userAgent;
    identity.originator = userAgent.split("/")[0] ?? userAgent;
  };
}

function modelFor(env: Env, world: ReturnType<typeof createProcessWorld>, script: FakeCodexScript, config: CodexConfig, identity: ClientIdentity = {}): ModelPort {
  const baseUrl = env["FAKE_CODEX_MODEL_URL"];
  if (baseUrl !== undefined && baseUrl !== "") {
    const key = env["FAKE_CODEX_MODEL_KEY"];
    return createHttpModelPort({ baseUrl, fetch: (request) => fetch(request), ...(key === undefined ? {} : { apiKey: key }) });
  }
  if (usesConfiguredProvider(script, config)) {
    return createResponsesModelPort({
      provider: config.modelProvider,
      fetch: nodeHttpFetch,
      clock: world.clock,
      env,
      cwd: process.cwd(),
      originator: () => identity.originator,
      userAgent: () => identity.userAgent,
    });
  }
  return createScriptedModel({ world, label: "fake-model", ...(script.model ? { script: script.model } : {}) });
}

/**
 * The schema check of the binary: off the main thread (a worker with the precompiled validators,
 * started on the first message), so it costs a turn nothing; each violation becomes an
 * `appserver.schema-violation` event. Violations of the last messages before an abrupt exit can be
 * lost: the exact check is the in-process one (scenarios and tests).
 */
function workerSchemaTap(emit: EventSink, bundleUrl: string): SentMessageTap {
  let worker: WorkerThreads.Worker | undefined;
  let broken = false;
  return (message, info) => {
    if (broken) return;
    if (worker === undefined) {
      try {
        const validators = fileURLToPath(new URL("../protocol/validators.cjs", bundleUrl));
        // Loaded on first use: most spawns never validate, and worker_threads costs start-up time.
        const threads = createRequire(import.meta.url)("node:worker_threads") as typeof WorkerThreads;
        worker = new threads.Worker(new URL("./schema-worker.js", bundleUrl), { workerData: { validators } });
      } catch {
        broken = true;
        return;
      }
      worker.unref();
      worker.on("message", (violation: { method: string; errors: string[] }) => emit({ kind: "appserver.schema-violation", ...violation }));
      worker.on("error", () => {
        broken = true;
      });
    }
    worker.postMessage(info.requestMethod === undefined ? { message } : { message, requestMethod: info.requestMethod });
  };
}

export interface ServeOptions {
  readonly argv: readonly string[];
  readonly env: Env;
  /** The validated fault script. */
  readonly script: FakeCodexScript;
  /** Every `-c` (and `--enable`/`--disable`) of the command line, in order. */
  readonly overrides: readonly ConfigOverride[];
  /** The built entry's URL; the schema worker sits beside it. */
  readonly bundleUrl: string;
  /** Run `codex exec` with these arguments (after `exec`, `-c` taken out) instead of the app-server. */
  readonly exec?: readonly string[];
}

/** Serves `codex app-server` over this process's stdio until it ends. */
export function serveFakeCodex(options: ServeOptions): void {
  const { argv, env, bundleUrl } = options;
  const codexHome = env["CODEX_HOME"] ?? `${env["HOME"] ?? "/tmp"}/.codex`;
  let config: CodexConfig;
  try {
    config = loadCodexConfig({ codexHome, overrides: options.overrides, readText: (path) => readFileSync(path, "utf8") });
  } catch (error) {
    if (!(error instanceof CodexConfigError)) throw error;
    // As the real binary: the message on stderr, exit 1, before reading any input.
    process.stderr.write(`Error: ${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const loaded = withConfig(options.script, config);
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
  const maxBytes = Number(env["FAKE_CODEX_TRANSCRIPT_MAX_BYTES"] ?? DEFAULT_TRANSCRIPT_MAX_BYTES);
  if (transcriptPath !== undefined && transcriptPath !== "") transcript = fileTranscript(transcriptPath, world.clock, Number.isFinite(maxBytes) && maxBytes > 0 ? maxBytes : DEFAULT_TRANSCRIPT_MAX_BYTES);
  transcript.record({ dir: "start", pid: process.pid, argv: [...argv], seed: world.seed, processIndex });
  // Checked messages only matter where they are recorded: on with a transcript, FAKE_CODEX_VALIDATE=0|1 decides.
  const validate = env["FAKE_CODEX_VALIDATE"] === undefined ? transcript !== noTranscript : env["FAKE_CODEX_VALIDATE"] === "1";
  const identity: ClientIdentity = {};
  const learn = identityTap(identity);
  const check: SentMessageTap | undefined = validate ? workerSchemaTap(emit, bundleUrl) : undefined;
  const onSent: SentMessageTap = (message, info) => {
    learn(message, info);
    check?.(message, info);
  };
  if (options.exec !== undefined) {
    // exec plays the script's model itself (turns counted per thread, so a resumed thread goes on); a model API is passed in.
    const external = (modelUrl !== undefined && modelUrl !== "") || usesConfiguredProvider(options.script, config);
    const model = external ? modelFor(env, world, options.script, config) : undefined;
    runExecProcess({ argv: options.exec, world, script, processIndex, transcript, codexHome, ...(model === undefined ? {} : { model }) });
    return;
  }
  const session = { model: config.model, modelProvider: config.modelProvider.id, config: { model: config.model, model_provider: config.modelProvider.id, ...config.table } };
  runStdioServer({ world, script, model: modelFor(env, world, options.script, config, identity), processIndex, transcript, onSent, codexHome, session });
}
