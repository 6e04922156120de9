/**
 * Drives OpenClaw's published Codex app-server attempt (`runCodexAppServerAttempt`, found by
 * content in the installed package) against a fake `codex`. Runs under the Node the release needs,
 * in its own session (OpenClaw kills its app-server child by process group), and writes one JSON
 * result file; OpenClaw's own logging goes to stdout/stderr untouched.
 *
 * argv[2]: path of a JSON request { installDir, packageName, story, codexCommand, workDir, resultFile,
 * progressFile, attemptTimeoutMs, secondTimeoutMs?, requestTimeoutMs, storyDeadlineMs }. Stories: `single` (one top-level attempt), `spawned-helper`
 * (a helper spawned by the parent starts when the parent's answer starts streaming) and
 * `second-top-level` (the same, but the second attempt is another top-level session).
 *
 * `storyDeadlineMs` counts from the moment the release is loaded: an attempt still unsettled then
 * is reported as pending (`hang`) and the driver exits, so a release that is never told of a fault
 * is judged without waiting out its own timeouts.
 */
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import module from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const request = JSON.parse(readFileSync(process.argv[2], "utf8"));
const distDir = join(request.installDir, "node_modules", request.packageName, "dist");
const loaded = new Set();

// Every module file of the package that is actually loaded, to name (and hash) in the report.
module.registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith("file:")) loaded.add(fileURLToPath(url));
    return nextLoad(url, context);
  },
});

/** The chunk exporting runCodexAppServerAttempt: per-build hashed names, so found by content. */
function findAttemptChunk() {
  const candidates = [join(distDir, "extensions", "codex"), distDir];
  for (const dir of candidates) {
    let names;
    try {
      names = readdirSync(dir).filter((n) => n.endsWith(".js")).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const text = readFileSync(join(dir, name), "utf8");
      if (/export\s*\{[^}]*\brunCodexAppServerAttempt\b[^}]*\}/.test(text)) return join(dir, name);
    }
  }
  throw new Error(`no module exporting runCodexAppServerAttempt under ${distDir}`);
}

function registrySnapshot() {
  const state = globalThis[Symbol.for("openclaw.codexAppServerClientState")];
  if (state === undefined || state === null) return { entries: 0, withClient: 0 };
  if (state.clients instanceof Map) {
    const entries = [...state.clients.values()];
    return { entries: entries.length, withClient: entries.filter((e) => e.client !== undefined && e.client !== null).length };
  }
  const has = state.client !== undefined && state.client !== null;
  return { entries: has || state.promise ? 1 : 0, withClient: has ? 1 : 0 };
}

function attemptParams(label, extra) {
  const dir = join(request.workDir, label);
  mkdirSync(join(dir, "workspace"), { recursive: true });
  // One agent dir for every attempt: OpenClaw keys its shared app-server client by it.
  mkdirSync(join(request.workDir, "agent"), { recursive: true });
  return {
    prompt: `${label}: summarize the repo`,
    runId: `run-${label}`,
    sessionId: `session-${label}`,
    sessionFile: join(dir, "session.jsonl"),
    workspaceDir: join(dir, "workspace"),
    agentDir: join(request.workDir, "agent"),
    agentId: "main",
    provider: "openai",
    modelId: "gpt-5.5",
    model: { id: "gpt-5.5", name: "gpt-5.5", provider: "openai", api: "openai-responses", reasoning: true, input: ["text"], contextWindow: 200000, maxTokens: 32000, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } },
    config: {},
    timeoutMs: request.attemptTimeoutMs,
    disableTools: true,
    trigger: "user",
    ...extra,
  };
}

const options = {
  pluginConfig: { appServer: { command: request.codexCommand, args: ["app-server", "--listen", "stdio://"], requestTimeoutMs: request.requestTimeoutMs } },
};

function describe(value) {
  if (value instanceof Error) return value.message;
  return typeof value === "string" ? value : JSON.stringify(value);
}

async function settle(label, promise, startedAt) {
  const r = await settleInner(label, promise, startedAt);
  settled.set(label, r);
  return r;
}

async function settleInner(label, promise, startedAt) {
  progress({ attempt: label, event: "started" });
  pending.add(label);
  try {
    const r = await promise;
    progress({ attempt: label, event: "settled" });
    pending.delete(label);
    const text = Array.isArray(r?.assistantTexts) ? r.assistantTexts.join("\n").trim() : "";
    return {
      label,
      threw: false,
      error: null,
      promptError: r?.promptError === undefined || r?.promptError === null ? null : describe(r.promptError),
      timedOut: r?.timedOut === true,
      aborted: r?.aborted === true,
      assistantText: text,
      durationMs: Date.now() - startedAt,
    };
  } catch (error) {
    progress({ attempt: label, event: "settled" });
    pending.delete(label);
    return { label, threw: true, error: describe(error), promptError: null, timedOut: false, aborted: false, assistantText: "", durationMs: Date.now() - startedAt };
  }
}

/** One JSON line per attempt start and end, so a run killed at its deadline still says what was pending. */
function progress(event) {
  appendFileSync(request.progressFile, `${JSON.stringify({ ...event, atMs: Date.now() - t0 })}\n`);
}

function write(result) {
  writeFileSync(request.resultFile, JSON.stringify(result));
}

const t0 = Date.now();
const chunk = findAttemptChunk();
const { runCodexAppServerAttempt } = await import(pathToFileURL(chunk).href);
progress({ event: "ready", loadMs: Date.now() - t0 });
const pending = new Set();
/** Attempt results by label, as they settle (a deadline report keeps the ones that did). */
const settled = new Map();
const phases = [];
let second;
let secondTrigger = null;
const secondLabel = request.story === "spawned-helper" ? "helper" : "second";
let atSecondEnd = null;
let parentDone = false;

/** The second attempt starts once the parent's answer is streaming (2026.5+ reports the phase; 2026.4 only the partial reply). */
function startSecond(trigger) {
  if (second !== undefined || request.story === "single") return;
  secondTrigger = trigger;
  const helper = request.story === "spawned-helper";
  const label = secondLabel;
  const extra = helper ? { sessionKey: "agent:main:subagent:helper", spawnedBy: "agent:main:main" } : { sessionKey: "agent:main:other" };
  const timeout = request.secondTimeoutMs === undefined ? {} : { timeoutMs: request.secondTimeoutMs };
  second = settle(label, runCodexAppServerAttempt(attemptParams(label, { ...extra, ...timeout }), options), Date.now()).then((r) => {
    atSecondEnd = { parentSettled: parentDone, registry: registrySnapshot() };
    return r;
  });
}

const parent = settle(
  "parent",
  runCodexAppServerAttempt(
    attemptParams("parent", {
      sessionKey: "agent:main:main",
      onExecutionPhase: (event) => {
        phases.push(event?.phase ?? String(event));
        if (event?.phase === "assistant_output_started") startSecond("onExecutionPhase:assistant_output_started");
      },
      onAssistantMessageStart: () => startSecond("onAssistantMessageStart"),
    }),
    options,
  ),
  t0,
);
void parent.then(() => (parentDone = true));

function modulesLoaded() {
  return [...loaded]
    .filter((file) => file.startsWith(request.installDir))
    .sort()
    .map((file) => ({ file: relative(request.installDir, file), sha256: createHash("sha256").update(readFileSync(file)).digest("hex") }));
}

const common = () => ({ node: process.version, chunk: relative(request.installDir, chunk), phases, secondTrigger, atSecondEnd, registryAtEnd: registrySnapshot() });
const deadline = setTimeout(() => {
  write({ ...common(), hang: { pendingAttempts: [...pending], afterMs: request.storyDeadlineMs }, parent: settled.get("parent") ?? null, second: settled.get(secondLabel) ?? null, modules: modulesLoaded() });
  process.exit(0);
}, request.storyDeadlineMs);
const parentResult = await parent;
const secondResult = second === undefined ? null : await second;
clearTimeout(deadline);
write({ ...common(), hang: null, parent: parentResult, second: secondResult, modules: modulesLoaded() });
// OpenClaw keeps its shared client (and timers) alive; the result is written, so end here.
process.exit(0);
